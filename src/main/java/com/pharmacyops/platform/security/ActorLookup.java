package com.pharmacyops.platform.security;

import io.smallrye.mutiny.Uni;

/**
 * Who a token's subject is now, as the user feature knows it: the security shelf asks through this interface, so
 * it never depends on a feature.
 */
public interface ActorLookup {

    /** The user with this id, active or not, or null when there is none. */
    Uni<Account> account(long userId);

    /** Forgets what this replica remembers of a user, after it changed the user's role, stores, state or password. */
    Uni<Void> forget(long userId);
}
