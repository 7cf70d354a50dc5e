package com.pharmacyops.inventory;

public enum AdjustmentReason {
    DAMAGED, EXPIRED, LOST, COUNT_CORRECTION, RETURN_TO_SUPPLIER,
    /** Writes off stock of an ON_HOLD or RECALLED batch; negative deltas only (AdjustmentService). */
    RECALLED
}
