package com.pharmacyops.product;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Batch hold, release and recall (DESIGN §5.1): role matrix, transitions, refusals, replay, audit. */
@QuarkusTest
class BatchStatusTest {

    static long store;
    static Crew crew;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        crew = Crew.in(store);
    }

    static String url(long medicine, long batch, String action) {
        return "/api/v1/medicines/" + medicine + "/batches/" + batch + "/" + action;
    }

    static ValidatableResponse post(String who, long medicine, long batch, String action, Object body) {
        var spec = as(who).contentType(ContentType.JSON);
        if (body != null) {
            spec = spec.body(body);
        }
        return spec.post(url(medicine, batch, action)).then();
    }

    static String status(long batch) {
        return (String) Db.value("SELECT status FROM batches WHERE id = ?", batch);
    }

    static long events(long batch) {
        return Db.count("SELECT count(*) FROM audit_events WHERE entity_type = 'BATCH' AND entity_id = ?",
                String.valueOf(batch));
    }

    /** A confirmed order of {@code quantity} units of the medicine. */
    static long sale(String who, long store, long medicine, int quantity) {
        long order = as(who).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("medicineId", medicine, "quantity", quantity))))
                .post("/api/v1/stores/" + store + "/orders").then().statusCode(201).extract().jsonPath().getLong("id");
        as(who).post("/api/v1/stores/" + store + "/orders/" + order + "/confirm").then().statusCode(200);
        return order;
    }

    @ParameterizedTest
    @CsvSource({ "ADMIN,200", "AUDITOR,403", "STORE_MANAGER,403", "PHARMACIST,403", "CASHIER,403" })
    void onlyAnAdminChangesTheStatus(String role, int expected) {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        post(crew.of(role), medicine, batch, "hold", Map.of("reason", "lab check")).statusCode(expected);
        assertEquals(expected == 200 ? "ON_HOLD" : "ACTIVE", status(batch));
        post(crew.of(role), medicine, batch, "release", null).statusCode(expected);
        post(crew.of(role), medicine, batch, "recall", Map.of("reason", "contaminated")).statusCode(expected);
        assertEquals(expected == 200 ? "RECALLED" : "ACTIVE", status(batch));
        assertEquals(expected == 200 ? 3 : 0, events(batch));
    }

    @ParameterizedTest
    @CsvSource({ "ADMIN,200", "AUDITOR,200", "STORE_MANAGER,403", "PHARMACIST,403", "CASHIER,403" })
    void adminAndAuditorReadTheTrace(String role, int expected) {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        as(crew.of(role)).get(url(medicine, batch, "trace")).then().statusCode(expected);
    }

    @Test
    void holdReleaseRecallAndTheViewsCarryTheStatus() {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        Catalog.seedStock(store, batch, 7);
        post(crew.admin(), medicine, batch, "hold", Map.of("reason", "  lab check  ")).statusCode(200)
                .body("id", equalTo((int) batch)).body("status", equalTo("ON_HOLD"))
                .body("statusReason", equalTo("lab check")).body("statusChangedBy", equalTo(crew.admin()));
        as(crew.cashier()).get("/api/v1/medicines/" + medicine + "/batches").then().statusCode(200)
                .body("[0].status", equalTo("ON_HOLD"));
        assertEquals("ON_HOLD", Db.value("SELECT batch_status FROM stock WHERE batch_id = ?", batch));
        post(crew.admin(), medicine, batch, "release", null).statusCode(200).body("status", equalTo("ACTIVE"))
                .body("statusReason", nullValue());
        assertEquals("ACTIVE", Db.value("SELECT batch_status FROM stock WHERE batch_id = ?", batch));
        post(crew.admin(), medicine, batch, "recall", Map.of("reason", "contaminated")).statusCode(200)
                .body("status", equalTo("RECALLED")).body("statusReason", equalTo("contaminated"));
        assertEquals("RECALLED", Db.value("SELECT batch_status FROM stock WHERE batch_id = ?", batch));
        // The audit events, with the units on hand each change froze.
        List<Object> actions = Db.column("SELECT action FROM audit_events WHERE entity_type = 'BATCH'"
                + " AND entity_id = ? ORDER BY id", String.valueOf(batch));
        assertEquals(List.of("HOLD", "RELEASE", "RECALL"), actions);
        assertEquals("7", String.valueOf(Db.value("SELECT changes->>'onHand' FROM audit_events"
                + " WHERE entity_type = 'BATCH' AND entity_id = ? AND action = 'RECALL'", String.valueOf(batch))));
        assertEquals("{\"to\": \"RECALLED\", \"from\": \"ACTIVE\"}", String.valueOf(Db.value("SELECT changes->>'status'"
                + " FROM audit_events WHERE entity_type = 'BATCH' AND entity_id = ? AND action = 'RECALL'",
                String.valueOf(batch))));
        // A stock row made later for a recalled batch takes its status.
        long other = Fixtures.store();
        Catalog.seedStock(other, batch, 1);
        assertEquals("RECALLED", Db.value("SELECT batch_status FROM stock WHERE batch_id = ? AND store_id = ?",
                batch, other));
    }

    @Test
    void wrongTransitionsAre409AndChangeNothing() {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        post(crew.admin(), medicine, batch, "release", null).statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("is ACTIVE"));
        post(crew.admin(), medicine, batch, "hold", Map.of("reason", "a")).statusCode(200);
        post(crew.admin(), medicine, batch, "hold", Map.of("reason", "b")).statusCode(409)
                .body("detail", containsString("is ON_HOLD"));
        post(crew.admin(), medicine, batch, "recall", Map.of("reason", "c")).statusCode(200);
        for (String action : List.of("hold", "recall")) {
            post(crew.admin(), medicine, batch, action, Map.of("reason", "again")).statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString("is RECALLED"));
        }
        post(crew.admin(), medicine, batch, "release", null).statusCode(409);
        assertEquals("RECALLED", status(batch));
        assertEquals("c", Db.value("SELECT status_reason FROM batches WHERE id = ?", batch));
        assertEquals(2, events(batch));
    }

    @Test
    void unknownMedicineOrBatchOrABatchOfAnotherMedicineIs404() {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        long otherMedicine = Catalog.medicine();
        for (String action : List.of("hold", "recall")) {
            post(crew.admin(), otherMedicine, batch, action, Map.of("reason", "x")).statusCode(404)
                    .contentType("application/problem+json");
            post(crew.admin(), 999_999_999L, batch, action, Map.of("reason", "x")).statusCode(404);
            post(crew.admin(), medicine, 999_999_999L, action, Map.of("reason", "x")).statusCode(404);
        }
        post(crew.admin(), otherMedicine, batch, "release", null).statusCode(404);
        as(crew.auditor()).get(url(otherMedicine, batch, "trace")).then().statusCode(404);
        as(crew.auditor()).get(url(999_999_999L, batch, "trace")).then().statusCode(404);
        assertEquals("ACTIVE", status(batch));
        assertEquals(0, events(batch));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "{\"reason\":\"\"}", "{\"reason\":\"   \"}", "{\"reason\":null}",
            "{\"reason\":5}", "{\"reason\":\"x\",\"status\":\"ACTIVE\"}", "[]" })
    void badBodiesAre400(String body) {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        for (String action : List.of("hold", "recall")) {
            as(crew.admin()).contentType(ContentType.JSON).body(body).post(url(medicine, batch, action)).then()
                    .statusCode(400).contentType("application/problem+json");
        }
        assertEquals("ACTIVE", status(batch));
        assertEquals(0, events(batch));
    }

    @Test
    void aReasonLongerThan500Is400() {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        post(crew.admin(), medicine, batch, "hold", Map.of("reason", "x".repeat(501))).statusCode(400)
                .body("errors.field", hasItem("reason"));
        post(crew.admin(), medicine, batch, "hold", Map.of("reason", "x".repeat(500))).statusCode(200);
    }

    @Test
    void aReplayedHoldAnswersTheFirstResponseAndHoldsOnce() {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        String key = "hold-" + Fixtures.unique();
        String first = as(crew.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("reason", "lab")).post(url(medicine, batch, "hold")).then().statusCode(200)
                .extract().asString();
        String again = as(crew.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("reason", "lab")).post(url(medicine, batch, "hold")).then().statusCode(200)
                .extract().asString();
        assertEquals(first, again);
        as(crew.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("reason", "other")).post(url(medicine, batch, "hold")).then().statusCode(422);
        assertEquals(1, events(batch));
    }

    @Test
    void theTraceListsStoresOnHandAndConfirmedSales() {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "4.00");
        long second = Fixtures.store();
        Catalog.seedStock(store, batch, 10);
        Catalog.seedStock(second, batch, 3);
        long sold = sale(crew.cashier(), store, medicine, 4);
        long cancelled = sale(crew.cashier(), store, medicine, 2);
        as(crew.manager()).contentType(ContentType.JSON).body(Map.of("reason", "back"))
                .post("/api/v1/stores/" + store + "/orders/" + cancelled + "/cancel").then().statusCode(200);
        String code = (String) Db.value("SELECT code FROM stores WHERE id = ?", store);
        as(crew.auditor()).get(url(medicine, batch, "trace")).then().statusCode(200)
                .body("batch.id", equalTo((int) batch)).body("batch.status", equalTo("ACTIVE"))
                .body("stores.storeId", equalTo(List.of((int) store, (int) second)))
                .body("stores[0].storeCode", equalTo(code)).body("stores.quantity", equalTo(List.of(6, 3)))
                .body("sales.orderId", equalTo(List.of((int) sold))).body("sales[0].quantity", equalTo(4))
                .body("sales[0].storeId", equalTo((int) store))
                .body("sales[0].orderNumber", equalTo(Db.value("SELECT order_number FROM orders WHERE id = ?", sold)))
                .body("salesCount", equalTo(1)).body("soldQuantity", equalTo(4))
                .body("salesTruncated", equalTo(false));
    }

    @Test
    void theTraceBoundsItsSalesAndSaysSo() {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "4.00");
        int n = BatchStatusRepository.SALES + 5;
        // Confirmed orders as history would have left them, one line and one allocation of this batch each.
        Db.exec("""
                WITH o AS (INSERT INTO orders (store_id, order_number, status, total, confirmed_by, confirmed_at,
                               version, created_at, updated_at, created_by, updated_by)
                           SELECT ?, 'TRACE-' || ? || '-' || g, 'CONFIRMED', 4.00, 'test', now(), 0, now(), now(),
                               'test', 'test'
                           FROM generate_series(1, ?) g RETURNING id, store_id),
                i AS (INSERT INTO order_items (order_id, store_id, medicine_id, quantity, created_at, updated_at,
                          created_by, updated_by)
                      SELECT o.id, o.store_id, ?, 1, now(), now(), 'test', 'test' FROM o RETURNING id, order_id)
                INSERT INTO order_allocations (order_item_id, order_id, store_id, batch_id, medicine_id, quantity,
                    unit_price, created_at, updated_at, created_by, updated_by)
                SELECT i.id, i.order_id, ?, ?, ?, 1, 4.00, now(), now(), 'test', 'test' FROM i""",
                store, Fixtures.unique(), n, medicine, store, batch, medicine);
        as(crew.admin()).get(url(medicine, batch, "trace")).then().statusCode(200)
                .body("sales.size()", equalTo(BatchStatusRepository.SALES)).body("salesCount", equalTo(n))
                .body("soldQuantity", equalTo(n)).body("salesTruncated", equalTo(true));
    }
}
