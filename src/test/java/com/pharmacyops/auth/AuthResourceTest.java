package com.pharmacyops.auth;

import static com.pharmacyops.support.Fixtures.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class AuthResourceTest {

    private static io.restassured.response.Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/token");
    }

    @Test
    void issuesAnRs256TokenWithTheContractClaims() {
        long store = Fixtures.store();
        long id = Fixtures.user("claims-" + Fixtures.unique(), "PHARMACIST", store);
        String username = (String) Db.value("SELECT username FROM users WHERE id = ?", id);

        var body = login(username.toUpperCase(), PASSWORD).then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("accessToken", notNullValue())
                .extract().jsonPath();
        String[] parts = body.getString("accessToken").split("\\.");
        JsonPath header = JsonPath.from(decode(parts[0]));
        JsonPath claims = JsonPath.from(decode(parts[1]));
        assertEquals("RS256", header.getString("alg"));
        assertEquals(String.valueOf(id), claims.getString("sub"));
        assertEquals(username, claims.getString("upn"));
        assertEquals("https://pharmacy-ops.internal", claims.getString("iss"));
        assertEquals(java.util.List.of("PHARMACIST"), claims.getList("groups"));
        assertEquals(java.util.List.of((int) store), claims.getList("stores"));
        assertTrue(claims.getLong("exp") - claims.getLong("iat") == 900);
        assertTrue(claims.getString("jti").length() > 10);
    }

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() {
        String username = "wrong-" + Fixtures.unique().toLowerCase();
        Fixtures.user(username, "ADMIN");
        String wrongPassword = login(username, "not-the-password").then().statusCode(401)
                .contentType("application/problem+json").extract().asString();
        String unknownUser = login("nobody-" + Fixtures.unique(), "not-the-password").then().statusCode(401)
                .extract().asString();
        // Identical but for the per-request id.
        String requestId = ",\"traceId\":\"[0-9a-f]{32}\"";
        assertEquals(wrongPassword.replaceAll(requestId, ""), unknownUser.replaceAll(requestId, ""));
        assertTrue(wrongPassword.contains("\"detail\":\"Wrong username or password\""), wrongPassword);
    }

    @Test
    void locksOutAfterFiveFailuresWithRetryAfter() {
        String username = "lock-" + Fixtures.unique().toLowerCase();
        Fixtures.user(username, "CASHIER", Fixtures.store());
        for (int i = 0; i < 5; i++) {
            login(username, "bad-password-" + i).then().statusCode(401);
        }
        // Even the right password is refused while locked out.
        String retryAfter = login(username, PASSWORD).then().statusCode(429)
                .contentType("application/problem+json").extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds > 800 && seconds <= 901, "Retry-After " + seconds);
        // Shared through the database (any replica sees it); once the window is over, the user may try again.
        assertEquals(6, Db.count("SELECT failures FROM auth_failures WHERE key = ?", "login:" + username));
        Db.exec("UPDATE auth_failures SET window_start = window_start - interval '16 minutes' WHERE key = ?",
                "login:" + username);
        login(username, PASSWORD).then().statusCode(200);
        assertEquals(0, Db.count("SELECT count(*) FROM auth_failures WHERE key = ?", "login:" + username));
    }

    @Test
    void deactivatedUserCannotLogIn() {
        String username = "inactive-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(username, "AUDITOR");
        Db.exec("UPDATE users SET active = FALSE WHERE id = ?", id);
        login(username, PASSWORD).then().statusCode(401);
    }

    @Test
    void meAndPasswordChange() {
        long store = Fixtures.store();
        String username = "me-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(username, "STORE_MANAGER", store);
        String token = Fixtures.token(username);

        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200)
                .body("id", equalTo((int) id)).body("username", equalTo(username))
                .body("role", equalTo("STORE_MANAGER")).body("storeIds", contains((int) store))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("passwordHash")));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "wrong-current", "newPassword", "a-new-password-1"))
                .post("/api/v1/me/password").then().statusCode(400)
                .body("errors.field", hasItems("currentPassword"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "short"))
                .post("/api/v1/me/password").then().statusCode(400).body("errors.field", hasItems("newPassword"));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "a-new-password-1"))
                .post("/api/v1/me/password").then().statusCode(204);
        login(username, PASSWORD).then().statusCode(401);
        login(username, "a-new-password-1").then().statusCode(200);
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE action = 'CHANGE_PASSWORD' AND entity_id = ?",
                String.valueOf(id)));
    }

    @Test
    void loginRequiresBothFields() {
        given().contentType(ContentType.JSON).body("{\"username\":\"x\"}").post("/api/v1/auth/token").then()
                .statusCode(400).body("errors.field", hasItems("password"));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
