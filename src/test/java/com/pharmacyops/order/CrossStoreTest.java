package com.pharmacyops.order;

import static com.pharmacyops.order.Orders.create;
import static com.pharmacyops.order.Orders.order;
import static com.pharmacyops.order.Orders.url;
import static com.pharmacyops.support.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Store B's documents under store A's path: a user who sees store A (its manager, or an ADMIN) gets 404 for every
 * read and write of B's orders, receipts and adjustments, B's rows stay as they were, and no lock is taken on them:
 * while this test holds B's order and stock rows locked, each request answers at once instead of queueing behind
 * the test's transaction (every lookup and lock filters by the path's store in its WHERE clause).
 */
@QuarkusTest
class CrossStoreTest {

    static long storeA;
    static long storeB;
    static Crew crewA;
    static Crew crewB;
    static long medicine;
    static long batchB;

    @BeforeAll
    static void setUp() {
        storeA = Fixtures.store();
        storeB = Fixtures.store();
        crewA = Crew.in(storeA);
        crewB = Crew.in(storeB);
        medicine = Catalog.medicine();
        Catalog.seedStock(storeA, Catalog.batch(medicine, LocalDate.now().plusYears(1), "4.00"), 100);
        batchB = Catalog.batch(medicine, LocalDate.now().plusYears(1), "4.00");
        Catalog.seedStock(storeB, batchB, 100);
    }

    /** What a write through the wrong path could have changed in store B. */
    private static String stateOfB(long created, long confirmed) {
        return Db.value("""
                SELECT concat_ws('/', (SELECT string_agg(status || version || updated_at || updated_by, ',' ORDER BY id)
                                       FROM orders WHERE id IN (?, ?)),
                    (SELECT count(*) FROM order_items WHERE order_id IN (?, ?)),
                    (SELECT concat(count(*), ':', sum(quantity)) FROM order_allocations WHERE order_id IN (?, ?)),
                    (SELECT quantity FROM stock WHERE store_id = ? AND batch_id = ?),
                    (SELECT count(*) FROM stock_movements WHERE store_id = ?),
                    (SELECT count(*) FROM audit_events WHERE entity_type = 'ORDER' AND entity_id IN (?, ?)))""",
                created, confirmed, created, confirmed, created, confirmed, storeB, batchB, storeB,
                String.valueOf(created), String.valueOf(confirmed)).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = { "STORE_MANAGER", "ADMIN" })
    void anotherStoresOrderIsNeitherLockedNorChanged(String role) throws Exception {
        String who = crewA.of(role);
        long created = create(crewB.cashier(), storeB, order(null, medicine, 2));
        long confirmed = create(crewB.cashier(), storeB, order(null, medicine, 3));
        as(crewB.cashier()).post(url(storeB, confirmed) + "/confirm").then().statusCode(200);
        String before = stateOfB(created, confirmed);

        try (Connection c = Db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("""
                    SELECT o.id, s.id FROM orders o, stock s WHERE o.id IN (?, ?) AND s.store_id = ?
                    FOR UPDATE""")) {
                lock.setLong(1, created);
                lock.setLong(2, confirmed);
                lock.setLong(3, storeB);
                lock.executeQuery().close();
            }
            // Under A's path: not found, answered while B's rows stay locked by this transaction.
            assertEquals(404, answered(() -> as(who).get(url(storeA, created)).statusCode()));
            assertEquals(404, answered(() -> as(who).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                    .body(order(null, medicine, 9)).put(url(storeA, created)).statusCode()));
            assertEquals(404, answered(() -> as(who).post(url(storeA, created) + "/confirm").statusCode()));
            assertEquals(404, answered(() -> as(who).contentType(ContentType.JSON).body(Map.of("reason", "wrong path"))
                    .post(url(storeA, created) + "/cancel").statusCode()));
            assertEquals(404, answered(() -> as(who).contentType(ContentType.JSON).body(Map.of("reason", "wrong path"))
                    .post(url(storeA, confirmed) + "/cancel").statusCode()));
            assertEquals(404, answered(() -> as(who).delete(url(storeA, created)).statusCode()));
            c.rollback();
        }
        assertEquals(before, stateOfB(created, confirmed));
        // Through its own path the order is there and can still move.
        as(crewB.cashier()).get(url(storeB, created)).then().statusCode(200);
        as(crewB.manager()).contentType(ContentType.JSON).body(Map.of("reason", "right path"))
                .post(url(storeB, confirmed) + "/cancel").then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "STORE_MANAGER", "ADMIN" })
    void anotherStoresReceiptsAndAdjustmentsAreNotFound(String role) {
        String who = crewA.of(role);
        String number = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", batchB);
        int receipt = as(crewB.manager()).contentType(ContentType.JSON).body(Map.of("items", List.of(Map.of(
                "medicineId", medicine, "batchNumber", number, "expiryDate", LocalDate.now().plusYears(1).toString(),
                "mrp", 4, "quantity", 1)))).post("/api/v1/stores/" + storeB + "/stock-receipts").then()
                .statusCode(201).extract().path("id");
        int adjustment = as(crewB.manager()).contentType(ContentType.JSON).body(Map.of("reason", "LOST", "items",
                List.of(Map.of("batchId", batchB, "quantityDelta", -1))))
                .post("/api/v1/stores/" + storeB + "/stock-adjustments").then().statusCode(201).extract().path("id");

        as(who).get("/api/v1/stores/" + storeA + "/stock-receipts/" + receipt).then().statusCode(404);
        as(who).get("/api/v1/stores/" + storeA + "/stock-adjustments/" + adjustment).then().statusCode(404);
        as(who).get("/api/v1/stores/" + storeA + "/stock-receipts").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(receipt)));
        as(crewB.cashier()).get("/api/v1/stores/" + storeB + "/stock-receipts/" + receipt).then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(1));
    }

    /** The status of a request that must not wait on the test's locks (30 s is far beyond any answer here). */
    private static int answered(Supplier<Integer> request) throws Exception {
        return CompletableFuture.supplyAsync(request).get(30, TimeUnit.SECONDS);
    }
}
