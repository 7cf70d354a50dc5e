package com.pharmacyops.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.pharmacyops.platform.health.HealthcheckCli;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The CLI probe against this running instance, against nothing, and with bad arguments. */
@QuarkusTest
class HealthcheckCliTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private static String[] run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code = HealthcheckCli.run(args, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        return new String[] { String.valueOf(code), buffer.toString(StandardCharsets.UTF_8).trim() };
    }

    @Test
    void upWhenReady() {
        String[] r = run("--url", "http://127.0.0.1:" + management.getPort(), "--timeout", "2s");
        assertEquals("0", r[0]);
        assertEquals("UP", r[1]);
    }

    @Test
    void downWhenNothingAnswers() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] r = run("--url", "http://127.0.0.1:" + port, "--timeout", "500ms");
        assertEquals("1", r[0]);
        assertTrue(r[1].startsWith("DOWN: "), r[1]);
        assertEquals(1, r[1].lines().count());
    }

    @Test
    void downWhenNotReady() {
        // Any server that is not a ready instance: the API port serves no /q/health/ready (404).
        String[] r = run("--url", "http://127.0.0.1:" + RestAssured.port);
        assertEquals("1", r[0]);
        assertEquals("DOWN: readiness answered HTTP 404", r[1]);
    }

    @Test
    void usageErrors() {
        for (String[] args : new String[][] { { "--verbose" }, { "--url" }, { "--url", "ftp://x" },
                { "--timeout", "soon" }, { "--timeout", "0s" } }) {
            String[] r = run(args);
            assertEquals("2", r[0], String.join(" ", args));
            assertTrue(r[1].startsWith("usage: healthcheck"), r[1]);
        }
    }
}
