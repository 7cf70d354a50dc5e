package com.pharmacyops.platform.idempotency;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.persistence.Sweep;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Idempotency keys past their retention can no longer be replayed. */
@ApplicationScoped
public class ExpiredKeys implements Sweep {

    @Override
    public Uni<Integer> run(Pool pool) {
        return pool.preparedQuery("DELETE FROM idempotency_keys WHERE expires_at < now()").execute()
                .map(r -> r.rowCount());
    }
}
