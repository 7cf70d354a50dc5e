package com.pharmacyops.inventory;

/** Why stock moved: the ledger's reasons. */
public enum MovementReason {
    SALE, SALE_CANCELLATION, RECEIPT, ADJUSTMENT, CUSTOMER_RETURN, TRANSFER_OUT, TRANSFER_IN, TRANSFER_CANCELLATION
}
