package com.pharmacyops.platform.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** Row mapping shared by the repositories of the stock and order path. */
public final class RowSets {

    private RowSets() {
    }

    public static <T> List<T> list(Iterable<Row> rows, Function<Row, T> map) {
        List<T> result = new ArrayList<>(rows instanceof RowSet<?> set ? set.size() : 16);
        for (Row r : rows) {
            result.add(map.apply(r));
        }
        return result;
    }

    /** A {@code timestamptz} column as an Instant (null stays null). */
    public static Instant instant(Row r, int at) {
        OffsetDateTime t = r.getOffsetDateTime(at);
        return t == null ? null : t.toInstant();
    }

    /** Rows grouped by the id in their first column (a document's lines by document), in row order. */
    public static <T> Map<Long, List<T>> byFirstColumn(Iterable<Row> rows, Function<Row, T> map) {
        Map<Long, List<T>> grouped = new HashMap<>();
        for (Row r : rows) {
            grouped.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(map.apply(r));
        }
        return grouped;
    }
}
