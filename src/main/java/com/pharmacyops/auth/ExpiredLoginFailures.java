package com.pharmacyops.auth;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.persistence.Sweep;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Failure counters whose lock-out window is over no longer count (the next attempt would reset them anyway). */
@ApplicationScoped
public class ExpiredLoginFailures implements Sweep {

    private final Duration window;

    public ExpiredLoginFailures(PharmacyConfig config) {
        this.window = config.security().lockout().window();
    }

    @Override
    public Uni<Integer> run(Pool pool) {
        return pool.preparedQuery("DELETE FROM auth_failures WHERE window_start <= now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) window.toSeconds())).map(r -> r.rowCount());
    }
}
