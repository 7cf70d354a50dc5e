package com.pharmacyops.platform;

import static com.pharmacyops.support.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * NUL, which PostgreSQL cannot store in text, and the other control characters: refused with a 400 problem naming
 * the member or parameter, wherever a client can send text, before anything is written (once a 500 from the
 * database). Free text (addresses, notes, reasons) may hold tab and line breaks, nothing else.
 */
@QuarkusTest
class ControlCharactersTest {

    static final String NUL = "Para\u0000cetamol";

    static long store;
    static Crew crew;
    static long medicine;
    static long batch;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        crew = Crew.in(store);
        medicine = Catalog.medicine();
        batch = Catalog.batch(medicine);
        Catalog.seedStock(store, batch, 10);
    }

    /** Rows of every table a refused request could have written. */
    private static String state() {
        return Db.value("""
                SELECT concat_ws('/', (SELECT count(*) FROM medicines), (SELECT max(updated_at) FROM medicines),
                    (SELECT count(*) FROM stores), (SELECT max(updated_at) FROM stores),
                    (SELECT count(*) FROM users), (SELECT max(updated_at) FROM users),
                    (SELECT count(*) FROM orders), (SELECT count(*) FROM stock_receipts),
                    (SELECT count(*) FROM stock_adjustments), (SELECT count(*) FROM stock_movements),
                    (SELECT count(*) FROM auth_failures), (SELECT count(*) FROM audit_events),
                    (SELECT count(*) FROM idempotency_keys))""").toString();
    }

    private static void refused(RequestSpecification request, String method, String path, String field) {
        String before = state();
        request.header("Idempotency-Key", "nul-" + Fixtures.unique()).request(method, path).then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("errors.message", hasItem(org.hamcrest.Matchers.startsWith("must not contain control")));
        assertEquals(before, state(), method + " " + path + " wrote something");
    }

    private static RequestSpecification json(String who, Object body) {
        return as(who).contentType(ContentType.JSON).body(body);
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void bodiesRefuseNulEverywhere() {
        String admin = crew.admin();
        refused(json(admin, map("sku", "NUL-" + Fixtures.unique(), "name", NUL, "prescriptionRequired", false)),
                "POST", "/api/v1/medicines", "name");
        refused(json(admin, map("name", NUL)), "PATCH", "/api/v1/medicines/" + medicine, "name");
        refused(json(admin, map("genericName", "a\u0007b")), "PATCH", "/api/v1/medicines/" + medicine, "genericName");
        refused(json(admin, map("code", "NUL-1", "name", NUL, "city", "Pune")), "POST", "/api/v1/stores", "name");
        refused(json(admin, map("name", "Store\u001b[31m")), "PATCH", "/api/v1/stores/" + store, "name");
        refused(json(admin, map("username", "nul-" + Fixtures.unique().toLowerCase(), "fullName", NUL, "password",
                "long-enough-password", "role", "ADMIN", "storeIds", List.of())), "POST", "/api/v1/users", "fullName");
        refused(json(admin, map("fullName", "Tab\tName")), "PATCH", "/api/v1/users/"
                + Db.value("SELECT id FROM users WHERE username = ?", crew.cashier()), "fullName");
        refused(json(crew.cashier(), map("customerName", NUL, "items", List.of(map("medicineId", medicine,
                "quantity", 1)))), "POST", "/api/v1/stores/" + store + "/orders", "customerName");
        refused(json(crew.manager(), map("supplier", NUL, "items", List.of(map("medicineId", medicine,
                "batchNumber", Db.value("SELECT batch_number FROM batches WHERE id = ?", batch), "expiryDate",
                LocalDate.now().plusYears(1).toString(), "mrp", 10, "quantity", 1)))),
                "POST", "/api/v1/stores/" + store + "/stock-receipts", "supplier");
        // Free text takes line breaks, never NUL.
        refused(json(crew.manager(), map("reason", "DAMAGED", "note", "line one\n\u0000", "items",
                List.of(map("batchId", batch, "quantityDelta", -1)))),
                "POST", "/api/v1/stores/" + store + "/stock-adjustments", "note");
    }

    @Test
    void loginRefusesNulAndRecordsNoFailure() {
        String before = state();
        given().contentType(ContentType.JSON).body(Map.of("username", "admin\u0000", "password", "whatever-it-is"))
                .post("/api/v1/auth/token").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("username"));
        given().contentType(ContentType.JSON).body(Map.of("username", crew.admin(), "password", "x\u0000y"))
                .post("/api/v1/auth/token").then().statusCode(400).body("errors.field", hasItem("password"));
        assertEquals(before, state());
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/v1/medicines?q=", "/api/v1/stores?q=", "/api/v1/stores?city=", "/api/v1/users?q=",
            "/api/v1/audit-events?actor=", "/api/v1/stores/{store}/inventory?q=",
            "/api/v1/stores/{store}/inventory/summary?q=" })
    void queryParametersRefuseControlCharacters(String url) {
        String path = url.substring(0, url.indexOf('?')).replace("{store}", String.valueOf(store));
        String name = url.substring(url.indexOf('?') + 1, url.length() - 1);
        as(crew.admin()).queryParam(name, "para\u0000").get(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(name));
        as(crew.admin()).queryParam(name, "para\tcetamol").get(path).then().statusCode(400);
        as(crew.admin()).queryParam(name, "para").get(path).then().statusCode(200);
        if (!url.contains("users") && !url.contains("audit")) {
            // Streams check their parameters before they start.
            as(crew.admin()).accept("application/x-ndjson").queryParam(name, "\u0000").get(path).then()
                    .statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void freeTextKeepsLineBreaks() {
        int id = json(crew.admin(), map("code", "FT-" + Fixtures.unique(), "name", "Line breaks", "city", "Pune",
                "address", "12 MG Road\r\nBengaluru\t560001")).post("/api/v1/stores").then().statusCode(201)
                .extract().path("id");
        assertEquals("12 MG Road\r\nBengaluru\t560001", Db.value("SELECT address FROM stores WHERE id = ?", id));
        json(crew.manager(), map("reason", "DAMAGED", "note", "dropped\ncarton", "items",
                List.of(map("batchId", batch, "quantityDelta", -1)))).post("/api/v1/stores/" + store
                        + "/stock-adjustments").then().statusCode(201);
        assertEquals(1, Db.count("SELECT count(*) FROM stock_adjustments WHERE store_id = ? AND note = ?", store,
                "dropped\ncarton"));
        // Names take no line break.
        refused(json(crew.admin(), map("code", "FT-" + Fixtures.unique(), "name", "Two\nlines", "city", "Pune")),
                "POST", "/api/v1/stores", "name");
    }
}
