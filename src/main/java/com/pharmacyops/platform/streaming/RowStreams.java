package com.pharmacyops.platform.streaming;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Streams a query's rows through a server-side cursor inside a read-only transaction, 2 000 rows
 * at a time as the subscriber asks for them, so memory stays flat whatever the row count. Completion,
 * failure and cancellation (a client that disconnects) all close the connection.
 */
@ApplicationScoped
public class RowStreams {

    /** Rows per cursor fetch: each fetch is a round trip, so large streams are bound by how many there are. */
    private static final int FETCH = 2000;

    private final Pool pool;

    public RowStreams(Pool pool) {
        this.pool = pool;
    }

    public Multi<Row> stream(String sql, Tuple args) {
        return Multi.createFrom().resourceFromUni(pool::getConnection, (SqlConnection conn) -> conn.begin()
                // A stream reads every row: plan for all of them, as COPY does, not for the first 10 % (the cursor
                // default; with an index on the sort key it chose nested loops: 3.5 s against 1.9 s for 1 M rows).
                .call(tx -> conn.query("SET TRANSACTION READ ONLY; SET LOCAL cursor_tuple_fraction = 1").execute())
                .onItem().transformToMulti(tx -> conn.prepare(sql)
                        .onItem().transformToMulti(ps -> ps.createStream(FETCH, args).toMulti())))
                .withFinalizer(SqlConnection::close);
    }
}
