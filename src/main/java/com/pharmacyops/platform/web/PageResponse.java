package com.pharmacyops.platform.web;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The envelope of every list: {@code {items, page, size, totalItems, nextCursor}}. A keyset page (one asked for
 * with {@code ?after=}) has no page number and counts nothing: counting every match was half of a page's cost.
 */
@RegisterForReflection
public record PageResponse<T>(List<T> items,
        @Schema(nullable = true, description = "The page number; null on a page asked for with after") Integer page,
        int size,
        @Schema(nullable = true, description = "How many items match; null on a page asked for with after (not"
                + " counted)") Long totalItems,
        @Schema(nullable = true, description = "Pass as after for the next page; null on the last page and on"
                + " lists without keyset pages") String nextCursor) {

    /** A page of a list without keyset pages. */
    public PageResponse(List<T> items, int page, int size, long totalItems) {
        this(items, page, size, totalItems, null);
    }

    public <R> PageResponse<R> map(Function<T, R> f) {
        return new PageResponse<>(items.stream().map(f).toList(), page, size, totalItems, nextCursor);
    }
}
