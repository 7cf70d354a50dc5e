-- Batch hold and recall (DESIGN §5.1). Who put the batch in its status, when and why.
ALTER TABLE batches
    ADD COLUMN status_reason VARCHAR(500),
    ADD COLUMN status_changed_by VARCHAR(64),
    ADD COLUMN status_changed_at TIMESTAMPTZ;

-- Confirmation locks stock rows FOR UPDATE OF stock in READ COMMITTED: a row it waited for is re-checked on its
-- new version (EvalPlanQual), but a joined batch row is not. So the stock row keeps a copy of its batch's status
-- (as V6 does for expiry): a hold's UPDATE of the batch rewrites the copies, which takes their row locks (it waits
-- for confirmations holding them) and makes a confirmation waiting on them re-check the held status and skip it.
ALTER TABLE stock ADD COLUMN batch_status VARCHAR(20);
UPDATE stock s SET batch_status = b.status FROM batches b WHERE b.id = s.batch_id;
ALTER TABLE stock ALTER COLUMN batch_status SET NOT NULL;

-- A new stock row takes its batch's status under FOR SHARE: a hold in progress (it holds the batch row) makes
-- the insert wait and read the committed status, and an insert in progress makes the hold wait, then rewrite
-- the new row too. Without the lock a row inserted during a hold would keep ACTIVE for good.
CREATE FUNCTION stock_status_from_batch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.batch_status := (SELECT status FROM batches WHERE id = NEW.batch_id FOR SHARE);
    RETURN NEW;
END;
$$;
CREATE TRIGGER stock_status_from_batch BEFORE INSERT OR UPDATE OF batch_id ON stock
    FOR EACH ROW EXECUTE FUNCTION stock_status_from_batch();

CREATE FUNCTION batch_status_to_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE stock SET batch_status = NEW.status WHERE batch_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER batch_status_to_stock AFTER UPDATE OF status ON batches
    FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status) EXECUTE FUNCTION batch_status_to_stock();

-- The trace of a batch: the confirmed orders it was sold in, and the stores that hold it.
CREATE INDEX order_allocations_batch_idx ON order_allocations (batch_id);
CREATE INDEX stock_batch_idx ON stock (batch_id);
