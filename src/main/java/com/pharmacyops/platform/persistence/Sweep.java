package com.pharmacyops.platform.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Rows a feature no longer needs, deleted by {@link Housekeeping}: each feature declares the sweep of its own
 * tables, so the platform never names a feature's table.
 */
public interface Sweep {

    /** Deletes what is due and answers how many rows went. Harmless when several replicas run it at once. */
    Uni<Integer> run(Pool pool);
}
