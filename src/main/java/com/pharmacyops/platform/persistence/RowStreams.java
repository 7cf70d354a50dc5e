package com.pharmacyops.platform.persistence;

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
                .call(tx -> conn.query("SET TRANSACTION READ ONLY").execute())
                .onItem().transformToMulti(tx -> conn.prepare(sql)
                        .onItem().transformToMulti(ps -> ps.createStream(FETCH, args).toMulti())))
                .withFinalizer(SqlConnection::close);
    }
}
