package com.pharmacyops.auth;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;


import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.persistence.Sweep;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Login failures older than the lock-out window no longer count towards a lock-out. */
@ApplicationScoped
public class ExpiredLoginFailures implements Sweep {

    private final Duration window;

    public ExpiredLoginFailures(PharmacyConfig config) {
        this.window = config.security().lockout().window();
    }

    @Override
    public Uni<Integer> run(Pool pool) {
        return pool.preparedQuery("DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) window.toSeconds())).map(r -> r.rowCount());
    }
}
