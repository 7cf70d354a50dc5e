package com.pharmacyops.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.pharmacyops.platform.dev.EmbeddedPostgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For tests of the packaged application in the prod profile: a real PostgreSQL, PEM key files and a
 * bootstrap admin, handed to the application exactly as an operator would (configuration, not code).
 */
public class PackagedAppResource implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN = "first-admin";
    public static final String ADMIN_PASSWORD = "first-admin-password";

    /** The management interface's port (health, metrics, OpenAPI) of the application under test. */
    static int managementPort;
    /** The application's database, for tests that check what it holds after. */
    static String jdbcUrl;

    private EmbeddedPostgres pg;

    @Override
    public Map<String, String> start() {
        try {
            pg = EmbeddedPostgres.start();
            managementPort = AppProcess.freePort();
            jdbcUrl = pg.jdbcUrl();
            Map<String, String> config = new HashMap<>(productionConfig(pg));
            config.put("quarkus.management.port", String.valueOf(managementPort));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What an operator configures: the database's two roles, PEM key files, a bootstrap admin. */
    static Map<String, String> productionConfig(EmbeddedPostgres pg) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path dir = Files.createTempDirectory("pharmacy-keys-");
            Path privateKey = dir.resolve("private.pem");
            Path publicKey = dir.resolve("public.pem");
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return Map.of(
                    "quarkus.datasource.reactive.url", pg.reactiveUrl(),
                    "quarkus.datasource.jdbc.url", pg.jdbcUrl(),
                    "quarkus.datasource.username", EmbeddedPostgres.RUNTIME,
                    "quarkus.datasource.password", EmbeddedPostgres.RUNTIME,
                    "quarkus.flyway.username", EmbeddedPostgres.OWNER,
                    "quarkus.flyway.password", EmbeddedPostgres.OWNER,
                    "smallrye.jwt.sign.key.location", privateKey.toUri().toString(),
                    "mp.jwt.verify.publickey.location", publicKey.toUri().toString(),
                    "pharmacy.bootstrap.admin.username", ADMIN,
                    "pharmacy.bootstrap.admin.password", ADMIN_PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (pg != null) {
            pg.stop();
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
