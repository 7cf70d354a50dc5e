package com.pharmacyops.auth;

import static com.pharmacyops.support.Fixtures.PASSWORD;
import static com.pharmacyops.support.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * New passwords are hashed with bcrypt at cost 12 and hold at most 72 bytes of UTF-8 (what bcrypt reads);
 * hashes made at cost 10 still verify.
 */
@QuarkusTest
class PasswordRulesTest {

    // 36 two-byte letters: 72 bytes, the most bcrypt reads; one more byte is refused.
    static final String FITS = "é".repeat(36);
    static final String TOO_LONG = FITS + "x";

    static Crew crew;
    static long store;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        crew = Crew.in(store);
        assertEquals(72, FITS.getBytes(StandardCharsets.UTF_8).length);
    }

    static Map<String, Object> user(String username, String password) {
        return Map.of("username", username, "fullName", "Long Password", "password", password, "role", "CASHIER",
                "storeIds", List.of(store));
    }

    @Test
    void newHashesCostTwelveAndOldOnesOfTenStillVerify() {
        String username = "cost-" + Fixtures.unique().toLowerCase();
        int id = as(crew.admin()).contentType(ContentType.JSON).body(user(username, FITS)).post("/api/v1/users")
                .then().statusCode(201).extract().path("id");
        String hash = (String) Db.value("SELECT password_hash FROM users WHERE id = ?", id);
        assertTrue(hash.startsWith("$2a$12$"), hash);
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", FITS))
                .post("/api/v1/auth/token").then().statusCode(200);

        String old = "cost10-" + Fixtures.unique().toLowerCase();
        long oldId = Fixtures.user(old, "AUDITOR");
        assertTrue(((String) Db.value("SELECT password_hash FROM users WHERE id = ?", oldId)).startsWith("$2a$10$"));
        given().contentType(ContentType.JSON).body(Map.of("username", old, "password", PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(200);
    }

    @Test
    void createRefusesAPasswordOverSeventyTwoBytes() {
        String username = "long-" + Fixtures.unique().toLowerCase();
        long users = Db.count("SELECT count(*) FROM users");
        as(crew.admin()).contentType(ContentType.JSON).body(user(username, TOO_LONG)).post("/api/v1/users").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("password"))
                .body("errors[0].message", equalTo("must be at most 72 bytes in UTF-8"));
        assertEquals(users, Db.count("SELECT count(*) FROM users"));
    }

    @Test
    void updateRefusesAPasswordOverSeventyTwoBytes() {
        long id = Fixtures.user("longupd-" + Fixtures.unique().toLowerCase(), "CASHIER", store);
        String hash = (String) Db.value("SELECT password_hash FROM users WHERE id = ?", id);
        as(crew.admin()).contentType(ContentType.JSON).body(Map.of("password", TOO_LONG)).patch("/api/v1/users/" + id)
                .then().statusCode(400).body("errors.field", contains("password"));
        assertEquals(hash, Db.value("SELECT password_hash FROM users WHERE id = ?", id));
    }

    @Test
    void passwordChangeRefusesANewPasswordOverSeventyTwoBytes() {
        String username = "longme-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(username, "CASHIER", store);
        String hash = (String) Db.value("SELECT password_hash FROM users WHERE id = ?", id);
        as(username).contentType(ContentType.JSON).body(Map.of("currentPassword", PASSWORD, "newPassword", TOO_LONG))
                .post("/api/v1/me/password").then().statusCode(400).body("errors.field", contains("newPassword"));
        assertEquals(hash, Db.value("SELECT password_hash FROM users WHERE id = ?", id));
        // A refused body is no wrong current password: nothing counted against the user.
        assertEquals(0, Db.count("SELECT count(*) FROM auth_failures WHERE key = ?", "password:" + id));
    }
}
