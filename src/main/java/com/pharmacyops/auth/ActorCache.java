package com.pharmacyops.auth;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.security.Account;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.ActorLookup;
import com.pharmacyops.platform.security.Role;

import io.quarkus.cache.CacheInvalidate;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Who a token's subject is now: active, role, stores and last password change, read from the database and cached
 * for {@code pharmacy.security.user-cache-ttl} (30 s), so a deactivated user's tokens, and tokens issued before a
 * password change, stop working within that time on every replica, and role or store changes apply without a
 * new token.
 */
@ApplicationScoped
public class ActorCache implements ActorLookup {

    static final String CACHE = "actors";

    private final Pool pool;

    public ActorCache(Pool pool) {
        this.pool = pool;
    }

    @Override
    @CacheResult(cacheName = CACHE)
    public Uni<Account> account(long userId) {
        return pool.preparedQuery("""
                SELECT u.id, u.username, u.role, u.active, u.credentials_changed_at,
                       array_remove(array_agg(us.store_id), NULL) AS stores
                FROM users u LEFT JOIN user_stores us ON us.user_id = u.id
                WHERE u.id = $1 GROUP BY u.id""")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    Set<Long> stores = new HashSet<>();
                    for (Long s : r.getArrayOfLongs("stores")) {
                        stores.add(s);
                    }
                    Actor actor = new Actor(r.getLong("id"), r.getString("username"), Role.valueOf(r.getString("role")),
                            Set.copyOf(stores));
                    OffsetDateTime changed = r.getOffsetDateTime("credentials_changed_at");
                    return new Account(actor, r.getBoolean("active"), changed == null ? null : changed.toInstant());
                });
    }

    @Override
    @CacheInvalidate(cacheName = CACHE)
    public Uni<Void> forget(long userId) {
        return Uni.createFrom().voidItem();
    }
}
