package com.pharmacyops.platform.persistence;

import static com.pharmacyops.support.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The schema refuses rows that contradict their parents, whoever writes them: here the owner, with plain JDBC. Each
 * refused row has a twin that differs only in the contradicting value and is accepted (then rolled back), so the
 * refusal is the key's and nothing else's.
 */
@QuarkusTest
class IntegrityKeysTest {

    static final String FOREIGN_KEY = "23503";
    static final String CHECK = "23514";
    static final String STAMP = "now(), now(), 'test', 'test'";

    static long storeA;
    static long storeB;
    static long medicine;
    static long otherMedicine;
    static long batch;
    static long otherBatch;
    static long order;
    static long otherOrder;
    static long item;
    static long receipt;

    /** Once, before the first test (HTTP is not up yet in a @BeforeAll). */
    @BeforeEach
    void setUp() {
        if (storeA != 0) {
            return;
        }
        storeA = Fixtures.store();
        storeB = Fixtures.store();
        medicine = Catalog.medicine();
        otherMedicine = Catalog.medicine();
        batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "3.00");
        otherBatch = Catalog.batch(otherMedicine, LocalDate.now().plusYears(1), "3.00");
        Catalog.seedStock(storeA, batch, 10);
        String who = Crew.in(storeA).manager();
        Map<String, Object> body = Map.of("items", List.of(Map.of("medicineId", medicine, "quantity", 2)));
        order = ((Number) as(who).contentType(ContentType.JSON).body(body).post("/api/v1/stores/" + storeA + "/orders")
                .then().statusCode(201).extract().path("id")).longValue();
        otherOrder = ((Number) as(who).contentType(ContentType.JSON).body(body)
                .post("/api/v1/stores/" + storeA + "/orders").then().statusCode(201).extract().path("id")).longValue();
        as(who).post("/api/v1/stores/" + storeA + "/orders/" + order + "/confirm").then().statusCode(200);
        item = (long) Db.value("SELECT id FROM order_items WHERE order_id = ?", order);
        receipt = ((Number) as(who).contentType(ContentType.JSON).body(Map.of("items", List.of(Map.of("medicineId",
                medicine, "batchNumber", Db.value("SELECT batch_number FROM batches WHERE id = ?", batch), "expiryDate",
                LocalDate.now().plusYears(1).toString(), "mrp", 3, "quantity", 1))))
                .post("/api/v1/stores/" + storeA + "/stock-receipts").then().statusCode(201).extract().path("id"))
                .longValue();
    }

    @Test
    void stockAndMovementsCarryTheirBatchsMedicine() throws SQLException {
        String stock = "INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at,"
                + " created_by, updated_by) VALUES (?, ?, ?, 0, " + STAMP + ")";
        refused(FOREIGN_KEY, stock, new Object[] { storeB, batch, medicine },
                new Object[] { storeB, batch, otherMedicine });
        String movement = "INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after,"
                + " reason, reference_type, reference_id, actor, occurred_at, created_at, updated_at, created_by,"
                + " updated_by) VALUES (?, ?, ?, 1, 11, 'RECEIPT', 'RECEIPT', 0, 'test', now(), " + STAMP + ")";
        refused(FOREIGN_KEY, movement, new Object[] { storeA, batch, medicine },
                new Object[] { storeA, batch, otherMedicine });
    }

    @Test
    void orderLinesAndAllocationsCarryTheirOrdersStore() throws SQLException {
        String line = "INSERT INTO order_items (order_id, store_id, medicine_id, quantity, created_at, updated_at,"
                + " created_by, updated_by) VALUES (?, ?, ?, 1, " + STAMP + ")";
        refused(FOREIGN_KEY, line, new Object[] { order, storeA, otherMedicine },
                new Object[] { order, storeB, otherMedicine });

        String allocation = "INSERT INTO order_allocations (order_item_id, order_id, store_id, batch_id, medicine_id,"
                + " quantity, unit_price, created_at, updated_at, created_by, updated_by) VALUES (?, ?, ?, ?, ?, 1, 3, "
                + STAMP + ")";
        Object[] good = { item, order, storeA, batch, medicine };
        // Another store; a batch of another medicine; the line of another order; a medicine that is not the line's.
        refused(FOREIGN_KEY, allocation, good, new Object[] { item, order, storeB, batch, medicine });
        refused(FOREIGN_KEY, allocation, good, new Object[] { item, order, storeA, otherBatch, medicine });
        refused(FOREIGN_KEY, allocation, good, new Object[] { item, otherOrder, storeA, batch, medicine });
        refused(FOREIGN_KEY, allocation, good, new Object[] { item, order, storeA, otherBatch, otherMedicine });
    }

    @Test
    void receiptLinesCarryTheirReceiptsStore() throws SQLException {
        String line = "INSERT INTO stock_receipt_items (receipt_id, store_id, batch_id, quantity, created_at,"
                + " updated_at, created_by, updated_by) VALUES (?, ?, ?, 1, " + STAMP + ")";
        refused(FOREIGN_KEY, line, new Object[] { receipt, storeA, batch }, new Object[] { receipt, storeB, batch });
    }

    @Test
    void cancelledOrdersCarryWhenTheyWereCancelled() throws SQLException {
        refused(CHECK, "UPDATE orders SET status = 'CANCELLED', cancelled_at = ? WHERE id = ?",
                new Object[] { java.time.OffsetDateTime.now(), otherOrder }, new Object[] { null, otherOrder });
    }

    /** {@code sql} with {@code good} succeeds (rolled back); with {@code bad} it fails with {@code state}. */
    private static void refused(String state, String sql, Object[] good, Object[] bad) throws SQLException {
        try (Connection c = Db.connectAsOwner()) {
            c.setAutoCommit(false);
            assertEquals(1, run(c, sql, good), "the twin is accepted");
            c.rollback();
            SQLException e = assertThrows(SQLException.class, () -> run(c, sql, bad));
            assertEquals(state, e.getSQLState(), e.getMessage());
            c.rollback();
        }
    }

    private static int run(Connection c, String sql, Object[] args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
