package com.pharmacyops.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ledger invariant: for every (store, batch), stock = sum of its movements, and nothing is negative. */
public final class Ledgers {

    private Ledgers() {
    }

    public static void assertInvariant() {
        assertEquals(0, Db.count("""
                SELECT count(*) FROM (
                  SELECT s.store_id, s.batch_id FROM stock s
                  LEFT JOIN (SELECT store_id, batch_id, sum(quantity_delta) AS total
                             FROM stock_movements GROUP BY store_id, batch_id) m
                    ON m.store_id = s.store_id AND m.batch_id = s.batch_id
                  WHERE s.quantity <> COALESCE(m.total, 0) OR s.quantity < 0
                  UNION ALL
                  SELECT m.store_id, m.batch_id FROM stock_movements m
                  LEFT JOIN stock s ON s.store_id = m.store_id AND s.batch_id = m.batch_id
                  WHERE s.id IS NULL) broken"""), "stock rows that disagree with their ledger");
        // Each movement's balance follows from the previous one.
        assertEquals(0, Db.count("""
                SELECT count(*) FROM (
                  SELECT balance_after, quantity_delta,
                         lag(balance_after, 1, 0) OVER (PARTITION BY store_id, batch_id ORDER BY id) AS before
                  FROM stock_movements) x
                WHERE balance_after <> before + quantity_delta OR balance_after < 0"""),
                "movements whose balance does not follow");
    }
}
