-- The inventory list's columns on the stock row. A list (page or stream) joined every stock row to its batch and
-- medicine: for a whole store PostgreSQL hash-joined and sorted all of it (a cursor runs that serially, 2.2 s of one
-- backend per million rows), and reading stock_store_expiry_idx in order instead cost two index probes per row.
-- With the batch's number and price and the medicine's name and SKU here (as V6 did for expiry and V8 for status),
-- the list reads stock alone: the default order is that index, with no join and no sort.
ALTER TABLE stock
    ADD COLUMN batch_number VARCHAR(50),
    ADD COLUMN mrp NUMERIC(10,2),
    ADD COLUMN medicine_name VARCHAR(200),
    ADD COLUMN sku VARCHAR(40);
UPDATE stock s SET batch_number = b.batch_number, mrp = b.mrp, medicine_name = m.name, sku = m.sku
FROM batches b, medicines m WHERE b.id = s.batch_id AND m.id = s.medicine_id;
ALTER TABLE stock
    ALTER COLUMN batch_number SET NOT NULL,
    ALTER COLUMN mrp SET NOT NULL,
    ALTER COLUMN medicine_name SET NOT NULL,
    ALTER COLUMN sku SET NOT NULL;

-- Kept right by the database: taken when a stock row is written (an update of quantity alone, the ledger's, fires
-- nothing), and not settable apart from the batch and medicine they copy.
CREATE FUNCTION stock_listing_from_master() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT b.batch_number, b.mrp INTO NEW.batch_number, NEW.mrp FROM batches b WHERE b.id = NEW.batch_id;
    SELECT m.name, m.sku INTO NEW.medicine_name, NEW.sku FROM medicines m WHERE m.id = NEW.medicine_id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER stock_listing_from_master
    BEFORE INSERT OR UPDATE OF batch_id, medicine_id, batch_number, mrp, medicine_name, sku ON stock
    FOR EACH ROW EXECUTE FUNCTION stock_listing_from_master();

-- A batch's number and price change only before it moves (V2); a medicine's name any time. The copies follow,
-- their rows locked in id order, the order the ledger locks stock in, so a rename cannot deadlock a confirmation.
-- A medicine's stock rows are found through its batches (batches_expiry_idx, then stock_batch_idx), not by a scan.
CREATE FUNCTION batch_listing_to_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE stock s SET batch_number = NEW.batch_number, mrp = NEW.mrp
    FROM (SELECT id FROM stock WHERE batch_id = NEW.id ORDER BY id FOR UPDATE) l WHERE s.id = l.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER batch_listing_to_stock AFTER UPDATE OF batch_number, mrp ON batches
    FOR EACH ROW WHEN ((NEW.batch_number, NEW.mrp) IS DISTINCT FROM (OLD.batch_number, OLD.mrp))
    EXECUTE FUNCTION batch_listing_to_stock();

CREATE FUNCTION medicine_listing_to_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE stock s SET medicine_name = NEW.name, sku = NEW.sku
    FROM (SELECT id FROM stock WHERE batch_id IN (SELECT b.id FROM batches b WHERE b.medicine_id = NEW.id)
          ORDER BY id FOR UPDATE) l WHERE s.id = l.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER medicine_listing_to_stock AFTER UPDATE OF name, sku ON medicines
    FOR EACH ROW WHEN ((NEW.name, NEW.sku) IS DISTINCT FROM (OLD.name, OLD.sku))
    EXECUTE FUNCTION medicine_listing_to_stock();
