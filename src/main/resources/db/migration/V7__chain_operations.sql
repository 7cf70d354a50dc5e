-- The vocabulary of the chain stock operations (DESIGN §5.1), in one migration so that batch holds, customer
-- returns and transfers each add only their own tables: the ledger's reasons and references, the adjustment
-- reason that writes recalled stock off, and the batch status that keeps held and recalled stock from sale.
ALTER TABLE stock_movements
    DROP CONSTRAINT stock_movements_reason_check,
    ADD CONSTRAINT stock_movements_reason_check CHECK (reason IN ('SALE', 'SALE_CANCELLATION', 'RECEIPT', 'ADJUSTMENT',
        'CUSTOMER_RETURN', 'TRANSFER_OUT', 'TRANSFER_IN', 'TRANSFER_CANCELLATION')),
    DROP CONSTRAINT stock_movements_adjustment_reason_check,
    ADD CONSTRAINT stock_movements_adjustment_reason_check CHECK (adjustment_reason IN ('DAMAGED', 'EXPIRED', 'LOST',
        'COUNT_CORRECTION', 'RETURN_TO_SUPPLIER', 'RECALLED')),
    DROP CONSTRAINT stock_movements_reference_type_check,
    ADD CONSTRAINT stock_movements_reference_type_check CHECK (reference_type IN ('ORDER', 'RECEIPT', 'ADJUSTMENT',
        'RETURN', 'TRANSFER'));

ALTER TABLE stock_adjustments
    DROP CONSTRAINT stock_adjustments_reason_check,
    ADD CONSTRAINT stock_adjustments_reason_check CHECK (reason IN ('DAMAGED', 'EXPIRED', 'LOST', 'COUNT_CORRECTION',
        'RETURN_TO_SUPPLIER', 'RECALLED'));

-- Not covered by the immutability trigger of V2: a batch that has moved stock can still be held or recalled.
ALTER TABLE batches ADD COLUMN status VARCHAR(20) NOT NULL DEFAULT 'ACTIVE'
    CHECK (status IN ('ACTIVE', 'ON_HOLD', 'RECALLED'));

-- Live events resume from a ledger id within one store (Last-Event-ID): a range of this index.
CREATE INDEX stock_movements_store_id_idx ON stock_movements (store_id, id);
