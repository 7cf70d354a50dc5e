-- Benchmark data. psql variables: medicines (orders scenarios), stream_rows (inventory-stream).
-- ORDERS store: one long-dated batch per medicine with ample stock; STREAM store: stream_rows batches.
-- Stock enters with RECEIPT movements, so the ledger invariant holds from the start.
\set ON_ERROR_STOP on
INSERT INTO stores (code, name, city, active, created_at, updated_at, created_by, updated_by)
VALUES ('BENCH', 'Bench orders', 'Pune', TRUE, now(), now(), 'bench', 'bench'),
       ('STREAM', 'Bench stream', 'Pune', TRUE, now(), now(), 'bench', 'bench');

INSERT INTO medicines (sku, name, generic_name, prescription_required, reorder_level, active, created_at, updated_at,
                       created_by, updated_by)
SELECT 'BM-' || lpad(g::text, 5, '0'), 'Bench medicine ' || g, 'Benchamol', FALSE, 10, TRUE, now(), now(), 'bench',
       'bench'
FROM generate_series(1, :medicines) g;

INSERT INTO batches (medicine_id, batch_number, expiry_date, mrp, created_at, updated_at, created_by, updated_by)
SELECT id, 'BO-' || id, current_date + 730, 12.50, now(), now(), 'bench', 'bench' FROM medicines WHERE sku LIKE 'BM-%';

INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by, updated_by)
SELECT (SELECT id FROM stores WHERE code = 'BENCH'), b.id, b.medicine_id, 100000000, now(), now(), 'bench', 'bench'
FROM batches b WHERE b.batch_number LIKE 'BO-%';

-- STREAM: stream_rows / medicines batches per medicine.
INSERT INTO batches (medicine_id, batch_number, expiry_date, mrp, created_at, updated_at, created_by, updated_by)
SELECT m.id, 'BS-' || m.id || '-' || g, current_date + 30 + g % 700, 5 + (g % 95), now(), now(), 'bench', 'bench'
FROM medicines m CROSS JOIN generate_series(1, :stream_rows / :medicines) g WHERE m.sku LIKE 'BM-%';

INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by, updated_by)
SELECT (SELECT id FROM stores WHERE code = 'STREAM'), b.id, b.medicine_id, 1 + b.id % 97, now(), now(), 'bench', 'bench'
FROM batches b WHERE b.batch_number LIKE 'BS-%';

INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason, reference_type,
                             reference_id, actor, occurred_at, note, created_at, updated_at, created_by, updated_by)
SELECT store_id, batch_id, medicine_id, quantity, quantity, 'RECEIPT', 'RECEIPT', 0, 'bench', now(), 'bench seed',
       now(), now(), 'bench', 'bench'
FROM stock;

ANALYZE;

-- orders.pgbench numbers its orders from this (far above the service's own numbers).
CREATE SEQUENCE bench_order_numbers START 10000000;
