package com.pharmacyops.store;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.security.StoreLookup;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Whether a store exists and is active, for the access check ({@link StoreLookup}) and for the stock and order
 * path, which runs on the reactive client rather than a Hibernate session: a missing store 404, an inactive one
 * 409 for a write.
 */
@ApplicationScoped
public class StoreAccess implements StoreLookup {

    private static final String EXISTS = "SELECT 1 FROM stores WHERE id = $1";
    private static final String STATE = "SELECT code, active FROM stores WHERE id = $1";

    private final Pool pool;

    public StoreAccess(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Boolean> exists(long storeId) {
        return pool.preparedQuery(EXISTS).execute(Tuple.of(storeId)).map(rows -> rows.size() == 1);
    }

    /** 404 unless the store exists: for a stream, decided before its response starts. */
    public Uni<Void> requireExists(long storeId) {
        return exists(storeId).map(found -> {
            if (!found) {
                throw ApiException.notFound("Store " + storeId);
            }
            return null;
        });
    }

    /** 404 unless the store exists, read in the caller's transaction. */
    public Uni<Void> requireExists(Tx tx, long storeId) {
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
