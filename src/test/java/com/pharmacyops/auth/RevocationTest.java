package com.pharmacyops.auth;

import static com.pharmacyops.support.Fixtures.PASSWORD;
import static com.pharmacyops.support.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;

/**
 * A password change ends the sessions opened before it: tokens issued earlier are refused (at once on the replica
 * that made the change, within user-cache-ttl on the others), newer tokens work, and each refused token is
 * audited once, however often it comes back.
 */
@QuarkusTest
class RevocationTest {

    static Crew crew;

    @BeforeAll
    static void setUp() {
        crew = Crew.in(Fixtures.store());
    }

    /** A token as the service issues them, issued ten seconds ago (iat has whole seconds: surely before a change). */
    static String earlierToken(long userId, String username) throws Exception {
        byte[] der = Base64.getDecoder().decode(System.getProperty("pharmacyops.dev.private-key"));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        Instant issued = Instant.now().minusSeconds(10);
        return Jwt.issuer("https://pharmacy-ops.internal").subject(String.valueOf(userId)).upn(username)
                .groups(Set.of("CASHIER")).issuedAt(issued).expiresAt(issued.plusSeconds(900)).sign(key);
    }

    static int me(String token) {
        return given().auth().oauth2(token).get("/api/v1/me").then().extract().statusCode();
    }

    static long revocations(long userId) {
        return Db.count("SELECT count(*) FROM audit_events WHERE action = 'TOKEN_REVOKED' AND entity_id = ?",
                String.valueOf(userId));
    }

    @Test
    void changingYourPasswordEndsYourEarlierTokens() throws Exception {
        String username = "rev-me-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(username, "CASHIER", Fixtures.store());
        String old = earlierToken(id, username);
        assertEquals(200, me(old));
        assertNull(Db.value("SELECT credentials_changed_at FROM users WHERE id = ?", id));

        given().auth().oauth2(old).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "another-password-1"))
                .post("/api/v1/me/password").then().statusCode(204);

        assertNotNull(Db.value("SELECT credentials_changed_at FROM users WHERE id = ?", id));
        // This replica forgot its cached copy: refused at once, the token that made the change too.
        given().auth().oauth2(old).get("/api/v1/me").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        assertEquals(401, me(old));
        String fresh = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "another-password-1")).post("/api/v1/auth/token")
                .then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(fresh).get("/api/v1/me").then().statusCode(200).body("id", equalTo((int) id));
        // Audited once although refused twice; the reason says why.
        assertEquals(1, revocations(id));
        assertEquals("password changed", Db.value("SELECT changes->>'reason' FROM audit_events WHERE "
                + "action = 'TOKEN_REVOKED' AND entity_id = ?", String.valueOf(id)));
    }

    @Test
    void anAdminSettingAPasswordEndsTheUsersEarlierTokens() throws Exception {
        String username = "rev-adm-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(username, "CASHIER", Fixtures.store());
        String old = earlierToken(id, username);

        as(crew.admin()).contentType(ContentType.JSON).body(Map.of("fullName", "Renamed"))
                .patch("/api/v1/users/" + id).then().statusCode(200);
        assertEquals(200, me(old)); // other changes leave sessions alone
        assertNull(Db.value("SELECT credentials_changed_at FROM users WHERE id = ?", id));

        as(crew.admin()).contentType(ContentType.JSON).body(Map.of("password", "set-by-the-admin-1"))
                .patch("/api/v1/users/" + id).then().statusCode(200);
        assertEquals(401, me(old));
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "set-by-the-admin-1"))
                .post("/api/v1/auth/token").then().statusCode(200);
        assertEquals(1, revocations(id));
    }

    @Test
    void aChangeMadeElsewhereEndsTokensWithinTheCachePeriod() throws Exception {
        String username = "rev-far-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(username, "CASHIER", Fixtures.store());
        String old = earlierToken(id, username);
        assertEquals(200, me(old));
        // Changed by another replica: this one's cached copy expires (1 s in tests, 30 s in prod).
        Db.exec("UPDATE users SET credentials_changed_at = now() WHERE id = ?", id);
        Thread.sleep(1500);
        assertEquals(401, me(old));
    }

    @Test
    void aDeactivatedUsersRefusedTokenIsAuditedOnce() throws Exception {
        String username = "rev-off-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(username, "CASHIER", Fixtures.store());
        String token = earlierToken(id, username);
        as(crew.admin()).contentType(ContentType.JSON).body(Map.of("active", false)).patch("/api/v1/users/" + id)
                .then().statusCode(200);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, me(token));
        }
        assertEquals(1, revocations(id));
        assertEquals("deactivated", Db.value("SELECT changes->>'reason' FROM audit_events WHERE "
                + "action = 'TOKEN_REVOKED' AND entity_id = ?", String.valueOf(id)));
        as(crew.auditor()).queryParam("entityType", "USER").queryParam("entityId", id).get("/api/v1/audit-events")
                .then().statusCode(200).body("items.action", org.hamcrest.Matchers.hasItem("TOKEN_REVOKED"));
    }
}
