package com.pharmacyops.order;

import static com.pharmacyops.order.Orders.url;
import static com.pharmacyops.order.Returns.body;
import static com.pharmacyops.order.Returns.lines;
import static com.pharmacyops.order.Returns.post;
import static com.pharmacyops.order.Returns.sold;
import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Ledgers;
import com.pharmacyops.support.Snapshot;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** What a return may not do: restock unsellable batches, bad input, the wrong role or store; and replays. */
@QuarkusTest
class ReturnRulesTest {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static long store;
    static long other;
    static Crew crew;
    static Crew otherCrew;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        other = Fixtures.store();
        crew = Crew.in(store);
        otherCrew = Crew.in(other);
    }

    private static long returns(long order) {
        return Db.count("SELECT count(*) FROM order_returns WHERE order_id = ?", order);
    }

    @ParameterizedTest
    @CsvSource({ "ON_HOLD", "RECALLED" })
    void aHeldOrRecalledBatchIsNotRestockedButCanBeTakenBackWithout(String status) {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, TODAY.plusDays(100), "8.00");
        Catalog.seedStock(store, batch, 6);
        long order = sold(crew.cashier(), store, medicine, 4);
        long line = lines(crew.cashier(), store, order).get(0);
        Db.exec("UPDATE batches SET status = ? WHERE id = ?", status, batch);

        String before = Snapshot.of();
        post(crew.manager(), store, order, body("recall notice", line, 2, 1)).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString(status))
                .body("detail", containsString("restock:false"));
        assertEquals(before, Snapshot.of());
        assertEquals(0, returns(order));

        long movements = Db.count("SELECT count(*) FROM stock_movements WHERE batch_id = ?", batch);
        post(crew.manager(), store, order, body("recall notice", line, 2, 0)).then().statusCode(201)
                .body("items[0].restock", equalTo(false)).body("items[0].batches.batchId", contains((int) batch))
                .body("refund", equalTo(16.0f));
        assertEquals(2, Catalog.stock(store, batch));
        assertEquals(movements, Db.count("SELECT count(*) FROM stock_movements WHERE batch_id = ?", batch));
        assertEquals(1, Db.count("SELECT count(*) FROM order_return_items WHERE order_id = ? AND NOT restock"
                + " AND quantity = 2", order));
        Ledgers.assertInvariant();
    }

    @Test
    void anExpiredBatchIsNotRestocked() {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, TODAY.plusDays(3), "5.00");
        Catalog.seedStock(store, batch, 5);
        long order = sold(crew.cashier(), store, medicine, 2);
        long line = lines(crew.cashier(), store, order).get(0);
        // The service's day moves past the expiry (the batch expires on its expiry date, as for sale).
        QuarkusMock.installMockForType(Clock.fixed(Instant.now().plusSeconds(3 * 86_400), ZoneOffset.UTC),
                Clock.class);
        String before = Snapshot.of();
        post(crew.pharmacist(), store, order, body("came back late", line, 1, 1)).then().statusCode(409)
                .body("detail", containsString("expired on " + TODAY.plusDays(3)))
                .body("detail", containsString("restock:false"));
        assertEquals(before, Snapshot.of());
        post(crew.pharmacist(), store, order, body("came back late", line, 1, 0)).then().statusCode(201);
        assertEquals(3, Catalog.stock(store, batch));
    }

    @Test
    void badInputIsA400ThatWritesNothing() {
        long medicine = Catalog.medicine();
        Catalog.seedStock(store, Catalog.batch(medicine, TODAY.plusDays(100), "1.00"), 10);
        long order = sold(crew.cashier(), store, medicine, 3);
        long line = lines(crew.cashier(), store, order).get(0);
        long elsewhere = lines(crew.cashier(), store, sold(crew.cashier(), store, medicine, 1)).get(0);
        Map<String, Object> ok = Map.of("orderItemId", line, "quantity", 1, "restock", true);
        String before = Snapshot.of();
        for (Object bad : List.<Object>of(body("x", line, 0, 1), body("x", line, 1, 1, line, 1, 0),
                body("x", elsewhere, 1, 1), Map.of("reason", " ", "items", List.of(ok)),
                Map.of("items", List.of(ok)), Map.of("reason", "x", "items", List.of()),
                Map.of("reason", "x", "items", List.of(Map.of("orderItemId", line, "quantity", 1))),
                Map.of("reason", "x", "items", List.of(Map.of("orderItemId", line, "quantity", 1, "restock", "true"))),
                Map.of("reason", "x", "items", List.of(Map.of("orderItemId", line, "quantity", "1", "restock", true))),
                Map.of("reason", "x", "refund", 1, "items", List.of(ok)),
                Map.of("reason", "x", "items", List.of(Map.of("orderItemId", line, "quantity", 10_001,
                        "restock", true))))) {
            post(crew.manager(), store, order, bad).then().statusCode(400).contentType("application/problem+json");
        }
        post(crew.manager(), store, order, body("x", line, 1, 1, line, 1, 0)).then()
                .body("errors.field", hasItem("items[1].orderItemId"));
        post(crew.manager(), store, order, body("x", elsewhere, 1, 1)).then()
                .body("errors.field", hasItem("items[0].orderItemId"));
        assertEquals(before, Snapshot.of());
        assertEquals(0, returns(order));
    }

    /** role, return, list — in its own store; other store's roles get 404 for both. */
    @ParameterizedTest
    @CsvSource({ "ADMIN,201,200", "STORE_MANAGER,201,200", "PHARMACIST,201,200", "CASHIER,403,200",
            "AUDITOR,403,200" })
    void roles(String role, int create, int list) {
        long medicine = Catalog.medicine();
        Catalog.seedStock(store, Catalog.batch(medicine, TODAY.plusDays(100), "1.00"), 10);
        long order = sold(crew.cashier(), store, medicine, 3);
        long line = lines(crew.cashier(), store, order).get(0);
        post(crew.of(role), store, order, body("role", line, 1, 1)).then().statusCode(create);
        assertEquals(create == 201 ? 1 : 0, returns(order));
        as(crew.of(role)).get(url(store, order) + "/returns").then().statusCode(list)
                .body("items.size()", equalTo(create == 201 ? 1 : 0));
        if (!List.of("ADMIN", "AUDITOR").contains(role)) {
            post(otherCrew.of(role), store, order, body("role", line, 1, 1)).then().statusCode(404);
            as(otherCrew.of(role)).get(url(store, order) + "/returns").then().statusCode(404);
            // The order of one store is not found under another store's path.
            post(otherCrew.admin(), other, order, body("role", line, 1, 1)).then().statusCode(404);
            assertEquals(create == 201 ? 1 : 0, returns(order));
        }
    }

    /** A return line that contradicts its allocation (another batch, line or store) is refused by the schema. */
    @Test
    void theSchemaRefusesALineThatContradictsItsAllocation() throws SQLException {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, TODAY.plusDays(100), "1.00");
        long otherBatch = Catalog.batch(medicine, TODAY.plusDays(200), "1.00");
        Catalog.seedStock(store, batch, 10);
        long order = sold(crew.cashier(), store, medicine, 3);
        long line = lines(crew.cashier(), store, order).get(0);
        long allocation = ((Number) Db.value("SELECT id FROM order_allocations WHERE order_id = ?", order)).longValue();
        String insert = "INSERT INTO order_return_items (return_id, order_id, store_id, order_item_id, allocation_id,"
                + " batch_id, medicine_id, quantity, unit_price, restock, created_at, updated_at, created_by,"
                + " updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1.00, FALSE, now(), now(), 'test', 'test')";
        try (Connection c = Db.connectAsOwner()) {
            c.setAutoCommit(false);
            long header;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO order_returns (order_id, store_id, reason,"
                    + " refund, created_at, updated_at, created_by, updated_by) VALUES (?, ?, 'keys', 1.00, now(),"
                    + " now(), 'test', 'test') RETURNING id")) {
                ps.setLong(1, order);
                ps.setLong(2, store);
                var rs = ps.executeQuery();
                rs.next();
                header = rs.getLong(1);
            }
            for (Object[] row : List.of(new Object[] { header, order, store, line, allocation, otherBatch, medicine },
                    new Object[] { header, order, other, line, allocation, batch, medicine })) {
                var before = c.setSavepoint();
                SQLException e = assertThrows(SQLException.class, () -> exec(c, insert, row));
                assertEquals("23503", e.getSQLState());
                c.rollback(before);
            }
            exec(c, insert, new Object[] { header, order, store, line, allocation, batch, medicine });
            c.rollback();
        }
    }

    private static void exec(Connection c, String sql, Object[] args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void aRetryWithTheSameKeyReplaysTheReturn() {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, TODAY.plusDays(100), "2.50");
        Catalog.seedStock(store, batch, 10);
        long order = sold(crew.cashier(), store, medicine, 4);
        long line = lines(crew.cashier(), store, order).get(0);
        String key = "return-" + Fixtures.unique();
        Map<String, Object> body = body("replayed", line, 2, 1);
        Response first = as(crew.manager()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post(url(store, order) + "/returns");
        first.then().statusCode(201);
        Response again = as(crew.manager()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post(url(store, order) + "/returns");
        again.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(first.asString(), again.asString());
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(1, returns(order));
        assertEquals(8, Catalog.stock(store, batch));
        as(crew.manager()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body("replayed", line, 1, 1)).post(url(store, order) + "/returns").then().statusCode(422);
        assertEquals(1, returns(order));
    }
}
