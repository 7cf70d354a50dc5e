package com.pharmacyops.platform.persistence;

import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one way the reactive client opens a transaction: {@link #write} and {@link #read} give the work a
 * {@link Tx} on a pooled connection, {@link #single} runs one read statement with no transaction around it,
 * {@link #cursor} streams a query's rows. BEGIN is sent together with the work's first statements (no round trip
 * of its own) and the work's {@link Tx#commitWith} sends COMMIT with its last ones, so a transaction that
 * needs one answer from the database before it can decide costs two round trips in all.
 * <p>
 * A transaction is bound to the request's Vert.x context while it runs, so work called inside it (the
 * idempotency record of a POST, then the service) joins it instead of opening a second one. Hence one rule for
 * code that shares a Uni between requests (a memoized result): each request must continue on its own context
 * ({@code emitOn} back to it), or it would join another request's transaction.
 */
@ApplicationScoped
public class Transactions {

    private static final String CURRENT = Transactions.class.getName();
    /** Rows per cursor fetch: each fetch is a round trip, so large streams are bound by how many there are. */
    private static final int FETCH = 2000;
    /**
     * Rows per fetch of a stream written from its rows alone (no lines read per fetch): each fetch is a round trip
     * and a turn of the event loop; 8 000 streamed a million inventory rows 20-30 % faster than 2 000 (README
     * "Performance"), and two fetches held stay a few MB.
     */
    private static final int ROWS_FETCH = 8000;

    /** The request's transaction, once its connection has come. */
    private static final class Slot {
        Tx tx;
    }

    private final Pool pool;

    public Transactions(Pool pool) {
        this.pool = pool;
    }

    /**
     * A read-write transaction (READ COMMITTED; the writers serialize on row locks they take explicitly). Its
     * statements run on generic plans: their parameters are ids and arrays whose values never change the best
     * plan, and with the default PostgreSQL kept re-planning several of them on every execution (pg_stat_statements:
     * a plan per call; forcing generic plans took PostgreSQL's CPU per order from 2.6 to 1.5 ms).
     */
    public <T> Uni<T> write(Function<Tx, Uni<T>> work) {
        return run("BEGIN; SET LOCAL plan_cache_mode = force_generic_plan", work);
    }

    /** A read-only snapshot: several statements see one consistent state of the database. */
    public <T> Uni<T> read(Function<Tx, Uni<T>> work) {
        return run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work);
    }

    /**
     * One read statement on a pooled connection, without BEGIN and COMMIT: a statement alone already sees one
     * snapshot, and PostgreSQL then has one statement to run instead of three (a keyset page at 64 connections).
     */
    public <T> Uni<T> single(Function<Tx, Uni<T>> work) {
        return pool.withConnection(conn -> work.apply(new Tx(conn).joined()));
    }

    /**
     * A query's rows through a server-side cursor inside a read-only transaction, {@value #ROWS_FETCH} rows at a
     * time as the subscriber asks for them, so memory stays flat whatever the row count. Completion, failure and
     * cancellation (a client that disconnects) all close the connection.
     */
    public Multi<Row> cursor(String sql, Tuple args) {
        return fetches(sql, args).onItem().transformToIterable(rows -> rows);
    }

    /** The same a fetch at a time, for a writer that takes rows in bulk (see {@code Ndjson#chunks}). */
    public Multi<RowSet<Row>> fetches(String sql, Tuple args) {
        return cursor(sql, args, ROWS_FETCH, (tx, rows) -> Uni.createFrom().item(rows));
    }

    /**
     * The same with each fetch passed through {@code chunk}, in order, which may read more in the stream's
     * transaction (a fetch of documents reads their lines): one snapshot (REPEATABLE READ), so a document and its
     * lines agree. Empty fetches are skipped.
     */
    public <T> Multi<T> cursor(String sql, Tuple args, BiFunction<Tx, RowSet<Row>, Uni<T>> chunk) {
        return cursor(sql, args, FETCH, chunk);
    }

    private <T> Multi<T> cursor(String sql, Tuple args, int size, BiFunction<Tx, RowSet<Row>, Uni<T>> chunk) {
        return Multi.createFrom().resourceFromUni(pool::getConnection, (SqlConnection conn) -> conn.begin()
                // A stream reads every row: plan for all of them, as COPY does, not for the first 10 % (the cursor
                // default; with an index on the sort key it chose nested loops: 3.5 s against 1.9 s for 1 M rows).
                .call(tx -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY;"
                        + " SET LOCAL cursor_tuple_fraction = 1").execute())
                .onItem().transformToMulti(tx -> conn.prepare(sql).onItem().transformToMulti(ps -> {
                    Tx reads = new Tx(conn).joined();
                    return Fetches.of(ps.cursor(args), size).select().where(rows -> rows.size() > 0)
                            .onItem().transformToUniAndConcatenate(rows -> chunk.apply(reads, rows));
                })))
                .withFinalizer(SqlConnection::close);
    }

    @SuppressWarnings("deprecation") // Context locals: the per-request map Hibernate Reactive's session uses too
    private <T> Uni<T> run(String begin, Function<Tx, Uni<T>> work) {
        Context request = Vertx.currentContext();
        boolean bindable = request != null && VertxContext.isDuplicatedContext(request);
        Slot current = bindable ? request.getLocal(CURRENT) : null;
        if (current != null && current.tx != null) {
            return Uni.createFrom().deferred(() -> work.apply(current.tx.joined()));
        }
        Slot slot = new Slot();
        Uni<T> transaction = pool.getConnection().flatMap(conn -> {
            Tx tx = new Tx(conn);
            slot.tx = tx;
            // Subscribed in this order, BEGIN and the work's first statements leave in one write.
            return Uni.combine().all().unis(tx.begin(begin), Uni.createFrom().deferred(() -> work.apply(tx)))
                    .with((b, result) -> result)
                    .call(result -> tx.end(true))
                    .onFailure().call(e -> tx.end(false))
                    .eventually(tx::close);
        });
        // A client that goes away must not cut a transaction short: cancelling mid-flight would hand the
        // connection back to the pool inside an open transaction. It runs to its COMMIT or ROLLBACK; only the
        // answer is dropped.
        return Uni.createFrom().<T>emitter(emitter -> {
            if (bindable) {
                request.putLocal(CURRENT, slot);
            }
            transaction.eventually(() -> {
                if (bindable) {
                    request.removeLocal(CURRENT);
                }
            }).subscribe().with(emitter::complete, emitter::fail);
        });
    }
}
