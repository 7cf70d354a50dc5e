package com.pharmacyops.inventory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.pharmacyops.inventory.InventoryDtos.MovementFilter;
import com.pharmacyops.platform.persistence.Sql;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The ledger streams in the order of its index (store, id): the plan of the stream's own query, planned as the
 * stream's cursor plans it (for every row), reads the index and has no Sort, however many rows the store has.
 */
@QuarkusTest
class StreamPlanTest {

    @Inject
    InventoryQueries queries;

    @Test
    void theLedgerStreamsInIndexOrderWithoutASort() throws Exception {
        long store = Fixtures.store();
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        // 20 000 receipts of one unit: the stock row and its ledger agree (Ledgers.assertInvariant).
        Db.exec("""
                INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by,
                                   updated_by)
                VALUES (?, ?, ?, 20000, now(), now(), 'test', 'test')""", store, batch, medicine);
        Db.exec("""
                INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason,
                    reference_type, reference_id, actor, occurred_at, created_at, updated_at, created_by, updated_by)
                SELECT ?, ?, ?, 1, g, 'RECEIPT', 'RECEIPT', 0, 'test', now(), now(), now(), 'test', 'test'
                FROM generate_series(1, 20000) g ORDER BY g""", store, batch, medicine);
        Sql stream = queries.movements(store, new MovementFilter(null, null, null, null, null)).ordered(
                PageRequest.sqlOrder(PageRequest.sort(null, InventoryService.MOVEMENT_SORT, "id"), "id"));
        String plan;
        try (Connection c = Db.connectAsOwner(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("ANALYZE stock_movements");
            s.execute("SET LOCAL cursor_tuple_fraction = 1"); // as Transactions.cursor
            StringBuilder text = new StringBuilder();
            try (ResultSet r = s.executeQuery("EXPLAIN " + stream.text().replace("$1", Long.toString(store)))) {
                while (r.next()) {
                    text.append(r.getString(1)).append('\n');
                }
            }
            c.rollback();
            plan = text.toString();
        }
        assertTrue(plan.contains("Index Scan"), plan);
        assertFalse(plan.contains("Sort"), plan);
    }
}
