package com.pharmacyops.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Map;

import org.apache.http.conn.params.ConnRoutePNames;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Logins are limited per client address, whatever the username: 3 an hour here. The address is the TCP peer; a
 * forwarded address counts only from a proxy the configuration trusts (127.0.0.2 here, reached by binding the
 * client's end of the connection to it).
 */
@QuarkusTest
@TestProfile(AddressLimitTest.ThreeAnHour.class)
class AddressLimitTest {

    public static class ThreeAnHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pharmacy.security.login-rate.per-address", "3",
                    "pharmacy.security.login-rate.period", "PT1H",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.2");
        }
    }

    static RequestSpecification fromProxy() throws Exception {
        InetAddress proxy = InetAddress.getByName("127.0.0.2");
        return given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam(ConnRoutePNames.LOCAL_ADDRESS, proxy)));
    }

    static Response login(RequestSpecification from, String forwardedFor, String username) {
        return from.header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "wrong-password")).post("/api/v1/auth/token");
    }

    @Test
    void anAddressGetsThreeAttemptsWhateverTheUsernameOrTheHeaderItSends() {
        String prefix = "addr-" + Fixtures.unique().toLowerCase();
        for (int i = 0; i < 3; i++) {
            // 127.0.0.1 is no trusted proxy: its X-Forwarded-For is ignored, a new one each time changes nothing.
            login(given(), "198.51.100." + i, prefix + "-" + i).then().statusCode(401);
        }
        String refused = prefix + "-3";
        String retryAfter = login(given(), "198.51.100.3", refused).then().statusCode(429)
                .contentType("application/problem+json").extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds > 1100 && seconds <= 1200, "Retry-After " + seconds); // a token every 20 minutes
        // Refused before anything was counted or checked.
        assertEquals(0, Db.count("SELECT count(*) FROM auth_failures WHERE key = ?", "login:" + refused));
        assertEquals(0, Db.count("SELECT count(*) FROM audit_events WHERE entity_id = ?", refused));
        assertEquals(3, Db.count("SELECT count(*) FROM audit_events WHERE action = 'LOGIN_FAILED' AND entity_id LIKE ? "
                + "AND changes->>'clientAddress' = '127.0.0.1'", prefix + "-%"));
    }

    @Test
    void behindATrustedProxyEachForwardedAddressHasItsOwnBucket() throws Exception {
        String prefix = "fwd-" + Fixtures.unique().toLowerCase();
        for (int i = 0; i < 3; i++) {
            login(fromProxy(), "203.0.113.7", prefix + "-a" + i).then().statusCode(401);
        }
        login(fromProxy(), "203.0.113.7", prefix + "-a3").then().statusCode(429);
        login(fromProxy(), "203.0.113.8", prefix + "-b").then().statusCode(401);
        assertEquals("203.0.113.8", Db.value("SELECT changes->>'clientAddress' FROM audit_events WHERE "
                + "action = 'LOGIN_FAILED' AND entity_id = ?", prefix + "-b"));
    }
}
