package com.pharmacyops;

import java.util.ArrayList;
import java.util.List;

import com.pharmacyops.platform.health.HealthcheckCli;
import com.pharmacyops.platform.web.RequestLimits;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Entry point. {@code healthcheck …} probes a running instance instead of starting one. In production, refuses to start with one clear line when the database or the JWT keys are
 * not configured, instead of a stack trace from whichever component fails first.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        // Quarkus refuses a request target that is not a valid URI (?q=%) with a bare 400 before any route;
        // platform.web.RequestLimits makes the same check and answers it as a problem document instead.
        System.setProperty(RequestLimits.NO_QUARKUS_URI_CHECK, "true");
        if (args.length > 0 && args[0].equals("healthcheck")) {
            System.exit(HealthcheckCli.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (packagedProduction()) {
            List<String> missing = missingProductionSettings();
            if (!missing.isEmpty()) {
                System.err.println("pharmacy-ops cannot start: set " + String.join(", ", missing)
                        + " (see README, Configuration)");
                System.exit(1);
            }
        }
        Quarkus.run(args);
    }

    /**
     * True for the packaged application in the prod profile. Dev mode also enters here with
     * {@code LaunchMode.NORMAL}, but its classes come from Quarkus' own class loader.
     */
    static boolean packagedProduction() {
        String loader = Main.class.getClassLoader().getClass().getName();
        String profile = new SmallRyeConfigBuilder().addDefaultSources().build()
                .getOptionalValue("quarkus.profile", String.class).orElse("prod");
        return !loader.equals("io.quarkus.bootstrap.classloading.QuarkusClassLoader") && profile.equals("prod");
    }

    /** Reads environment and system properties only; the real configuration is built by Quarkus later. */
    static List<String> missingProductionSettings() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultSources().build();
        List<String> missing = new ArrayList<>();
        if (absent(config, "quarkus.datasource.reactive.url")) {
            missing.add("QUARKUS_DATASOURCE_REACTIVE_URL");
        }
        if (absent(config, "quarkus.datasource.jdbc.url")) {
            missing.add("QUARKUS_DATASOURCE_JDBC_URL");
        }
        // The runtime role: the service connects as it, and the migrations grant it row access.
        if (absent(config, "quarkus.datasource.username")) {
            missing.add("QUARKUS_DATASOURCE_USERNAME");
        }
        if (absent(config, "smallrye.jwt.sign.key.location") && absent(config, "smallrye.jwt.sign.key")) {
            missing.add("SMALLRYE_JWT_SIGN_KEY_LOCATION");
        }
        if (absent(config, "mp.jwt.verify.publickey.location") && absent(config, "mp.jwt.verify.publickey")) {
            missing.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        }
        return missing;
    }

    private static boolean absent(SmallRyeConfig config, String name) {
        return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank()).isEmpty();
    }
}
