-- A batch that has moved stock is history: its number, expiry and MRP explain ledger entries and prices.
CREATE FUNCTION batch_immutable_once_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.batch_number, NEW.expiry_date, NEW.mrp, NEW.manufactured_on, NEW.medicine_id)
           IS DISTINCT FROM (OLD.batch_number, OLD.expiry_date, OLD.mrp, OLD.manufactured_on, OLD.medicine_id)
       AND EXISTS (SELECT 1 FROM stock_movements WHERE batch_id = OLD.id) THEN
        RAISE EXCEPTION 'batch % has stock movements and cannot change', OLD.id USING ERRCODE = 'P0002';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER batches_immutable_once_moved BEFORE UPDATE ON batches
    FOR EACH ROW EXECUTE FUNCTION batch_immutable_once_moved();

CREATE INDEX medicines_name_idx ON medicines (lower(name));
CREATE INDEX batches_expiry_idx ON batches (medicine_id, expiry_date);
