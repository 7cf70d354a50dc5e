package com.pharmacyops.platform.persistence;

import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A native query with numbered parameters ({@code $1, $2, …}) for the reactive PostgreSQL client. Filters
 * a client did not send add nothing; values always travel as parameters, never inside the SQL text.
 */
public final class Sql {

    private static final java.util.regex.Pattern FROM = java.util.regex.Pattern.compile("\\sFROM\\s");

    private final StringBuilder text;
    private final List<Object> args = new ArrayList<>();

    public Sql(String text) {
        this.text = new StringBuilder(text);
    }

    /** Binds a value and returns its placeholder. */
    public String arg(Object value) {
        args.add(value);
        return "$" + args.size();
    }

    /** Appends {@code clause}, whose {@code ?} stands for {@code value}, when the value is present. */
    public Sql and(String clause, Object value) {
        if (value != null) {
            text.append(" AND ").append(clause.replace("?", arg(value)));
        }
        return this;
    }

    public Sql append(String sql) {
        text.append(sql);
        return this;
    }

    public String text() {
        return text.toString();
    }

    public Tuple args() {
        return Tuple.from(args);
    }

    /** The same query, paged, with a stable order. */
    public Sql paged(String orderBy, int page, int size) {
        Sql s = copy();
        s.text.append(" ORDER BY ").append(orderBy).append(" LIMIT ").append(size).append(" OFFSET ")
                .append((long) page * size);
        return s;
    }

    /**
     * The same query with {@code columns} added at the end of its select list, so that mappers reading by position
     * are not disturbed: before the first FROM (the queries paged this way have no FROM inside their select list).
     */
    public Sql selecting(String columns) {
        java.util.regex.Matcher from = FROM.matcher(text);
        if (!from.find()) {
            throw new IllegalStateException("no FROM in " + text);
        }
        Sql s = copy();
        s.text.insert(from.start(), ", " + columns);
        return s;
    }

    public Sql ordered(String orderBy) {
        Sql s = copy();
        s.text.append(" ORDER BY ").append(orderBy);
        return s;
    }

    public Sql counted() {
        Sql s = new Sql("SELECT count(*) FROM (" + text + ") AS matches");
        s.args.addAll(args);
        return s;
    }

    /** The same query limited to {@code limit} rows in {@code orderBy}'s order (a keyset page). */
    public Sql limited(String orderBy, int limit) {
        Sql s = ordered(orderBy);
        s.text.append(" LIMIT ").append(limit);
        return s;
    }

    public Sql copy() {
        Sql s = new Sql(text.toString());
        s.args.addAll(args);
        return s;
    }
}
