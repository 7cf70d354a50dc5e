package com.pharmacyops.platform.paging;

import java.util.List;
import java.util.function.Function;

/** The envelope of every list: {@code {items, page, size, totalItems}}. */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems) {

    public <R> PageResponse<R> map(Function<T, R> f) {
        return new PageResponse<>(items.stream().map(f).toList(), page, size, totalItems);
    }
}
