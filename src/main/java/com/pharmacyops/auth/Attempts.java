package com.pharmacyops.auth;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.persistence.Tx;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Password attempts per key ({@code auth_failures}), shared by every replica through the database. An attempt is
 * counted before its password is checked, in one atomic upsert on the key's row, so parallel attempts queue on
 * that row and at most {@code max-failures} of them are let through per window, however many arrive at once; the
 * right password deletes the row. The window starts at the first failure and lasts {@code lockout.window}.
 */
@ApplicationScoped
public class Attempts {

    private static final String ADMIT = """
            INSERT INTO auth_failures AS f (key, failures, window_start, created_at, updated_at, created_by, updated_by)
            VALUES ($1, 1, now(), now(), now(), $4, $4)
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN f.window_start <= now() - make_interval(secs => $2) THEN 1
                                ELSE least(f.failures + 1, $3 + 1) END,
                window_start = CASE WHEN f.window_start <= now() - make_interval(secs => $2) THEN now()
                                    ELSE f.window_start END,
                updated_at = now(), updated_by = $4
            RETURNING f.failures,
                ceil(extract(epoch FROM f.window_start + make_interval(secs => $2) - now()))::bigint AS retry_after""";

    /** One counted attempt: the key's failures so far, this one included, and when its window ends. */
    public record Admission(int failures, int max, long retryAfterSeconds) {

        /** Whether this attempt may check its password. */
        public boolean admitted() {
            return failures <= max;
        }

        /** Whether this attempt, if its password is wrong, locks the key out. */
        public boolean last() {
            return failures == max;
        }
    }

    private final Pool pool;
    private final int max;
    private final double windowSeconds;

    public Attempts(Pool pool, PharmacyConfig config) {
        this.pool = pool;
        this.max = config.security().lockout().maxFailures();
        this.windowSeconds = config.security().lockout().window().toSeconds();
    }

    /** The key of logins as {@code username} (the same user whatever the letter case; control characters as '?'). */
    public static String login(String username) {
        return "login:" + username.toLowerCase(Locale.ROOT).replaceAll("\\p{Cntrl}", "?");
    }

    /** The key of a user's current-password checks. */
    public static String password(long userId) {
        return "password:" + userId;
    }

    /** Counts an attempt (committed at once, whatever becomes of the request) and says whether it may go on. */
    public Uni<Admission> admit(String key, String actor) {
        return pool.preparedQuery(ADMIT).execute(Tuple.of(key, windowSeconds, max, actor)).map(rows -> {
            Row r = rows.iterator().next();
            return new Admission(r.getInteger("failures"), max, Math.max(1, r.getLong("retry_after")));
        });
    }

    /** After the right password: the key starts afresh. */
    public Uni<Void> clear(String key) {
        return pool.preparedQuery("DELETE FROM auth_failures WHERE key = $1").execute(Tuple.of(key)).replaceWithVoid();
    }

    /** The username of a user, or null when there is none. */
    public Uni<String> username(Tx tx, long userId) {
        return tx.query("SELECT username FROM users WHERE id = $1", Tuple.of(userId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("username"));
    }

    /** An ADMIN's unlock: a user's login and password-check counters go, in the caller's transaction. */
    public Uni<Integer> clear(Tx tx, long userId, String username) {
        return tx.query("DELETE FROM auth_failures WHERE key = ANY($1)",
                Tuple.of(List.of(login(username), password(userId)).toArray(new String[0])))
                .map(r -> r.rowCount());
    }
}
