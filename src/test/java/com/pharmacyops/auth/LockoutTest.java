package com.pharmacyops.auth;

import static com.pharmacyops.support.Fixtures.PASSWORD;
import static com.pharmacyops.support.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The per-username lock-out: atomic under parallel attempts, shared through the database, audited, and lifted
 * early by an ADMIN ({@code POST /users/{id}/unlock}); the current-password check of a password change is
 * throttled the same way.
 */
@QuarkusTest
class LockoutTest {

    static Crew crew;

    @TestHTTPResource("/api/v1/auth/token")
    URI tokenUri;

    @BeforeAll
    static void setUp() {
        crew = Crew.in(Fixtures.store());
    }

    static Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/token");
    }

    static long events(String action, String entityType, String entityId) {
        return Db.count("SELECT count(*) FROM audit_events WHERE action = ? AND entity_type = ? AND entity_id = ?",
                action, entityType, entityId);
    }

    static void lockOut(String username) {
        for (int i = 0; i < 5; i++) {
            login(username, "wrong-password-" + i).then().statusCode(401);
        }
        login(username, PASSWORD).then().statusCode(429);
    }

    @Test
    void fortyParallelWrongPasswordsGiveFive401sAndThen429s() {
        String username = "par-" + Fixtures.unique().toLowerCase();
        Fixtures.user(username, "CASHIER", Fixtures.store());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String body = "{\"username\":\"" + username + "\",\"password\":\"wrong-password\"}";
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(tokenUri).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        Map<Integer, Long> outcomes = calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertEquals(Map.of(401, 5L, 429, 35L), outcomes);
        for (var call : calls) {
            HttpResponse<String> r = call.join();
            if (r.statusCode() == 429) {
                long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(retryAfter > 800 && retryAfter <= 900, "Retry-After " + retryAfter);
            }
        }
        assertEquals(6, Db.count("SELECT failures FROM auth_failures WHERE key = ?", "login:" + username));
        assertEquals(5, events("LOGIN_FAILED", "LOGIN", username));
        assertEquals(1, events("LOCKED_OUT", "LOGIN", username));
    }

    @Test
    void failedLoginsAreAuditedWithTheAddressNeverThePassword() {
        String username = "aud-" + Fixtures.unique().toLowerCase();
        Fixtures.user(username, "AUDITOR");
        // Without proxy forwarding configured, X-Forwarded-For is not believed.
        given().header("X-Forwarded-For", "203.0.113.9").contentType(ContentType.JSON)
                .body(Map.of("username", username.toUpperCase(), "password", "secret-guess-42"))
                .post("/api/v1/auth/token").then().statusCode(401);
        String changes = (String) Db.value("SELECT changes::text FROM audit_events WHERE action = 'LOGIN_FAILED' "
                + "AND entity_id = ?", username);
        assertTrue(changes.contains("\"clientAddress\": \"127.0.0.1\""), changes);
        assertFalse(changes.contains("secret-guess-42"), changes);
        assertEquals("anonymous", Db.value("SELECT actor FROM audit_events WHERE action = 'LOGIN_FAILED' "
                + "AND entity_id = ?", username));
        for (String reader : List.of(crew.admin(), crew.auditor())) {
            as(reader).queryParam("entityType", "LOGIN").queryParam("entityId", username).get("/api/v1/audit-events")
                    .then().statusCode(200).body("items.action", hasItems("LOGIN_FAILED"))
                    .body("items[0].changes.clientAddress", equalTo("127.0.0.1"));
        }
        as(crew.manager()).get("/api/v1/audit-events").then().statusCode(403);
    }

    @Test
    void anAdminUnlocksALockedOutAdmin() {
        String username = "lockadm-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(username, "ADMIN");
        lockOut(username);

        String key = "unlock-" + Fixtures.unique();
        as(crew.admin()).header("Idempotency-Key", key).post("/api/v1/users/" + id + "/unlock").then().statusCode(204);
        as(crew.admin()).header("Idempotency-Key", key).post("/api/v1/users/" + id + "/unlock").then().statusCode(204)
                .header("Idempotent-Replayed", "true");
        assertEquals(0, Db.count("SELECT count(*) FROM auth_failures WHERE key = ?", "login:" + username));
        assertEquals(1, events("UNLOCK", "USER", String.valueOf(id)));
        assertEquals(crew.admin(), Db.value("SELECT actor FROM audit_events WHERE action = 'UNLOCK' AND entity_id = ?",
                String.valueOf(id)));
        login(username, PASSWORD).then().statusCode(200);
    }

    @ParameterizedTest
    @CsvSource({ "AUDITOR", "STORE_MANAGER", "PHARMACIST", "CASHIER" })
    void onlyAnAdminUnlocks(String role) {
        String username = "lockrole-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(username, "CASHIER", Fixtures.store());
        lockOut(username);
        as(crew.of(role)).post("/api/v1/users/" + id + "/unlock").then().statusCode(403)
                .contentType("application/problem+json");
        assertEquals(6, Db.count("SELECT failures FROM auth_failures WHERE key = ?", "login:" + username));
        assertEquals(0, events("UNLOCK", "USER", String.valueOf(id)));
        login(username, PASSWORD).then().statusCode(429);
    }

    @Test
    void unlockingAnUnknownUserIs404() {
        long events = Db.count("SELECT count(*) FROM audit_events WHERE action = 'UNLOCK'");
        as(crew.admin()).post("/api/v1/users/987654321/unlock").then().statusCode(404)
                .contentType("application/problem+json");
        as(crew.admin()).post("/api/v1/users/abc/unlock").then().statusCode(404);
        as(crew.admin()).get("/api/v1/users/1/unlock").then().statusCode(405);
        assertEquals(events, Db.count("SELECT count(*) FROM audit_events WHERE action = 'UNLOCK'"));
    }

    @Test
    void wrongCurrentPasswordsAreThrottledLikeLogins() {
        String username = "chg-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(username, "PHARMACIST", Fixtures.store());
        String hash = (String) Db.value("SELECT password_hash FROM users WHERE id = ?", id);
        String token = Fixtures.token(username);
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("currentPassword", "wrong-current-" + i, "newPassword", "a-new-password-1"))
                    .post("/api/v1/me/password").then().statusCode(400)
                    .body("errors.field", hasItems("currentPassword"));
        }
        // Even the right current password waits now.
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "a-new-password-1"))
                .post("/api/v1/me/password").then().statusCode(429).header("Retry-After", notNullValue())
                .contentType("application/problem+json");
        assertEquals(hash, Db.value("SELECT password_hash FROM users WHERE id = ?", id));
        assertEquals(5, events("PASSWORD_REJECTED", "USER", String.valueOf(id)));
        assertEquals(1, events("LOCKED_OUT", "USER", String.valueOf(id)));
        // Logins are counted apart: the user still logs in.
        login(username, PASSWORD).then().statusCode(200);
        // An ADMIN's unlock clears this counter too.
        as(crew.admin()).post("/api/v1/users/" + id + "/unlock").then().statusCode(204);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "a-new-password-1"))
                .post("/api/v1/me/password").then().statusCode(204);
    }
}
