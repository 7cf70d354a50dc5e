package com.pharmacyops.platform.persistence;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * Pages of a list whose order is a sort column then an id: by offset (with the count of all matches) or, with a
 * cursor, after the last row sent ({@code (sort, id) > (…)}, a range of an index in that order, no count). Both
 * answer the cursor of their last row when more rows follow, so a client can switch from offset to keyset.
 * The key columns are selected after the list's own (mappers read by position) and must be NOT NULL.
 */
public final class Keyset {

    private Keyset() {
    }

    /** A page's rows, the count (null with a cursor) and the cursor of the next page (null on the last). */
    public record Slice<T>(List<T> items, Long total, String nextCursor) {

        public <R> PageResponse<R> response(PageRequest page, List<R> views) {
            return new PageResponse<>(views, page.after() == null ? page.page() : null, page.size(), total,
                    nextCursor);
        }
    }

    /**
     * @param types SQL column → its PostgreSQL type ({@code date, timestamptz, bigint, int, numeric, text}) for every
     *        column a sort of this list may name, and the tie-breaker: a cursor's values are parsed as these types
     */
    public static <T> Uni<Slice<T>> page(Tx tx, Sql query, PageRequest page, String tieBreaker,
            Map<String, String> types, Function<Row, T> map) {
        List<String> keys = keys(page.sort(), tieBreaker);
        String orderBy = page.sqlOrder(tieBreaker);
        Sql keyed = query.selecting(String.join(", ", keys));
        if (page.after() == null) {
            Sql paged = keyed.paged(orderBy, page.page(), page.size());
            Sql counted = query.counted();
            return Uni.combine().all()
                    .unis(tx.query(paged.text(), paged.args()), tx.query(counted.text(), counted.args()))
                    .with((rows, count) -> {
                        long total = count.iterator().next().getLong(0);
                        boolean more = (long) page.page() * page.size() + rows.size() < total;
                        return slice(rows, rows.size(), keys.size(), page, map, total, more);
                    });
        }
        List<String> values = page.after().key();
        if (values.size() != keys.size()) {
            throw ApiException.invalid("after", "is not a cursor of this list (send the nextCursor of a page)");
        }
        StringBuilder bound = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            String type = java.util.Objects.requireNonNull(types.get(keys.get(i)), "no keyset type for " + keys.get(i));
            bound.append(i == 0 ? "" : ", ").append(keyed.arg(value(values.get(i), type))).append("::").append(type);
        }
        keyed.append(" AND (" + String.join(", ", keys) + ") " + (page.descending() ? "<" : ">") + " (" + bound + ")");
        // One row more than the page tells whether another page follows, without counting.
        Sql limited = keyed.limited(orderBy, page.size() + 1);
        return tx.query(limited.text(), limited.args()).map(rows -> slice(rows, Math.min(rows.size(), page.size()),
                keys.size(), page, map, null, rows.size() > page.size()));
    }

    /** The sort's columns (as sqlOrder names them) then the tie-breaker, each once. */
    static List<String> keys(Sort sort, String tieBreaker) {
        List<String> keys = new ArrayList<>();
        for (Sort.Column c : sort.getColumns()) {
            String column = c.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
            if (!column.equals("id") && !column.equals(tieBreaker)) {
                keys.add(column);
            }
        }
        keys.add(tieBreaker);
        return keys;
    }

    private static <T> Slice<T> slice(RowSet<Row> rows, int n, int keyCount, PageRequest page, Function<Row, T> map,
            Long total, boolean more) {
        List<T> items = new ArrayList<>(n);
        Row last = null;
        for (Row r : rows) {
            if (items.size() == n) {
                break;
            }
            items.add(map.apply(r));
            last = r;
        }
        String next = null;
        if (more && last != null) {
            List<String> key = new ArrayList<>(keyCount);
            for (int i = last.size() - keyCount; i < last.size(); i++) {
                Object v = last.getValue(i);
                key.add(v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v));
            }
            next = page.next(key);
        }
        return new Slice<>(items, total, next);
    }

    /** A cursor's value as its column's type, so it binds as a typed parameter (a bad one is a 400, not SQL). */
    private static Object value(String v, String type) {
        try {
            return switch (type) {
                case "date" -> LocalDate.parse(v);
                case "timestamptz" -> OffsetDateTime.parse(v);
                case "bigint" -> Long.valueOf(v);
                case "int" -> Integer.valueOf(v);
                case "numeric" -> new BigDecimal(v);
                case "text" -> v;
                default -> throw new IllegalStateException("no keyset type " + type);
            };
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException) {
                throw e;
            }
            throw ApiException.invalid("after", "is not a cursor of this list (send the nextCursor of a page)");
        }
    }
}
