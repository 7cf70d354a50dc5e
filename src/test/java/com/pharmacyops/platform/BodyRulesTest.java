package com.pharmacyops.platform;

import static com.pharmacyops.support.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.specification.RequestSpecification;

/**
 * A body must be declared JSON in UTF-8 (415) and fit the body limit (413), the target and headers theirs (414, 431),
 * all as problems; nothing is written.
 */
@QuarkusTest
class BodyRulesTest {

    private static final String STORE = "{\"code\":\"%s\",\"name\":\"Body rules\",\"city\":\"Pune\"}";

    /** REST Assured adds a charset or a type of its own unless told not to. */
    private static RequestSpecification raw(RequestSpecification r) {
        return r.config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .appendDefaultContentCharsetToContentTypeIfUndefined(false)));
    }

    @Test
    void aBodyWithoutJsonContentTypeIs415AndWritesNothing() {
        String admin = "admin-415-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
        long store = Fixtures.store();
        for (String type : new String[] { null, "text/plain", "application/json; charset=foo-bar",
                "application/json; charset=ISO-8859-1" }) {
            String code = "B-" + Fixtures.unique();
            RequestSpecification post = raw(as(admin)).body(String.format(STORE, code).getBytes(StandardCharsets.UTF_8));
            RequestSpecification patch = raw(as(admin)).body("{\"name\":\"Renamed\"}".getBytes(StandardCharsets.UTF_8));
            RequestSpecification login = raw(given()).body(("{\"username\":\"" + admin + "\",\"password\":\""
                    + Fixtures.PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8));
            if (type != null) {
                post.contentType(type);
                patch.contentType(type);
                login.contentType(type);
            }
            post.post("/api/v1/stores").then().statusCode(415).contentType("application/problem+json")
                    .body("status", equalTo(415));
            patch.patch("/api/v1/stores/" + store).then().statusCode(415).contentType("application/problem+json");
            login.post("/api/v1/auth/token").then().statusCode(415).contentType("application/problem+json");
            assertEquals(0, Db.count("SELECT count(*) FROM stores WHERE code = ?", code), String.valueOf(type));
        }
        assertEquals("Store " + Db.value("SELECT code FROM stores WHERE id = ?", store),
                Db.value("SELECT name FROM stores WHERE id = ?", store));
        // UTF-8 named or implied stays fine.
        String code = "B-" + Fixtures.unique();
        raw(as(admin)).contentType("application/json; charset=utf-8").body(String.format(STORE, code))
                .post("/api/v1/stores").then().statusCode(201);
        raw(as(admin)).contentType("application/json").body("{\"name\":\"Renamed\"}")
                .patch("/api/v1/stores/" + store).then().statusCode(200);
    }

    @Test
    void aBodyOverTheLimitIs413Problem() throws IOException {
        String admin = "admin-413-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
        long before = Db.count("SELECT count(*) FROM stores");
        String answer = send("POST /api/v1/stores HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + Fixtures.token(admin) + "\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{}");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
        assertTrue(answer.contains("\"status\":413"), answer);
        assertEquals(before, Db.count("SELECT count(*) FROM stores"));
    }

    @Test
    void aChunkedBodyPastTheLimitIs413AndWritesNothing() throws IOException {
        // No Content-Length: the reader finds the size only as the chunks come, answers 413 and closes.
        String admin = "admin-413c-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
        long before = Db.count("SELECT count(*) FROM stores");
        try (Socket s = new Socket("localhost", RestAssured.port)) {
            s.setSoTimeout(30_000);
            var out = s.getOutputStream();
            out.write(("POST /api/v1/stores HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Fixtures.token(admin)
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                for (int i = 0; i < 40; i++) { // 2.5 MB of whitespace, past the 1M limit
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException closedByServer) {
                // expected once the server has answered
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(answer);
            } catch (IOException reset) {
                // the server may reset after its answer
            }
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 413"), text);
        }
        assertEquals(before, Db.count("SELECT count(*) FROM stores"));
    }

    @Test
    void aTooLongUriOrTooLargeHeadersAreProblems() throws IOException {
        String admin = "admin-414-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
        String token = Fixtures.token(admin);
        String uri = send("GET /api/v1/stores?q=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
        assertTrue(uri.startsWith("HTTP/1.1 414"), uri);
        assertTrue(uri.toLowerCase().contains("content-type: application/problem+json"), uri);
        assertTrue(uri.contains("\"status\":414") && uri.contains("\"instance\":\"/api/v1/stores\""), uri);
        String headers = send("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nX-Padding: " + "b".repeat(25_000) + "\r\nConnection: close\r\n\r\n");
        assertTrue(headers.startsWith("HTTP/1.1 431"), headers);
        assertTrue(headers.contains("\"status\":431"), headers);
        // Within the limits, the same requests are answered.
        assertTrue(send("GET /api/v1/stores?q=" + "a".repeat(90) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
        // Beyond the codec's own limit (8192) the answer is the codec's: the status, without a body.
        assertTrue(send("GET /api/v1/stores?q=" + "a".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .contains(" 414 "));
    }

    @Test
    void aTargetThatIsNotAUriIsAProblem() throws IOException {
        for (String target : new String[] { "/api/v1/stores?q=%", "/api/v1/stores?q=%zz", "/api/v1/st%zores" }) {
            String answer = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
            assertTrue(answer.contains("\"status\":400"), answer);
        }
    }

    /** The whole answer of one request over a plain socket (the server closes the connection). */
    static String send(String request) throws IOException {
        try (Socket s = new Socket("localhost", RestAssured.port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.getInputStream().transferTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
