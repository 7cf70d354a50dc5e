package com.pharmacyops.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The ledger invariant: for every (store, batch), stock = sum of its movements, and nothing is negative. */
public final class Ledgers {

    private Ledgers() {
    }

    public static void assertInvariant() {
        try (Connection c = Db.connect()) {
            assertInvariant(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** On a given connection: the integration tests' database is the packaged application's. */
    public static void assertInvariant(Connection c) throws SQLException {
        assertEquals(0, count(c, """
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
        assertEquals(0, count(c, """
                SELECT count(*) FROM (
                  SELECT balance_after, quantity_delta,
                         lag(balance_after, 1, 0) OVER (PARTITION BY store_id, batch_id ORDER BY id) AS before
                  FROM stock_movements) x
                WHERE balance_after <> before + quantity_delta OR balance_after < 0"""),
                "movements whose balance does not follow");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
