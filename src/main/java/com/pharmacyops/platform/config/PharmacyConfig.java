package com.pharmacyops.platform.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every {@code pharmacy.*} setting of the service, typed and checked at start-up (README, Configuration). Quarkus's
 * own keys ({@code quarkus.*}, {@code mp.jwt.*}) stay where Quarkus reads them.
 */
@ConfigMapping(prefix = "pharmacy")
public interface PharmacyConfig {

    Db db();

    Jwt jwt();

    Security security();

    Idempotency idempotency();

    Orders orders();

    Bootstrap bootstrap();

    EmbeddedDb embeddedDb();

    interface Db {
        /** How long opening a connection may take (the client's default is 60 s). */
        Duration connectTimeout();

        /** How long a request waits for a pooled connection before 503. */
        Duration acquireTimeout();
    }

    interface Jwt {
        /** How long an issued token is valid. */
        Duration lifetime();
    }

    interface Security {
        /** How long a replica trusts what it read of a user (active, role, stores); the actor cache's expiry. */
        Duration userCacheTtl();

        /** Verified tokens remembered until their expiry; 0 turns the cache off. */
        int tokenCacheSize();

        /** bcrypt work factor of new password hashes (2^cost rounds), 10 to 16; older hashes keep their own. */
        int bcryptCost();

        Lockout lockout();

        LoginRate loginRate();

        interface Lockout {
            /** Failed logins within {@link #window} that lock a username out. */
            int maxFailures();

            Duration window();
        }

        /** Login attempts per client address, whatever the username: a token bucket per address and replica. */
        interface LoginRate {
            /** Attempts an address may make at once, refilled evenly over {@link #period}. */
            int perAddress();

            Duration period();
        }
    }

    interface Idempotency {
        /** How long a key and its response are kept for replay. */
        Duration retention();
    }

    interface Orders {
        /** Confirmation sells only batches that expire after today plus this many days. */
        @WithDefault("0")
        int minShelfLifeDays();
    }

    /** Dev and test only: {@code false} keeps the embedded PostgreSQL of src/dev from starting. */
    interface EmbeddedDb {
        @WithDefault("true")
        boolean enabled();
    }

    interface Bootstrap {
        Admin admin();

        /** The first ADMIN, created at start-up when both are set and no ADMIN exists. */
        interface Admin {
            Optional<String> username();

            Optional<String> password();
        }
    }
}
