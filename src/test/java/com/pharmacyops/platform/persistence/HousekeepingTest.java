package com.pharmacyops.platform.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;

/** Each feature's sweep deletes its own stale rows and nothing else. */
@QuarkusTest
class HousekeepingTest {

    @Inject
    Housekeeping housekeeping;

    @Test
    void expiredKeysAndOldLoginFailuresGoFreshOnesStay() {
        long user = Fixtures.user("hk-" + Fixtures.unique(), "CASHIER", Fixtures.store());
        String name = "hk-" + Fixtures.unique();
        String key = """
                INSERT INTO idempotency_keys (user_id, idem_key, request_hash, expires_at, created_at, updated_at,
                    created_by, updated_by)
                VALUES (?, ?, 'h', now() + make_interval(hours => ?), now(), now(), 't', 't')""";
        Db.insert(key, user, name + "-old", -1);
        Db.insert(key, user, name + "-new", 1);
        String failure = """
                INSERT INTO auth_failures (key, failures, window_start, created_at, updated_at, created_by, updated_by)
                VALUES (?, 3, now() - make_interval(hours => ?), now(), now(), 't', 't')""";
        Db.exec(failure, "login:" + name + "-old", 48);
        Db.exec(failure, "login:" + name + "-new", 0);

        int deleted = housekeeping.sweep().await().atMost(Duration.ofSeconds(10));

        assertTrue(deleted >= 2, "deleted " + deleted);
        assertEquals(0, Db.count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", name + "-old"));
        assertEquals(1, Db.count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", name + "-new"));
        assertEquals(0, Db.count("SELECT count(*) FROM auth_failures WHERE key = ?", "login:" + name + "-old"));
        assertEquals(1, Db.count("SELECT count(*) FROM auth_failures WHERE key = ?", "login:" + name + "-new"));
    }
}
