package com.pharmacyops.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;

/** Test helpers: stock to send and transfer bodies. */
final class Transfers {

    private Transfers() {
    }

    static String url(long storeId) {
        return "/api/v1/stores/" + storeId + "/transfers";
    }

    /** A new batch of a new medicine with {@code quantity} units in the store (row and RECEIPT movement). */
    static long stocked(long storeId, int quantity) {
        long batch = Catalog.batch(Catalog.medicine());
        Catalog.seedStock(storeId, batch, quantity);
        return batch;
    }

    static long medicineOf(long batchId) {
        return ((Number) Db.value("SELECT medicine_id FROM batches WHERE id = ?", batchId)).longValue();
    }

    /** {toStoreId, note, items: [{batchId, quantity}…]} from pairs of batch and quantity. */
    static Map<String, Object> body(long to, Object... batchAndQuantity) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < batchAndQuantity.length; i += 2) {
            items.add(Map.of("batchId", batchAndQuantity[i], "quantity", batchAndQuantity[i + 1]));
        }
        return Map.of("toStoreId", to, "note", "weekly balance", "items", items);
    }

    /** What a refused request must leave as it was, transfers included. */
    static String snapshot() {
        return com.pharmacyops.support.Snapshot.of() + "/" + Db.value("""
                SELECT concat_ws('/', (SELECT count(*) FROM transfers), (SELECT max(updated_at) FROM transfers),
                    (SELECT count(*) FROM transfer_items), (SELECT max(updated_at) FROM transfer_items),
                    (SELECT max(updated_at) FROM stock))""");
    }
}
