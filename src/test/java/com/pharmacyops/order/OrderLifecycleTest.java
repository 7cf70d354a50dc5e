package com.pharmacyops.order;

import static com.pharmacyops.order.Orders.create;
import static com.pharmacyops.order.Orders.order;
import static com.pharmacyops.order.Orders.url;
import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class OrderLifecycleTest {

    static long store;
    static Crew crew;
    static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        crew = Crew.in(store);
    }

    private static long movements(long order) {
        return Db.count("SELECT count(*) FROM stock_movements WHERE reference_type = 'ORDER' AND reference_id = ?",
                order);
    }

    @Test
    void confirmationAllocatesFirstExpiryFirstOutAtEachBatchsMrp() {
        long medicine = Catalog.medicine();
        long expired = Catalog.batch(medicine, TODAY.minusDays(2), "8.00");
        long far = Catalog.batch(medicine, TODAY.plusDays(300), "12.00");
        long near = Catalog.batch(medicine, TODAY.plusDays(10), "10.00");
        Catalog.seedStock(store, expired, 5);
        Catalog.seedStock(store, near, 3);
        Catalog.seedStock(store, far, 10);

        long order = create(crew.cashier(), store, order(null, medicine, 5));
        as(crew.cashier()).get(url(store, order)).then().statusCode(200).body("status", equalTo("CREATED"))
                .body("orderNumber", matchesPattern("T-[0-9A-F]{8}-\\d{6}")).body("version", equalTo(0))
                .header("ETag", "\"0\"");

        as(crew.cashier()).post(url(store, order) + "/confirm").then().statusCode(200)
                .body("status", equalTo("CONFIRMED"))
                .body("items[0].allocations.batchId", contains((int) near, (int) far))
                .body("items[0].allocations.quantity", contains(3, 2))
                .body("items[0].allocations.unitPrice", contains(10.0f, 12.0f))
                .body("total", equalTo(54.0f))
                .body("confirmedBy", equalTo(crew.cashier())).body("confirmedAt", notNullValue())
                .body("version", equalTo(1));

        assertEquals(5, Catalog.stock(store, expired));
        assertEquals(0, Catalog.stock(store, near));
        assertEquals(8, Catalog.stock(store, far));
        assertEquals(2, Db.count("SELECT count(*) FROM stock_movements WHERE reason = 'SALE' AND reference_id = ?"
                + " AND actor = ?", order, crew.cashier()));
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE entity_type = 'ORDER' AND entity_id = ?"
                + " AND action = 'CONFIRM' AND (changes->>'total')::numeric = 54 AND actor = ?", String.valueOf(order),
                crew.cashier()), () -> String.valueOf(Db.value("SELECT string_agg(action || ' ' || actor || ' '"
                        + " || changes::text, ' | ') FROM audit_events WHERE entity_type = 'ORDER' AND entity_id = ?",
                        String.valueOf(order))));
        // The create's event, written by the create statement itself: the order's state and its lines.
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events e JOIN orders o ON o.id::text = e.entity_id"
                + " WHERE e.entity_type = 'ORDER' AND e.entity_id = ? AND e.action = 'CREATE' AND e.store_id = ?"
                + " AND e.changes->>'orderNumber' = o.order_number AND e.changes->>'status' = 'CREATED'"
                + " AND e.changes->'items' = '[{\"medicineId\": " + medicine + ", \"quantity\": 5}]'::jsonb",
                String.valueOf(order), store));
        // Confirmed is final for confirmation.
        as(crew.manager()).post(url(store, order) + "/confirm").then().statusCode(409);
        Ledgers.assertInvariant();
    }

    @Test
    void anUnfillableLineChangesNothing() {
        long plenty = Catalog.medicine();
        long scarce = Catalog.medicine();
        long a = Catalog.batch(plenty, TODAY.plusDays(100), "5.00");
        long b = Catalog.batch(scarce, TODAY.plusDays(100), "5.00");
        long c = Catalog.batch(scarce, TODAY.minusDays(1), "5.00");
        Catalog.seedStock(store, a, 10);
        Catalog.seedStock(store, b, 2);
        Catalog.seedStock(store, c, 50);
        long order = create(crew.pharmacist(), store, order(null, plenty, 4, scarce, 3));

        as(crew.pharmacist()).post(url(store, order) + "/confirm").then().statusCode(409)
                .contentType("application/problem+json")
                .body("shortages.medicineId", contains((int) scarce))
                .body("shortages[0].requested", equalTo(3)).body("shortages[0].available", equalTo(2));
        assertEquals(10, Catalog.stock(store, a));
        assertEquals(2, Catalog.stock(store, b));
        assertEquals(0, movements(order));
        assertEquals(0, Db.count("SELECT count(*) FROM order_allocations WHERE order_id = ?", order));
        as(crew.pharmacist()).get(url(store, order)).then().body("status", equalTo("CREATED"))
                .body("version", equalTo(0));
    }

    @Test
    void prescriptionOnlyLinesNeedAPharmacistAndAReference() {
        long rx = Catalog.medicine(true, 0);
        long batch = Catalog.batch(rx, TODAY.plusDays(200), "99.00");
        Catalog.seedStock(store, batch, 10);

        long without = create(crew.cashier(), store, order(null, rx, 1));
        as(crew.cashier()).post(url(store, without) + "/confirm").then().statusCode(403);
        as(crew.manager()).post(url(store, without) + "/confirm").then().statusCode(403);
        as(crew.admin()).post(url(store, without) + "/confirm").then().statusCode(403);
        as(crew.pharmacist()).post(url(store, without) + "/confirm").then().statusCode(409);
        assertEquals(10, Catalog.stock(store, batch));

        long with = create(crew.cashier(), store, order("RX-2026-0042", rx, 2));
        as(crew.cashier()).post(url(store, with) + "/confirm").then().statusCode(403);
        as(crew.pharmacist()).post(url(store, with) + "/confirm").then().statusCode(200)
                .body("items[0].prescriptionRequired", equalTo(true)).body("total", equalTo(198.0f));
        assertEquals(8, Catalog.stock(store, batch));
    }

    @Test
    void cancellationRestoresExactlyTheAllocations() {
        long medicine = Catalog.medicine();
        long near = Catalog.batch(medicine, TODAY.plusDays(20), "4.00");
        long far = Catalog.batch(medicine, TODAY.plusDays(400), "4.50");
        Catalog.seedStock(store, near, 2);
        Catalog.seedStock(store, far, 5);
        long order = create(crew.cashier(), store, order(null, medicine, 4));
        as(crew.cashier()).post(url(store, order) + "/confirm").then().statusCode(200);
        assertEquals(0, Catalog.stock(store, near));
        assertEquals(3, Catalog.stock(store, far));

        for (String who : List.of(crew.cashier(), crew.pharmacist())) {
            as(who).contentType(ContentType.JSON).body(Map.of("reason", "changed mind"))
                    .post(url(store, order) + "/cancel").then().statusCode(403);
        }
        as(crew.manager()).contentType(ContentType.JSON).body(Map.of("reason", " ")).post(url(store, order) + "/cancel")
                .then().statusCode(400).body("errors.field", hasItem("reason"));
        as(crew.manager()).contentType(ContentType.JSON).body(Map.of("reason", "returned unopened"))
                .post(url(store, order) + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"))
                .body("cancelledBy", equalTo(crew.manager())).body("cancelReason", equalTo("returned unopened"))
                .body("items[0].allocations.quantity", contains(2, 2));
        assertEquals(2, Catalog.stock(store, near));
        assertEquals(5, Catalog.stock(store, far));
        assertEquals(2, Db.count("SELECT count(*) FROM stock_movements WHERE reason = 'SALE_CANCELLATION'"
                + " AND reference_id = ?", order));

        // CANCELLED is final.
        as(crew.manager()).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post(url(store, order) + "/cancel").then().statusCode(409);
        as(crew.manager()).post(url(store, order) + "/confirm").then().statusCode(409);
        as(crew.manager()).delete(url(store, order)).then().statusCode(409);
        Ledgers.assertInvariant();
    }

    @Test
    void createdOrdersCanBeCancelledByEveryStoreRole() {
        long medicine = Catalog.medicine();
        for (String who : List.of(crew.cashier(), crew.pharmacist(), crew.manager(), crew.admin())) {
            long order = create(who, store, order(null, medicine, 1));
            as(who).contentType(ContentType.JSON).body(Map.of("reason", "typo")).post(url(store, order) + "/cancel")
                    .then().statusCode(200).body("status", equalTo("CANCELLED"));
            assertEquals(0, movements(order));
        }
        long order = create(crew.cashier(), store, order(null, medicine, 1));
        as(crew.auditor()).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post(url(store, order) + "/cancel").then().statusCode(403);
    }

    @Test
    void replaceWhileCreatedWithIfMatch() {
        long m1 = Catalog.medicine();
        long m2 = Catalog.medicine();
        long order = create(crew.cashier(), store, order(null, m1, 1));
        as(crew.cashier()).header("If-Match", "\"7\"").contentType(ContentType.JSON).body(order(null, m2, 2))
                .put(url(store, order)).then().statusCode(412).contentType("application/problem+json");
        as(crew.cashier()).header("If-Match", "\"0\"").contentType(ContentType.JSON).body(order("RX-1", m2, 2))
                .put(url(store, order)).then().statusCode(200).header("ETag", "\"1\"")
                .body("items.medicineId", contains((int) m2)).body("items[0].quantity", equalTo(2))
                .body("prescriptionReference", equalTo("RX-1")).body("version", equalTo(1));
        // The version moved on: the first writer's If-Match is now stale.
        as(crew.manager()).header("If-Match", "\"0\"").contentType(ContentType.JSON).body(order(null, m1, 3))
                .put(url(store, order)).then().statusCode(412);
        assertEquals(1, Db.count("SELECT count(*) FROM order_items WHERE order_id = ?", order));
    }

    @Test
    void confirmedOrdersAreProtected() {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, TODAY.plusDays(90), "3.00");
        Catalog.seedStock(store, batch, 5);
        long order = create(crew.cashier(), store, order(null, medicine, 1));
        as(crew.cashier()).post(url(store, order) + "/confirm").then().statusCode(200);
        as(crew.cashier()).contentType(ContentType.JSON).body(order(null, medicine, 2)).put(url(store, order)).then()
                .statusCode(409);
        as(crew.admin()).delete(url(store, order)).then().statusCode(409);
        as(crew.cashier()).get(url(store, order)).then().body("items[0].quantity", equalTo(1));

        long draft = create(crew.cashier(), store, order(null, medicine, 1));
        as(crew.cashier()).delete(url(store, draft)).then().statusCode(204);
        as(crew.cashier()).get(url(store, draft)).then().statusCode(404);
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE entity_type = 'ORDER' AND entity_id = ?"
                + " AND action = 'DELETE'", String.valueOf(draft)));
    }

    @Test
    void badOrdersAreRefusedAndCreateNothing() {
        long medicine = Catalog.medicine();
        long before = Db.count("SELECT count(*) FROM orders");
        String url = "/api/v1/stores/" + store + "/orders";
        for (Map<String, Object> body : List.<Map<String, Object>>of(order(null, medicine, 0),
                order(null, medicine, 10_001), order(null, medicine, 1, medicine, 2), order(null, 987654321L, 1),
                Map.of("items", List.of()), Map.of("status", "CONFIRMED", "items", List.of(Map.of("medicineId",
                        medicine, "quantity", 1))),
                Map.of("total", 1, "items", List.of(Map.of("medicineId", medicine, "quantity", 1))))) {
            as(crew.cashier()).contentType(ContentType.JSON).body(body).post(url).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        long inactive = Catalog.medicine();
        Db.exec("UPDATE medicines SET active = FALSE WHERE id = ?", inactive);
        as(crew.cashier()).contentType(ContentType.JSON).body(order(null, inactive, 1)).post(url).then()
                .statusCode(409);
        long closed = Fixtures.store("OFF-" + Fixtures.unique(), false);
        as(crew.admin()).contentType(ContentType.JSON).body(order(null, medicine, 1))
                .post("/api/v1/stores/" + closed + "/orders").then().statusCode(409);
        assertEquals(before, Db.count("SELECT count(*) FROM orders"));
    }

    @Test
    void orderNumbersAreSequentialPerStore() {
        long other = Fixtures.store();
        long medicine = Catalog.medicine();
        String code = (String) Db.value("SELECT code FROM stores WHERE id = ?", other);
        String admin = crew.admin();
        List<String> numbers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            numbers.add(as(admin).contentType(ContentType.JSON).body(order(null, medicine, 1))
                    .post("/api/v1/stores/" + other + "/orders").then().statusCode(201).extract().path("orderNumber"));
        }
        assertEquals(List.of(code + "-000001", code + "-000002", code + "-000003"), numbers);
        as(admin).queryParam("status", "CREATED").get("/api/v1/stores/" + other + "/orders").then().statusCode(200)
                .body("totalItems", equalTo(3)).body("items[0].orderNumber", equalTo(code + "-000003"));
    }
}
