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

    Streams streams();

    interface Db {
        /** How long opening a connection may take (the client's default is 60 s). */
        Duration connectTimeout();

        /** How long a request waits for a pooled connection before 503. */
        Duration acquireTimeout();

        /** PostgreSQL {@code statement_timeout} of the pool's sessions; a stream's cursor fetches are timed one by one. */
        @WithDefault("PT30S")
        Duration statementTimeout();

        /** PostgreSQL {@code idle_in_transaction_session_timeout}: a backstop behind the streams' idle limit. */
        @WithDefault("PT60S")
        Duration idleInTransactionTimeout();
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

        /** Grouped confirmations (order.ConfirmationGroups). */
        Group group();
    }

    interface Group {
        /** Most confirmations of one store committed in one transaction; 0 confirms each in its own. */
        @WithDefault("64")
        int maxSize();

        /** How long a group started by an idle store waits for more confirmations (0: none). */
        @WithDefault("PT0.002S")
        Duration maxWait();

        /** Confirmations of one store that may queue behind its group in flight; more answer 503. */
        @WithDefault("1024")
        int queue();
    }

    /** Limits of NDJSON/SSE lists (each holds a pooled connection) and of live stock events (platform.streaming). */
    interface Streams {
        /** Lists one user may stream at once; more answer 429. */
        @WithDefault("4")
        int perUser();

        /** The share of the reactive pool that lists may hold together; the rest stays for ordinary requests. */
        @WithDefault("0.5")
        double poolShare();

        /** A stream whose client reads nothing for this long is closed (its transaction rolled back). */
        @WithDefault("PT30S")
        Duration idleTimeout();

        /** How often an open stream re-checks that its user is active and still sees what it streams. */
        @WithDefault("PT20S")
        Duration accessCheckPeriod();

        Live live();

        /** {@code stock-events} subscriptions: they hold no connection, but memory. */
        interface Live {
            @WithDefault("4")
            int perUser();

            /** Subscriptions of this replica in all. */
            @WithDefault("200")
            int max();

            /** Events a subscriber may fall behind before it is dropped. */
            @WithDefault("2000")
            int buffer();

            /** A resume (Last-Event-ID) whose oldest missed movement is older than this is refused (409). */
            @WithDefault("PT24H")
            Duration resumeWindow();

            /** A resume that missed more movements than this is refused (409). */
            @WithDefault("100000")
            int resumeMax();
        }
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
