package com.pharmacyops.order;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.vertx.mutiny.sqlclient.Row;

/** The rows of the return tables as {@link ReturnRepository} reads them; column positions are fixed by its SQL. */
final class ReturnRows {

    private ReturnRows() {
    }

    /** An allocation of an order with what customers returned of it and the state of its batch. */
    record Sold(long allocationId, long itemId, long batchId, long medicineId, int quantity, int returned,
            BigDecimal unitPrice, LocalDate expiryDate, String batchStatus) {

        int returnable() {
            return quantity - returned;
        }
    }

    /** What customers returned of one order line, and its refund. */
    record Returned(long orderId, long itemId, int quantity, BigDecimal refund) {
    }

    /** Units of a line returned to one allocation (so to its batch), at the allocation's price. */
    record Portion(long itemId, long allocationId, long batchId, long medicineId, int quantity, BigDecimal unitPrice,
            boolean restock) {
    }

    static Sold sold(Row r) {
        return new Sold(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getInteger(4), r.getInteger(5),
                r.getBigDecimal(6), r.getLocalDate(7), r.getString(8));
    }

    static Returned returned(Row r) {
        return new Returned(r.getLong(0), r.getLong(1), r.getInteger(2), r.getBigDecimal(3));
    }
}
