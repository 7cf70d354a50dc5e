package com.pharmacyops.product;

/**
 * Whether a batch may be sold: ACTIVE; ON_HOLD (kept from sale, may be released); RECALLED (final). Stock rows
 * carry a copy ({@code stock.batch_status}, V8) that confirmation locks and checks.
 */
public enum BatchStatus {
    ACTIVE, ON_HOLD, RECALLED
}
