package com.pharmacyops.platform.dev;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Dev and test profiles only: an {@link EmbeddedPostgres} server for the datasources and a freshly generated
 * RSA key pair for issuing and verifying tokens, so no database install and no shipped key are needed.
 * <p>
 * Inert in every other profile, and for any part that is configured explicitly (a datasource URL, a key
 * location) or when {@code pharmacy.embedded-db.enabled=false}. One server and one key pair serve the whole
 * JVM: dev-mode live reloads and test restarts bring new class loaders, so they are found again through
 * system properties.
 */
public class DevConfigSourceFactory implements ConfigSourceFactory {

    private static final String PORT = "pharmacyops.dev.db-port";
    private static final String PUBLIC_KEY = "pharmacyops.dev.public-key";
    private static final String PRIVATE_KEY = "pharmacyops.dev.private-key";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        if (!profiles.contains("dev") && !profiles.contains("test")) {
            return List.of();
        }
        Map<String, String> props = new HashMap<>();
        if (!"false".equalsIgnoreCase(context.getValue("pharmacy.embedded-db.enabled").getValue())
                && context.getValue("quarkus.datasource.reactive.url").getValue() == null) {
            String hostPort = "127.0.0.1:" + database() + "/" + EmbeddedPostgres.DATABASE;
            props.put("quarkus.datasource.reactive.url", "postgresql://" + hostPort);
            props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort);
            // Two roles as in production: the service's runtime role, and the owner its migrations run as.
            props.put("quarkus.datasource.username", EmbeddedPostgres.RUNTIME);
            props.put("quarkus.datasource.password", EmbeddedPostgres.RUNTIME);
            props.put("quarkus.flyway.username", EmbeddedPostgres.OWNER);
            props.put("quarkus.flyway.password", EmbeddedPostgres.OWNER);
        }
        if (context.getValue("smallrye.jwt.sign.key.location").getValue() == null
                && context.getValue("mp.jwt.verify.publickey.location").getValue() == null) {
            keys();
            props.put("smallrye.jwt.sign.key", System.getProperty(PRIVATE_KEY));
            props.put("mp.jwt.verify.publickey", System.getProperty(PUBLIC_KEY));
        }
        return List.of(new PropertiesConfigSource(props, "DevConfigSource", 200));
    }

    @Override
    public OptionalInt getPriority() {
        // Below application.properties (250), so the factory can read it.
        return OptionalInt.of(200);
    }

    private static int database() {
        synchronized (System.class) {
            String port = System.getProperty(PORT);
            if (port != null) {
                return Integer.parseInt(port);
            }
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.start();
                System.setProperty(PORT, String.valueOf(pg.port()));
                System.out.printf("Embedded PostgreSQL started on 127.0.0.1:%d (data in %s)%n", pg.port(),
                        pg.baseDir());
                return pg.port();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("Could not start the embedded PostgreSQL: " + e.getMessage(), e);
            }
        }
    }

    private static void keys() {
        synchronized (System.class) {
            if (System.getProperty(PRIVATE_KEY) != null) {
                return;
            }
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Base64.Encoder b64 = Base64.getEncoder();
                System.setProperty(PRIVATE_KEY, b64.encodeToString(pair.getPrivate().getEncoded()));
                System.setProperty(PUBLIC_KEY, b64.encodeToString(pair.getPublic().getEncoded()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
