package com.pharmacyops.platform;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class IdempotencyTest {

    static String admin;
    static String otherAdmin;

    @BeforeAll
    static void setUp() {
        admin = "idem-" + Fixtures.unique().toLowerCase();
        otherAdmin = "idem2-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
        Fixtures.user(otherAdmin, "ADMIN");
    }

    private static Response post(String who, String key, Map<String, Object> body) {
        return as(who).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body).post("/api/v1/stores");
    }

    private static long storesWithCode(String code) {
        return Db.count("SELECT count(*) FROM stores WHERE code = ?", code);
    }

    @Test
    void replayReturnsTheFirstResponseAndCreatesOneRow() {
        String code = "I-" + Fixtures.unique();
        Map<String, Object> body = Map.of("code", code, "name", "Idem", "city", "Goa");
        String key = "key-" + Fixtures.unique();
        Response first = post(admin, key, body);
        first.then().statusCode(201);
        Response again = post(admin, key, body);
        again.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(first.asString(), again.asString());
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(1, storesWithCode(code));
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE entity_type = 'STORE' AND action = 'CREATE'"
                + " AND entity_id = ?", String.valueOf(first.jsonPath().getLong("id"))));
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        String key = "key-" + Fixtures.unique();
        String code = "I-" + Fixtures.unique();
        post(admin, key, Map.of("code", code, "name", "Idem", "city", "Goa")).then().statusCode(201);
        String other = "I-" + Fixtures.unique();
        post(admin, key, Map.of("code", other, "name", "Idem", "city", "Goa")).then().statusCode(422)
                .contentType("application/problem+json");
        assertEquals(0, storesWithCode(other));
    }

    @Test
    void keysBelongToTheirUser() {
        String key = "key-" + Fixtures.unique();
        String code1 = "I-" + Fixtures.unique();
        String code2 = "I-" + Fixtures.unique();
        post(admin, key, Map.of("code", code1, "name", "Idem", "city", "Goa")).then().statusCode(201);
        post(otherAdmin, key, Map.of("code", code2, "name", "Idem", "city", "Goa")).then().statusCode(201);
        assertEquals(1, storesWithCode(code1));
        assertEquals(1, storesWithCode(code2));
    }

    @Test
    void aFirstRequestStillInFlightIs409() {
        String key = "key-" + Fixtures.unique();
        String code = "I-" + Fixtures.unique();
        Map<String, Object> body = Map.of("code", code, "name", "Idem", "city", "Goa");
        // Claim the key the way a request in progress does, then send the same request.
        post(admin, key, body).then().statusCode(201);
        Db.exec("UPDATE idempotency_keys SET completed = FALSE, response_status = NULL, updated_at = now()"
                + " WHERE idem_key = ?", key);
        post(admin, key, body).then().statusCode(409).contentType("application/problem+json");
        assertEquals(1, storesWithCode(code));
    }

    @Test
    void failedWorkReleasesTheKey() {
        String key = "key-" + Fixtures.unique();
        String taken = (String) Db.value("SELECT code FROM stores LIMIT 1");
        post(admin, key, Map.of("code", taken, "name", "Idem", "city", "Goa")).then().statusCode(409);
        assertEquals(0, Db.count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));
        String code = "I-" + Fixtures.unique();
        post(admin, key, Map.of("code", code, "name", "Idem", "city", "Goa")).then().statusCode(201);
    }

    @Test
    void expiredKeysCanBeReused() {
        String key = "key-" + Fixtures.unique();
        String code = "I-" + Fixtures.unique();
        post(admin, key, Map.of("code", code, "name", "Idem", "city", "Goa")).then().statusCode(201);
        Db.exec("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE idem_key = ?", key);
        String code2 = "I-" + Fixtures.unique();
        post(admin, key, Map.of("code", code2, "name", "Idem", "city", "Goa")).then().statusCode(201);
        assertEquals(1, storesWithCode(code2));
    }

    @Test
    void keysLongerThan255AreRefused() {
        String code = "I-" + Fixtures.unique();
        post(admin, "k".repeat(256), Map.of("code", code, "name", "Idem", "city", "Goa")).then().statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertEquals(0, storesWithCode(code));
    }
}
