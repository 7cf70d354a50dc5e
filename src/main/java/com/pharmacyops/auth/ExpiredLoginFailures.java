package com.pharmacyops.auth;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.pharmacyops.platform.persistence.Sweep;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Login failures older than the lock-out window no longer count towards a lock-out. */
@ApplicationScoped
public class ExpiredLoginFailures implements Sweep {

    private final Duration window;

    public ExpiredLoginFailures(@ConfigProperty(name = "pharmacy.security.lockout.window") Duration window) {
        this.window = window;
    }

    @Override
    public Uni<Integer> run(Pool pool) {
        return pool.preparedQuery("DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) window.toSeconds())).map(r -> r.rowCount());
    }
}
