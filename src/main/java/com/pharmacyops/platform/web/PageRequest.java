package com.pharmacyops.platform.web;

import java.util.Map;

import com.pharmacyops.platform.error.ApiException;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/**
 * {@code ?page=0&size=20&sort=field,asc|desc}, checked: size 1..100, page ≥ 0 and small enough that every row of it
 * has an int offset, sort only by the fields a list allows. Parsed from strings so that a malformed value is a 400, not JAX-RS's 404.
 * Lists with keyset pages also take {@code ?after=} (a {@link Cursor} made for the same sort) instead of a page;
 * {@code spec} is the sort as a cursor records it ({@code expiryDate,asc}).
 */
public record PageRequest(int page, int size, Sort sort, String spec, Cursor after) {

    public static final int MAX_SIZE = 100;
    /** The OpenAPI description of {@code ?after=}, shared by the lists that take it. */
    public static final String AFTER = "The nextCursor of the previous page (keyset paging, replaces page; the"
            + " page has no totalItems); made for one sort, so send the same sort with it";
    /** What a cursor looks like (base64url, bounded as {@link Cursor} bounds it). */
    public static final String AFTER_PATTERN = "^[A-Za-z0-9_-]{1,2048}$";

    /**
     * @param sortable API field name → entity property, in the order of preference; the first is the default
     */
    public static PageRequest parse(String page, String size, String sort, Map<String, String> sortable,
            String defaultSort) {
        return parse(page, size, sort, sortable, defaultSort, null);
    }

    /** The same with a cursor, which replaces the page number (both at once are refused). */
    public static PageRequest parse(String page, String size, String sort, Map<String, String> sortable,
            String defaultSort, String after) {
        if (after != null && !after.isBlank() && page != null && !page.isBlank()) {
            throw ApiException.invalid("after", "cannot be combined with page");
        }
        int p = Params.integer("page", page, 0);
        int s = Params.integer("size", size, 20);
        if (p < 0) {
            throw ApiException.invalid("page", "must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw ApiException.invalid("size", "must be between 1 and " + MAX_SIZE);
        }
        // The page's last row must stay addressable as an int (Hibernate's first and max results; page × size
        // overflowed into a negative offset, a 500).
        int last = Integer.MAX_VALUE / s - 1;
        if (p > last) {
            throw ApiException.invalid("page", "must be at most " + last + " with size " + s);
        }
        Sort order = sort(sort, sortable, defaultSort);
        String spec = (sort == null || sort.isBlank() ? defaultSort : sort).split(",", -1)[0].trim() + ","
                + (order.getColumns().get(0).getDirection() == Sort.Direction.Descending ? "desc" : "asc");
        return new PageRequest(p, s, order, spec, Cursor.decode(after, spec));
    }

    /** The cursor that continues this list after a row whose sort key is {@code key}. */
    public String next(java.util.List<String> key) {
        return new Cursor(spec, key).encode();
    }

    public boolean descending() {
        return sort.getColumns().get(0).getDirection() == Sort.Direction.Descending;
    }

    /**
     * {@code ?sort=field,asc|desc} against the fields a list allows, with the id as tie-breaker. Streams take it
     * alone: they return every matching row, so {@code page} and {@code size} do not apply to them (ignored).
     */
    public static Sort sort(String sort, Map<String, String> sortable, String defaultSort) {
        String spec = sort == null || sort.isBlank() ? defaultSort : sort;
        String[] parts = spec.split(",", -1);
        String property = sortable.get(parts[0].trim());
        if (property == null || parts.length > 2) {
            throw ApiException.invalid("sort", "must be one of " + String.join(", ", sortable.keySet())
                    + ", optionally followed by ,asc or ,desc");
        }
        Sort.Direction dir = Sort.Direction.Ascending;
        if (parts.length == 2) {
            switch (parts[1].trim().toLowerCase()) {
                case "asc" -> dir = Sort.Direction.Ascending;
                case "desc" -> dir = Sort.Direction.Descending;
                default -> throw ApiException.invalid("sort", "direction must be asc or desc");
            }
        }
        // The id breaks ties so that pages never overlap.
        Sort order = Sort.by(property, dir);
        if (!property.equals("id")) {
            order = order.and("id", dir);
        }
        return order;
    }

    /** ORDER BY text for a native query; the properties were checked against a fixed map, never client text. */
    public String sqlOrder(String tieBreaker) {
        return sqlOrder(sort, tieBreaker);
    }

    /** The same for a stream's sort; an entity property (createdAt) becomes its column (created_at). */
    public static String sqlOrder(Sort sort, String tieBreaker) {
        StringBuilder sb = new StringBuilder();
        for (Sort.Column c : sort.getColumns()) {
            if (c.getName().equals("id")) {
                continue;
            }
            sb.append(c.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase())
                    .append(c.getDirection() == Sort.Direction.Descending ? " DESC" : " ASC").append(", ");
        }
        Sort.Direction dir = sort.getColumns().get(0).getDirection();
        return sb.append(tieBreaker).append(dir == Sort.Direction.Descending ? " DESC" : " ASC").toString();
    }

    public Page panache() {
        return Page.of(page, size);
    }
}
