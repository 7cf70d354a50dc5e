package com.pharmacyops.platform.security;

import io.smallrye.mutiny.Uni;

/**
 * Whether a store exists, as the store feature knows it: {@link AccessFilter} asks only to tell a missing store
 * (404) from a forbidden operation in an existing one (403).
 */
public interface StoreLookup {

    Uni<Boolean> exists(long storeId);
}
