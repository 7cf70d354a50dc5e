package com.pharmacyops.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.pharmacyops.audit.Auditable;
import com.pharmacyops.platform.persistence.RowSets;

import io.vertx.mutiny.sqlclient.Row;

/** The rows of the order tables as the repository reads them; column positions are fixed by its SQL. */
final class OrderRows {

    private OrderRows() {
    }

    /** The columns {@link #order} reads, in its order; {@code o} is the orders table. */
    static final String ORDER_COLUMNS = """
            o.id, o.store_id, o.order_number, o.status, o.customer_name, o.customer_phone, o.prescription_reference,
            o.total, o.version, o.created_at, o.created_by, o.updated_at, o.updated_by, o.confirmed_by,
            o.confirmed_at, o.cancelled_by, o.cancelled_at, o.cancel_reason""";

    record Order(long id, long storeId, String orderNumber, OrderStatus status, String customerName,
            String customerPhone, String prescriptionReference, BigDecimal total, long version, Instant createdAt,
            String createdBy, Instant updatedAt, String updatedBy, String confirmedBy, Instant confirmedAt,
            String cancelledBy, Instant cancelledAt, String cancelReason) implements Auditable {

        /** The order's own fields; its lines are recorded by the events that change them. */
        @Override
        public Map<String, Object> auditState() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("orderNumber", orderNumber);
            m.put("status", status);
            m.put("customerName", customerName);
            m.put("customerPhone", customerPhone);
            m.put("prescriptionReference", prescriptionReference);
            m.put("total", total);
            return m;
        }
    }

    /** An order locked for this transaction, with what a write needs to know of its store. */
    record Locked(Order order, String storeCode, boolean storeActive) {
    }

    /** An order line with what the view and the prescription rule need of its medicine. */
    record Item(long id, long orderId, long medicineId, int quantity, String medicineName,
            boolean prescriptionRequired) {
    }

    /** Units of a line served from a batch at its price. */
    record Allocation(long itemId, long orderId, long batchId, long medicineId, String batchNumber, int quantity,
            BigDecimal unitPrice) {
    }

    /** A medicine as an order line sees it. */
    record Medicine(long id, String sku, String name, boolean prescriptionRequired, boolean active) {
    }

    static Order order(Row r, int at) {
        return new Order(r.getLong(at), r.getLong(at + 1), r.getString(at + 2),
                OrderStatus.valueOf(r.getString(at + 3)), r.getString(at + 4), r.getString(at + 5),
                r.getString(at + 6), r.getBigDecimal(at + 7), r.getLong(at + 8), instant(r, at + 9),
                r.getString(at + 10), instant(r, at + 11), r.getString(at + 12), r.getString(at + 13),
                instant(r, at + 14), r.getString(at + 15), instant(r, at + 16), r.getString(at + 17));
    }

    static Item item(Row r) {
        return new Item(r.getLong(0), r.getLong(1), r.getLong(2), r.getInteger(3), r.getString(4), r.getBoolean(5));
    }

    static Allocation allocation(Row r) {
        return new Allocation(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getString(4),
                r.getInteger(5), r.getBigDecimal(6));
    }

    static Medicine medicine(Row r) {
        return new Medicine(r.getLong(0), r.getString(1), r.getString(2), r.getBoolean(3), r.getBoolean(4));
    }

    private static Instant instant(Row r, int at) {
        return RowSets.instant(r, at);
    }
}
