package com.pharmacyops.platform.security;

import static com.pharmacyops.support.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import java.net.URL;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The one access layer: another store 404, then a forbidden role 403 (a missing store still 404), all before
 * the body is read or validated; the idempotency key of a refused request stays unclaimed.
 */
@QuarkusTest
class AccessFilterTest {

    /** Health, metrics and OpenAPI live on the management interface, not the API port. */
    @TestHTTPResource(value = "/", management = true)
    URL management;


    static long store;
    static long other;
    static Crew crew;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        other = Fixtures.store();
        crew = Crew.in(store);
    }

    @Test
    void aForbiddenRoleIs403EvenWithAnInvalidBody() {
        long receipts = Db.count("SELECT count(*) FROM stock_receipts");
        as(crew.cashier()).contentType(ContentType.JSON).body("{\"items\": 7}")
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(403)
                .contentType("application/problem+json");
        as(crew.cashier()).contentType(ContentType.JSON).body("not json").post("/api/v1/stores").then()
                .statusCode(403);
        as(crew.auditor()).contentType(ContentType.JSON).body("{}").post("/api/v1/medicines").then().statusCode(403);
        assertEquals(receipts, Db.count("SELECT count(*) FROM stock_receipts"));
    }

    @Test
    void anotherStoreIs404BeforeTheRoleAndTheBody() {
        as(crew.cashier()).contentType(ContentType.JSON).body("{\"items\": 7}")
                .post("/api/v1/stores/" + other + "/stock-receipts").then().statusCode(404)
                .body("status", equalTo(404));
        as(crew.manager()).get("/api/v1/stores/" + other + "/inventory").then().statusCode(404);
    }

    @Test
    void aMissingStoreIs404AndAnExistingOne403ForAForbiddenRole() {
        String order = "{\"items\": [{\"medicineId\": 1, \"quantity\": 1}]}";
        as(crew.auditor()).contentType(ContentType.JSON).body(order).post("/api/v1/stores/987654321/orders").then()
                .statusCode(404);
        as(crew.auditor()).contentType(ContentType.JSON).body(order).post("/api/v1/stores/" + store + "/orders")
                .then().statusCode(403);
        as(crew.admin()).get("/api/v1/stores/987654321/inventory").then().statusCode(404);
        as(crew.admin()).get("/api/v1/stores/abc/inventory").then().statusCode(404);
    }

    @Test
    void aRefusedRequestLeavesItsIdempotencyKeyFree() {
        String key = "access-" + Fixtures.unique();
        as(crew.cashier()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("code", "A-" + Fixtures.unique(), "name", "N", "city", "C")).post("/api/v1/stores")
                .then().statusCode(403);
        as(crew.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of("code", "x"))
                .post("/api/v1/stores").then().statusCode(400);
        assertEquals(0, Db.count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));
        as(crew.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("code", "A-" + Fixtures.unique(), "name", "N", "city", "C")).post("/api/v1/stores")
                .then().statusCode(201);
        assertEquals(1, Db.count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ? AND completed", key));
    }

    @Test
    void aRefusedWriteIsAuditedARefusedReadIsNot() {
        String cashier = "denied-" + Fixtures.unique().toLowerCase();
        long cashierId = Fixtures.user(cashier, "CASHIER", store);
        String denied = "SELECT count(*) FROM audit_events WHERE action = 'ACCESS_DENIED' AND actor = ?";
        as(cashier).get("/api/v1/users").then().statusCode(403);
        as(cashier).get("/api/v1/users/" + cashierId).then().statusCode(403);
        assertEquals(0, Db.count(denied, cashier));

        as(cashier).contentType(ContentType.JSON).body("{\"items\": 7}")
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(403);
        assertEquals(1, Db.count(denied, cashier));
        assertEquals(1, Db.count(denied + " AND entity_type = 'ENDPOINT' AND entity_id = ? AND store_id = ? AND "
                + "changes->>'path' = ? AND changes->>'role' = 'CASHIER'", cashier,
                "POST /api/v1/stores/{storeId}/stock-receipts", store, "/api/v1/stores/" + store + "/stock-receipts"));
        as(cashier).contentType(ContentType.JSON).body(Map.of("fullName", "Me"))
                .patch("/api/v1/users/" + cashierId).then().statusCode(403);
        assertEquals(1, Db.count(denied + " AND entity_id = 'PATCH /api/v1/users/{id}' AND store_id IS NULL",
                cashier));
        // Another store (or a missing one) is a 404, not a refusal.
        as(cashier).contentType(ContentType.JSON).body("{}").post("/api/v1/stores/987654321/stock-receipts")
                .then().statusCode(404);
        assertEquals(2, Db.count(denied, cashier));
        for (String reader : List.of(crew.admin(), crew.auditor())) {
            as(reader).queryParam("entityType", "ENDPOINT").queryParam("actor", cashier)
                    .get("/api/v1/audit-events").then().statusCode(200).body("totalItems", equalTo(2));
        }
    }

    @Test
    void everyPostButLoginDocumentsTheIdempotencyKey() {
        var doc = given().port(management.getPort()).queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        List<String> names = doc.getList("paths.'/api/v1/stores/{storeId}/orders'.post.parameters.name");
        assertEquals(true, names.contains("Idempotency-Key"), names.toString());
        assertEquals(255, doc.getInt("paths.'/api/v1/stores'.post.parameters.find { it.name == 'Idempotency-Key' }"
                + ".schema.maxLength"));
        List<String> login = doc.getList("paths.'/api/v1/auth/token'.post.parameters.name");
        assertEquals(false, login != null && login.contains("Idempotency-Key"));
    }
}
