package com.pharmacyops.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The packaged application refuses to start without a database or keys, with one clear line. */
class ProductionGuardIT {

    /** {@code java -jar … healthcheck …} probes without starting a server, even with no configuration at all. */
    @Test
    void healthcheckSubcommandProbesWithoutStarting() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process down = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                "target/quarkus-app/quarkus-run.jar", "healthcheck", "--url", "http://127.0.0.1:" + port,
                "--timeout", "1s").redirectErrorStream(true).start();
        assertTrue(down.waitFor(30, TimeUnit.SECONDS));
        String out = new String(down.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(1, down.exitValue(), out);
        assertTrue(out.startsWith("DOWN: ") && out.lines().count() == 1, out);

        Process usage = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                "target/quarkus-app/quarkus-run.jar", "healthcheck", "--bogus").redirectErrorStream(true).start();
        assertTrue(usage.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, usage.exitValue());
    }

    @Test
    void refusesToStartWithoutDatabaseOrKeys() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the application first");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("MP_JWT")
                || k.startsWith("SMALLRYE_JWT"));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).toList();
        assertEquals(1, p.exitValue());
        assertEquals(1, lines.size(), lines::toString);
        assertEquals("pharmacy-ops cannot start: set QUARKUS_DATASOURCE_REACTIVE_URL, QUARKUS_DATASOURCE_JDBC_URL,"
                + " QUARKUS_DATASOURCE_USERNAME, SMALLRYE_JWT_SIGN_KEY_LOCATION, MP_JWT_VERIFY_PUBLICKEY_LOCATION (see README, Configuration)",
                lines.get(0));
    }
}
