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
 * up to {@link #STATEMENT_CACHE_SQL_LIMIT} characters are cached per connection. Every session runs with
 * {@code statement_timeout} ({@code pharmacy.db.statement-timeout}) and {@code idle_in_transaction_session_timeout}
 * ({@code pharmacy.db.idle-in-transaction-timeout}).
 */
@Singleton
public class DatabasePool implements PgPoolCreator {

    public static final int STATEMENT_CACHE_SQL_LIMIT = 8192;

    private final Duration connectTimeout;
    private final Duration acquireTimeout;
    private final Duration statementTimeout;
    private final Duration idleInTransactionTimeout;

    public DatabasePool(PharmacyConfig config) {
        this.connectTimeout = config.db().connectTimeout();
        this.acquireTimeout = config.db().acquireTimeout();
        this.statementTimeout = config.db().statementTimeout();
        this.idleInTransactionTimeout = config.db().idleInTransactionTimeout();
    }

    @Override
    public Pool create(Input input) {
        // Statements longer than the client's 2 048-character default are never cached: the order create (one
        // CTE) was parsed and planned anew on every call.
        // Session limits travel in the startup message, so every pooled session has them from its first statement:
        // no statement runs away, and a transaction left idle (a stream whose reader stalled) is ended by the server.
        input.pgConnectOptionsList().forEach(o -> o.setConnectTimeout((int) connectTimeout.toMillis())
                .setPreparedStatementCacheSqlLimit(STATEMENT_CACHE_SQL_LIMIT)
                .addProperty("statement_timeout", Long.toString(statementTimeout.toMillis()))
                .addProperty("idle_in_transaction_session_timeout",
                        Long.toString(idleInTransactionTimeout.toMillis())));
        input.poolOptions().setConnectionTimeout((int) acquireTimeout.toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        List<SqlConnectOptions> servers = List.copyOf(input.pgConnectOptionsList());
        return PgBuilder.pool().with(input.poolOptions()).connectingTo(servers).using(input.vertx()).build();
    }
}
