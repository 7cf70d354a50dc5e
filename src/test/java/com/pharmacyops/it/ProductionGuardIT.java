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
                + " SMALLRYE_JWT_SIGN_KEY_LOCATION, MP_JWT_VERIFY_PUBLICKEY_LOCATION (see README, Configuration)",
                lines.get(0));
    }
}
