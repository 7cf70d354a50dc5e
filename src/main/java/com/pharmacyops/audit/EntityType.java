package com.pharmacyops.audit;

/** What a write changed, as the audit log records it in {@code entity_type}. */
public enum EntityType {
    USER, STORE, MEDICINE, BATCH, ORDER, STOCK_RECEIPT, STOCK_ADJUSTMENT
}
