package com.pharmacyops.platform;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Snapshot;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A required text (a store's name and city, a user's full name, a medicine's name, a cancel reason) needs a visible
 * character on create and on update alike: once a PATCH stored an em space, or a control character that the service's
 * trim() turned into an empty name.
 */
@QuarkusTest
class TextRulesTest {

    static long store;
    static String admin;
    static long user;
    static long medicine;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        admin = "text-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
        user = Fixtures.user("text-u-" + Fixtures.unique().toLowerCase(), "CASHIER", store);
        medicine = Catalog.medicine();
    }

    private static void refused(String method, String path, Map<String, Object> body, String field,
            String message) {
        String before = Snapshot.of();
        as(admin).header("Idempotency-Key", "text-" + Fixtures.unique()).contentType(ContentType.JSON).body(body)
                .request(method, path).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", everyItem(equalTo(field))).body("errors.message", hasItem(message));
        assertEquals(before, Snapshot.of(), method + " " + path + " wrote something");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "\u2003", "\u00a0", "\u3000 \u2003", "\u200b", "\u2028\u2029" })
    void blankRequiredTextIsRefusedOnCreateAndUpdate(String blank) {
        String message = "must not be blank";
        refused("PATCH", "/api/v1/stores/" + store, Map.of("name", blank), "name", message);
        refused("PATCH", "/api/v1/stores/" + store, Map.of("city", blank), "city", message);
        refused("PATCH", "/api/v1/users/" + user, Map.of("fullName", blank), "fullName", message);
        refused("PATCH", "/api/v1/medicines/" + medicine, Map.of("name", blank), "name", message);
        refused("POST", "/api/v1/stores", Map.of("code", "TX-" + Fixtures.unique(), "name", blank, "city", "Pune"),
                "name", message);
        refused("POST", "/api/v1/users", Map.of("username", "tx-" + Fixtures.unique().toLowerCase(), "fullName",
                blank, "password", "long-enough-password", "role", "CASHIER"), "fullName", message);
        refused("POST", "/api/v1/medicines", Map.of("sku", "TX-" + Fixtures.unique(), "name", blank,
                "prescriptionRequired", false), "name", message);
        // Validation comes before the order is looked up, so no order is needed.
        refused("POST", "/api/v1/stores/" + store + "/orders/999999999/cancel", Map.of("reason", blank), "reason",
                message);
    }

    @Test
    void controlCharactersAreRefusedOnUpdate() {
        String message = "must not contain control characters";
        refused("PATCH", "/api/v1/stores/" + store, Map.of("name", "\u001c"), "name", message);
        refused("PATCH", "/api/v1/stores/" + store, Map.of("city", "\u001c"), "city", message);
        refused("PATCH", "/api/v1/users/" + user, Map.of("fullName", "\u001c"), "fullName", message);
        refused("PATCH", "/api/v1/medicines/" + medicine, Map.of("name", " \u001c "), "name", message);
    }

    @Test
    void textWithAVisibleCharacterPasses() {
        as(admin).contentType(ContentType.JSON).body(Map.of("name", "\u00a0Nagar\u2003Store"))
                .patch("/api/v1/stores/" + store).then().statusCode(200);
        assertEquals("\u00a0Nagar\u2003Store", Db.value("SELECT name FROM stores WHERE id = ?", store));
    }
}
