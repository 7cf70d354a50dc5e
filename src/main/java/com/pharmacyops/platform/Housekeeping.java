package com.pharmacyops.platform;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deletes expired idempotency keys and login failures that left the lock-out window, every 10 minutes.
 * Harmless when several replicas do it at once.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private static final long PERIOD_MS = Duration.ofMinutes(10).toMillis();

    private final Vertx vertx;
    private final Pool pool;
    private final Duration lockoutWindow;
    private long timer = -1;

    public Housekeeping(Vertx vertx, Pool pool,
            @ConfigProperty(name = "pharmacy.security.lockout.window") Duration lockoutWindow) {
        this.vertx = vertx;
        this.pool = pool;
        this.lockoutWindow = lockoutWindow;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(PERIOD_MS, id -> sweep());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void sweep() {
        pool.preparedQuery("DELETE FROM idempotency_keys WHERE expires_at < now()").execute()
                .flatMap(r -> pool.preparedQuery(
                        "DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => $1)")
                        .execute(Tuple.of((double) lockoutWindow.toSeconds())))
                .subscribe().with(r -> {
                }, e -> LOG.debugf("Housekeeping skipped: %s", e.getMessage()));
    }
}
