package com.pharmacyops.store;

import java.time.Instant;

import io.smallrye.mutiny.Uni;

/**
 * The user accounts a store's manager comes from. Declared here and implemented by the user feature, which
 * owns accounts and their store assignments: user depends on store, never the reverse.
 */
public interface ManagerAccounts {

    /** True when the user exists, is active and is a STORE_MANAGER. */
    Uni<Boolean> isActiveManager(long userId);

    /** Adds the store to the manager's stores unless they hold it already. */
    Uni<Void> grantStore(long managerId, long storeId, String actor, Instant now);
}
