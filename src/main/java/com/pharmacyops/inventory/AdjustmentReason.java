package com.pharmacyops.inventory;

public enum AdjustmentReason {
    DAMAGED, EXPIRED, LOST, COUNT_CORRECTION, RETURN_TO_SUPPLIER
}
