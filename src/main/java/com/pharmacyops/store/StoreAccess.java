package com.pharmacyops.store;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.Role;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Store checks of the stock and order path, which runs on the reactive client rather than a Hibernate session.
 * The answers match {@link StoreService#forWrite}: another store or a missing one 404, then a forbidden role
 * 403; whether the store is active is checked by the write's own statements.
 */
@ApplicationScoped
public class StoreAccess {

    private static final String EXISTS = "SELECT 1 FROM stores WHERE id = $1";
    private static final String STATE = "SELECT code, active FROM stores WHERE id = $1";

    private final Pool pool;

    public StoreAccess(Pool pool) {
        this.pool = pool;
    }

    /**
     * Passes when the actor sees the store and has one of {@code roles}; costs a query only when the role is
     * forbidden, to answer 404 rather than 403 for a store that does not exist.
     */
    public Uni<Void> require(Actor actor, long storeId, Role... roles) {
        actor.requireVisible(storeId);
        for (Role r : roles) {
            if (actor.is(r)) {
                return Uni.createFrom().voidItem();
            }
        }
        return pool.preparedQuery(EXISTS).execute(Tuple.of(storeId)).map(rows -> {
            if (rows.size() == 0) {
                throw ApiException.notFound("Store " + storeId);
            }
            actor.require(roles);
            return null;
        });
    }

    /** 404 unless the store exists (and the actor sees it), read in the caller's transaction. */
    public Uni<Void> requireExists(Tx tx, Actor actor, long storeId) {
        actor.requireVisible(storeId);
        return tx.query(EXISTS, Tuple.of(storeId)).map(rows -> {
            if (rows.size() == 0) {
                throw ApiException.notFound("Store " + storeId);
            }
            return null;
        });
    }

    /** 404 for a missing store, 409 for an inactive one, read in the caller's transaction. */
    public Uni<Void> requireActive(Tx tx, long storeId) {
        return tx.query(STATE, Tuple.of(storeId)).map(rows -> {
            if (rows.size() == 0) {
                throw ApiException.notFound("Store " + storeId);
            }
            var r = rows.iterator().next();
            if (!r.getBoolean(1)) {
                throw ApiException.conflict("Store " + r.getString(0) + " is inactive and takes no new stock or orders");
            }
            return null;
        });
    }
}
