package com.pharmacyops.platform.persistence;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * A cursor's rows a fetch at a time, the next fetch sent as soon as the previous one arrives. The client's own row
 * stream asks for the next fetch only once every row of the last one has been handed on, so the database waited while
 * the service wrote a fetch, and the service waited while the database produced the next: a million-row stream took
 * the sum of both. Here they overlap, and at most two fetches are held at once, so memory stays flat.
 */
final class Fetches {

    /** The fetch the subscriber gets next (sent ahead), or null once the cursor is drained. */
    private Uni<RowSet<Row>> next;
    private final Cursor cursor;
    private final int size;

    private Fetches(Cursor cursor, int size) {
        this.cursor = cursor;
        this.size = size;
        this.next = ahead();
    }

    /** The rows of {@code cursor}, {@code size} a fetch; subscribed once (a stream's connection is its own). */
    static Multi<RowSet<Row>> of(Cursor cursor, int size) {
        return Multi.createFrom().deferred(() -> {
            Fetches f = new Fetches(cursor, size);
            // One fetch a request of the subscriber; the last is the one after which the cursor has no more.
            return Multi.createBy().repeating().uni(f::take).whilst(rows -> f.next != null);
        });
    }

    /** The fetch sent ahead; once it is here, the one after it is sent, if the cursor has more. */
    private Uni<RowSet<Row>> take() {
        return next.invoke(rows -> next = cursor.hasMore() ? ahead() : null);
    }

    /** A fetch sent now; its rows (or its failure) wait for the subscriber that asks for them. */
    private Uni<RowSet<Row>> ahead() {
        Uni<RowSet<Row>> read = cursor.read(size).memoize().indefinitely();
        read.subscribe().with(rows -> {
        }, failure -> {
        });
        return read;
    }
}
