package com.pharmacyops.support;

/** What a refused request must leave as it was: the size and last change of every table a request writes. */
public final class Snapshot {

    private Snapshot() {
    }

    public static String of() {
        return Db.value("""
                SELECT concat_ws('/', (SELECT count(*) FROM medicines), (SELECT max(updated_at) FROM medicines),
                    (SELECT count(*) FROM batches), (SELECT max(updated_at) FROM batches),
                    (SELECT count(*) FROM stores), (SELECT max(updated_at) FROM stores),
                    (SELECT count(*) FROM users), (SELECT max(updated_at) FROM users),
                    (SELECT count(*) FROM user_stores), (SELECT count(*) FROM orders),
                    (SELECT max(updated_at) FROM orders), (SELECT count(*) FROM stock_receipts),
                    (SELECT count(*) FROM stock_adjustments), (SELECT count(*) FROM stock_movements),
                    (SELECT count(*) FROM audit_events), (SELECT count(*) FROM idempotency_keys))""").toString();
    }
}
