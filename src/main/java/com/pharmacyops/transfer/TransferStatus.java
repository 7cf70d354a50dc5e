package com.pharmacyops.transfer;

/** DISPATCHED (stock has left the source) → RECEIVED (stock entered the destination) or CANCELLED (stock back). */
public enum TransferStatus {
    DISPATCHED, RECEIVED, CANCELLED
}
