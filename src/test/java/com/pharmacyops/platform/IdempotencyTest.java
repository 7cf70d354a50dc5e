package com.pharmacyops.platform;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
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

    /**
     * A POST with the given raw header lines, sent over a socket so that the bytes arrive as written (an HTTP client
     * would re-encode or refuse some): its status line and whole answer.
     */
    private static String raw(String code, String headerLines) throws IOException {
        byte[] body = ("{\"code\":\"" + code + "\",\"name\":\"Idem\",\"city\":\"Goa\"}")
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/v1/stores HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + Fixtures.token(admin) + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n" + headerLines + "Connection: close\r\n\r\n";
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Empty, blank, with a tab, space or non-ASCII (UTF-8 bytes), or sent twice: refused, nothing written. */
    @ParameterizedTest
    @ValueSource(strings = { "Idempotency-Key:\r\n", "Idempotency-Key:    \r\n", "Idempotency-Key: a\tb\r\n",
            "Idempotency-Key: a b\r\n", "Idempotency-Key: cl\u00e9-1\r\n",
            "Idempotency-Key: a\r\nIdempotency-Key: b\r\n", "Idempotency-Key: a\r\nIdempotency-Key: a\r\n" })
    void keysAreOneToVisibleAsciiSentOnce(String lines) throws IOException {
        String answer = refusedWithoutWriting(lines);
        assertTrue(answer.contains("application/problem+json"), answer);
        assertTrue(answer.contains("\"field\":\"Idempotency-Key\""), answer);
    }

    /** Control characters other than tab never reach the application: the HTTP decoder refuses the request. */
    @ParameterizedTest
    @ValueSource(strings = { "Idempotency-Key: a\u0001b\r\n", "Idempotency-Key: a\u007fb\r\n" })
    void keysWithControlCharactersAreRefused(String lines) throws IOException {
        refusedWithoutWriting(lines);
    }

    private static String refusedWithoutWriting(String lines) throws IOException {
        String code = "I-" + Fixtures.unique();
        long keys = Db.count("SELECT count(*) FROM idempotency_keys");
        String answer = raw(code, lines);
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertEquals(0, storesWithCode(code));
        assertEquals(keys, Db.count("SELECT count(*) FROM idempotency_keys"));
        return answer;
    }

    @Test
    void aKeyOf255VisibleCharactersIsTaken() throws IOException {
        String code = "I-" + Fixtures.unique();
        String key = "!~" + Fixtures.unique() + "k".repeat(245);
        assertTrue(raw(code, "Idempotency-Key: " + key + "\r\n").startsWith("HTTP/1.1 201 "));
        assertEquals(1, Db.count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));
        assertEquals(1, storesWithCode(code));
    }

    @Test
    void keysLongerThan255AreRefused() {
        String code = "I-" + Fixtures.unique();
        post(admin, "k".repeat(256), Map.of("code", code, "name", "Idem", "city", "Goa")).then().statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertEquals(0, storesWithCode(code));
    }
}
