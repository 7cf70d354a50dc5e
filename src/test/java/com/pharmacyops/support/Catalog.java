package com.pharmacyops.support;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Medicines and batches written straight to the database, for tests that need them as given. */
public final class Catalog {

    private Catalog() {
    }

    public static long medicine(boolean prescriptionRequired, int reorderLevel) {
        String sku = "SKU-" + Fixtures.unique();
        return Db.insert("""
                INSERT INTO medicines (sku, name, generic_name, prescription_required, reorder_level, active,
                                       created_at, updated_at, created_by, updated_by)
                VALUES (?, ?, 'Testamol', ?, ?, TRUE, now(), now(), 'test', 'test')""",
                sku, "Medicine " + sku, prescriptionRequired, reorderLevel);
    }

    public static long medicine() {
        return medicine(false, 0);
    }

    public static long batch(long medicineId, LocalDate expiry, String mrp) {
        return Db.insert("""
                INSERT INTO batches (medicine_id, batch_number, expiry_date, mrp, created_at, updated_at,
                                     created_by, updated_by)
                VALUES (?, ?, ?, ?, now(), now(), 'test', 'test')""",
                medicineId, "B-" + Fixtures.unique(), expiry, new BigDecimal(mrp));
    }

    public static long batch(long medicineId) {
        return batch(medicineId, LocalDate.now().plusYears(1), "10.00");
    }

    /** Stock as history would have left it: a row and its RECEIPT movement (expired batches included). */
    public static void seedStock(long storeId, long batchId, int quantity) {
        long medicine = ((Number) Db.value("SELECT medicine_id FROM batches WHERE id = ?", batchId)).longValue();
        Db.exec("""
                INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by, updated_by)
                VALUES (?, ?, ?, ?, now(), now(), 'test', 'test')""", storeId, batchId, medicine, quantity);
        Db.exec("""
                INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason,
                    reference_type, reference_id, actor, occurred_at, created_at, updated_at, created_by, updated_by)
                VALUES (?, ?, ?, ?, ?, 'RECEIPT', 'RECEIPT', 0, 'test', now(), now(), now(), 'test', 'test')""",
                storeId, batchId, medicine, quantity, quantity);
    }

    public static int stock(long storeId, long batchId) {
        Object q = Db.value("SELECT quantity FROM stock WHERE store_id = ? AND batch_id = ?", storeId, batchId);
        return q == null ? 0 : ((Number) q).intValue();
    }
}
