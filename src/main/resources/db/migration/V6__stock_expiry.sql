-- Inventory pages and streams are ordered by expiry, which lives on the batch: an order over a join cannot come
-- from an index, so every page sorted all of a store's stock. The stock row keeps a copy of its batch's expiry,
-- and (store, expiry, batch) over the sellable rows is the list's default order: a page is a range of this index.
ALTER TABLE stock ADD COLUMN expiry_date DATE;
UPDATE stock s SET expiry_date = b.expiry_date FROM batches b WHERE b.id = s.batch_id;
ALTER TABLE stock ALTER COLUMN expiry_date SET NOT NULL;
CREATE INDEX stock_store_expiry_idx ON stock (store_id, expiry_date, batch_id) WHERE quantity > 0;

-- Kept right by the database rather than by each INSERT (the ledger, seeds, fixtures): the copy is taken from the
-- batch when a stock row is written, and follows the batch if its expiry is corrected (allowed before it moves).
CREATE FUNCTION stock_expiry_from_batch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.expiry_date := (SELECT expiry_date FROM batches WHERE id = NEW.batch_id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER stock_expiry_from_batch BEFORE INSERT OR UPDATE OF batch_id, expiry_date ON stock
    FOR EACH ROW EXECUTE FUNCTION stock_expiry_from_batch();

CREATE FUNCTION batch_expiry_to_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE stock SET expiry_date = NEW.expiry_date WHERE batch_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER batch_expiry_to_stock AFTER UPDATE OF expiry_date ON batches
    FOR EACH ROW WHEN (NEW.expiry_date IS DISTINCT FROM OLD.expiry_date) EXECUTE FUNCTION batch_expiry_to_stock();
