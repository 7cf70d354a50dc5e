package com.pharmacyops.order;

/** CREATED → CONFIRMED → CANCELLED, or CREATED → CANCELLED. CANCELLED is final. */
public enum OrderStatus {
    CREATED, CONFIRMED, CANCELLED
}
