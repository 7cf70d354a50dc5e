package com.pharmacyops.platform.persistence;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;


import com.pharmacyops.platform.config.PharmacyConfig;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * The reactive pool with bounded waits, which Quarkus has no properties for: opening a connection gives up
 * after {@code pharmacy.db.connect-timeout} (the client's default is 60 s) and a request waits at most
 * {@code pharmacy.db.acquire-timeout} for a pooled connection (default 30 s). When the database is down,
 * requests so fail within seconds, and are answered 503 (ProblemMappers) instead of hanging. Prepared statements
 * up to {@link #STATEMENT_CACHE_SQL_LIMIT} characters are cached per connection.
 */
@Singleton
public class DatabasePool implements PgPoolCreator {

    public static final int STATEMENT_CACHE_SQL_LIMIT = 8192;

    private final Duration connectTimeout;
    private final Duration acquireTimeout;

    public DatabasePool(PharmacyConfig config) {
        this.connectTimeout = config.db().connectTimeout();
        this.acquireTimeout = config.db().acquireTimeout();
    }

    @Override
    public Pool create(Input input) {
        // Statements longer than the client's 2 048-character default are never cached: the order create (one
        // CTE) was parsed and planned anew on every call.
        input.pgConnectOptionsList().forEach(o -> o.setConnectTimeout((int) connectTimeout.toMillis())
                .setPreparedStatementCacheSqlLimit(STATEMENT_CACHE_SQL_LIMIT));
        input.poolOptions().setConnectionTimeout((int) acquireTimeout.toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        List<SqlConnectOptions> servers = List.copyOf(input.pgConnectOptionsList());
        return PgBuilder.pool().with(input.poolOptions()).connectingTo(servers).using(input.vertx()).build();
    }
}
