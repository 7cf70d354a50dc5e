package com.pharmacyops.platform.streaming;

import java.util.function.Function;

import io.smallrye.mutiny.Multi;

/**
 * A list as it streams from the database: chunks of rows (a cursor fetch each), how a row becomes the list's item
 * (a server-sent event's data) and, optionally, how a row is written as an NDJSON line without becoming an item
 * first. {@link Ndjson#write} writes a chunk per HTTP chunk; {@link #items} gives the items one by one.
 *
 * @param <R> a row: a database row, or already the item (documents with their lines)
 * @param <T> the item, what a page of the same list holds
 */
public record Chunks<R, T>(Multi<? extends Iterable<R>> rows, Function<? super R, ? extends T> item,
        Ndjson.LineWriter<? super R> line) {

    /** Chunks of items, written as NDJSON through the ObjectMapper. */
    public static <T> Chunks<T, T> of(Multi<? extends Iterable<T>> items) {
        return new Chunks<>(items, Function.identity(), null);
    }

    /** Chunks of rows, each mapped to an item, written as NDJSON by {@code line} (null: the item through the ObjectMapper). */
    public static <R, T> Chunks<R, T> of(Multi<? extends Iterable<R>> rows, Function<? super R, ? extends T> item,
            Ndjson.LineWriter<? super R> line) {
        return new Chunks<>(rows, item, line);
    }

    /** The items one by one, as server-sent events take them. */
    public Multi<T> items() {
        return rows.onItem().<R>transformToIterable(chunk -> chunk).map(item::apply);
    }
}
