-- Keys that tie a row to its parents, so the database itself refuses a row that contradicts them: the medicine
-- of stock, a movement or an allocation is its batch's medicine; the store of an order line or an allocation is
-- its order's store (and of a receipt or adjustment line, its document's); an allocation belongs to its line's
-- order and medicine. Each composite key replaces the single-column foreign key it contains.
ALTER TABLE batches ADD CONSTRAINT batches_id_medicine_uq UNIQUE (id, medicine_id);

ALTER TABLE stock
    DROP CONSTRAINT stock_batch_id_fkey,
    ADD CONSTRAINT stock_batch_medicine_fkey FOREIGN KEY (batch_id, medicine_id) REFERENCES batches (id, medicine_id);

ALTER TABLE stock_movements
    DROP CONSTRAINT stock_movements_batch_id_fkey,
    ADD CONSTRAINT stock_movements_batch_medicine_fkey
        FOREIGN KEY (batch_id, medicine_id) REFERENCES batches (id, medicine_id);

ALTER TABLE orders
    ADD CONSTRAINT orders_id_store_uq UNIQUE (id, store_id),
    ADD CONSTRAINT orders_cancelled_check CHECK (status <> 'CANCELLED' OR cancelled_at IS NOT NULL);

ALTER TABLE order_items
    DROP CONSTRAINT order_items_order_id_fkey,
    ADD CONSTRAINT order_items_order_store_fkey
        FOREIGN KEY (order_id, store_id) REFERENCES orders (id, store_id) ON DELETE CASCADE,
    ADD CONSTRAINT order_items_id_order_medicine_uq UNIQUE (id, order_id, medicine_id);

-- Allocations name their medicine so that both keys can hold it: the line's and the batch's.
ALTER TABLE order_allocations ADD COLUMN medicine_id BIGINT;
UPDATE order_allocations a SET medicine_id = i.medicine_id FROM order_items i WHERE i.id = a.order_item_id;
ALTER TABLE order_allocations
    ALTER COLUMN medicine_id SET NOT NULL,
    DROP CONSTRAINT order_allocations_order_id_fkey,
    DROP CONSTRAINT order_allocations_order_item_id_fkey,
    DROP CONSTRAINT order_allocations_batch_id_fkey,
    ADD CONSTRAINT order_allocations_order_store_fkey FOREIGN KEY (order_id, store_id) REFERENCES orders (id, store_id),
    ADD CONSTRAINT order_allocations_item_fkey
        FOREIGN KEY (order_item_id, order_id, medicine_id) REFERENCES order_items (id, order_id, medicine_id),
    ADD CONSTRAINT order_allocations_batch_medicine_fkey
        FOREIGN KEY (batch_id, medicine_id) REFERENCES batches (id, medicine_id);

ALTER TABLE stock_receipts ADD CONSTRAINT stock_receipts_id_store_uq UNIQUE (id, store_id);
ALTER TABLE stock_receipt_items
    DROP CONSTRAINT stock_receipt_items_receipt_id_fkey,
    ADD CONSTRAINT stock_receipt_items_receipt_store_fkey
        FOREIGN KEY (receipt_id, store_id) REFERENCES stock_receipts (id, store_id);

ALTER TABLE stock_adjustments ADD CONSTRAINT stock_adjustments_id_store_uq UNIQUE (id, store_id);
ALTER TABLE stock_adjustment_items
    DROP CONSTRAINT stock_adjustment_items_adjustment_id_fkey,
    ADD CONSTRAINT stock_adjustment_items_adjustment_store_fkey
        FOREIGN KEY (adjustment_id, store_id) REFERENCES stock_adjustments (id, store_id);
