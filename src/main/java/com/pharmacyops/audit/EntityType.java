package com.pharmacyops.audit;

/** What a write changed, as the audit log records it in {@code entity_type}. */
public enum EntityType {
    USER, STORE, MEDICINE, BATCH, ORDER, STOCK_RECEIPT, STOCK_ADJUSTMENT,
    /** A transfer between two stores, recorded with the store whose stock the step moved. */
    TRANSFER,
    /** A login attempt; the entity id is the username as typed, lower-cased (it may name no user). */
    LOGIN,
    /** An operation, as method and path template ("POST /api/v1/stores"); for refused writes. */
    ENDPOINT
}
