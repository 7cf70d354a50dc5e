package com.pharmacyops.platform.web;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.function.Function;

/** The envelope of every list: {@code {items, page, size, totalItems}}. */
@RegisterForReflection
public record PageResponse<T>(List<T> items, int page, int size, long totalItems) {

    public <R> PageResponse<R> map(Function<T, R> f) {
        return new PageResponse<>(items.stream().map(f).toList(), page, size, totalItems);
    }
}
