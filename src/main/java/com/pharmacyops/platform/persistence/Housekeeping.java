package com.pharmacyops.platform.persistence;

import java.time.Duration;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/** Runs every feature's {@link Sweep} every 10 minutes, one after the other; a failed one is skipped until next time. */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private static final long PERIOD_MS = Duration.ofMinutes(10).toMillis();

    private final Vertx vertx;
    private final Pool pool;
    private final Instance<Sweep> sweeps;
    private long timer = -1;

    public Housekeeping(Vertx vertx, Pool pool, Instance<Sweep> sweeps) {
        this.vertx = vertx;
        this.pool = pool;
        this.sweeps = sweeps;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(PERIOD_MS, id -> sweep().subscribe().with(n -> {
        }));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Runs every sweep now and answers how many rows went in all. */
    public Uni<Integer> sweep() {
        return Multi.createFrom().iterable(sweeps)
                .onItem().transformToUniAndConcatenate(s -> s.run(pool).onFailure().recoverWithItem(e -> {
                    LOG.debugf("%s skipped: %s", s.getClass().getSimpleName(), e.getMessage());
                    return 0;
                }))
                .collect().with(Collectors.summingInt(Integer::intValue));
    }
}
