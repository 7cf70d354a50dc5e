package com.pharmacyops.user;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.security.ActorLookup;
import com.pharmacyops.platform.security.Role;
import com.pharmacyops.store.ManagerAccounts;

import io.smallrye.mutiny.Uni;

/** Store managers as the store feature sees them; runs inside the caller's session and transaction. */
@ApplicationScoped
public class StoreManagerAccounts implements ManagerAccounts {

    private final UserRepository users;
    private final ActorLookup directory;

    public StoreManagerAccounts(UserRepository users, ActorLookup directory) {
        this.users = users;
        this.directory = directory;
    }

    @Override
    public Uni<Boolean> isActiveManager(long userId) {
        return users.findById(userId).map(u -> u != null && u.active && u.role == Role.STORE_MANAGER);
    }

    @Override
    public Uni<Void> grantStore(long managerId, long storeId, String actor, Instant now) {
        return users.storeIds(managerId).flatMap(held -> held.contains(storeId) ? Uni.createFrom().voidItem()
                : users.addStores(managerId, Set.of(storeId), actor, now)
                        // The manager's cached stores change now, not at the cache's expiry.
                        .call(v -> directory.forget(managerId)));
    }
}
