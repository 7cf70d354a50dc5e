package com.pharmacyops.platform.security;

import java.util.Set;

import com.pharmacyops.platform.error.ApiException;

/** The authenticated user behind a request, as last read from the database (not from the token). */
public record Actor(long userId, String username, Role role, Set<Long> storeIds) {

    /** ADMIN and AUDITOR see every store; the store roles only their own. */
    public boolean seesAllStores() {
        return !role.storeScoped();
    }

    public boolean canSee(long storeId) {
        return seesAllStores() || storeIds.contains(storeId);
    }

    /**
     * 404 for another store, decided in memory: used before a stream starts, when the response status can no
     * longer change.
     */
    public Actor requireVisible(long storeId) {
        if (!canSee(storeId)) {
            throw ApiException.notFound("Store " + storeId);
        }
        return this;
    }

    public boolean is(Role r) {
        return role == r;
    }

    /** Refuses (403) unless the actor has one of these roles; call after the visibility check. */
    public void require(Role... allowed) {
        for (Role r : allowed) {
            if (role == r) {
                return;
            }
        }
        throw ApiException.forbidden("Your role does not allow this operation");
    }
}
