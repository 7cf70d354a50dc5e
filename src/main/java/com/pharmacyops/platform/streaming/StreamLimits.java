package com.pharmacyops.platform.streaming;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestMulti;

import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.ActorLookup;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Caps on open streams, decided while the resource method runs, before any response starts, so a refusal is a 429
 * problem with {@code Retry-After}. Lists ({@link #list}) hold a pooled connection in an open transaction
 * while the client reads: a user may hold {@code pharmacy.streams.per-user}, and all of them together at most
 * {@code pool-share} of {@code quarkus.datasource.reactive.max-size}, so ordinary requests always find a connection.
 * Live subscriptions ({@link #live}) hold memory, not connections, and have caps of their own. Every permitted
 * stream runs under a {@link StreamWatch}, which gives the permit back when the stream ends.
 */
@ApplicationScoped
public class StreamLimits {

    /** A stream usually ends within seconds; the client may try again then. */
    static final long RETRY_AFTER_SECONDS = 5;
    private static final Duration UNCLAIMED = Duration.ofSeconds(30);

    private final Caps lists;
    private final Caps live;
    private final Vertx vertx;
    private final ActorLookup actors;
    private final Duration idle;
    private final Duration accessCheck;

    public StreamLimits(PharmacyConfig config, Vertx vertx, ActorLookup actors,
            @ConfigProperty(name = "quarkus.datasource.reactive.max-size", defaultValue = "20") int poolSize) {
        PharmacyConfig.Streams s = config.streams();
        // Never the whole pool: at least one connection stays for ordinary requests.
        int shared = Math.min(poolSize - 1, Math.max(1, (int) Math.floor(poolSize * s.poolShare())));
        this.lists = new Caps("streams", s.perUser(), shared);
        this.live = new Caps("live subscriptions", s.live().perUser(), s.live().max());
        this.vertx = vertx;
        this.actors = actors;
        this.idle = s.idleTimeout();
        this.accessCheck = s.accessCheckPeriod();
    }

    /** A list streamed from the database: within the list caps, ended when {@code allowed} no longer holds. */
    public <T> Uni<Multi<T>> list(Actor actor, Predicate<Actor> allowed, Uni<Multi<T>> stream) {
        return open(lists, actor, allowed, stream);
    }

    /**
     * The HTTP response of a list streamed from the database ({@link #list}): its status (404 for a missing store,
     * 429 past a cap, 400) is decided before the response starts, then the rows follow.
     */
    public <T> Multi<T> respond(Actor actor, Predicate<Actor> allowed, Uni<Multi<T>> stream) {
        return RestMulti.fromUniResponse(list(actor, allowed, stream), rows -> rows);
    }

    /** A live subscription: within the live caps, ended when {@code allowed} no longer holds. */
    public <T> Uni<Multi<T>> live(Actor actor, Predicate<Actor> allowed, Uni<Multi<T>> stream) {
        return open(live, actor, allowed, stream);
    }

    /** For a stream of one store: the user still sees it. */
    public static Predicate<Actor> store(long storeId) {
        return now -> now.canSee(storeId);
    }

    /** For a list filtered by the stores the user saw when it began: the user sees no fewer now. */
    public static Predicate<Actor> storesOf(Actor before) {
        return now -> now.seesAllStores()
                || !before.seesAllStores() && now.storeIds().containsAll(before.storeIds());
    }

    /** For a list that depends on no store: the user is still active (checked for every stream). */
    public static Predicate<Actor> active() {
        return now -> true;
    }

    private <T> Uni<Multi<T>> open(Caps caps, Actor actor, Predicate<Actor> allowed, Uni<Multi<T>> stream) {
        // Taken now, while the resource method runs: the head of an SSE response is written before its Uni
        // resolves, so only a refusal thrown here is still a 429 for both formats.
        Permit permit = caps.acquire(actor.userId());
        // Given back if the stream is never subscribed (the request failed or was abandoned on the way); late
        // enough that a stream whose start waited for a connection is not robbed of it.
        vertx.setTimer(idle.plus(UNCLAIMED).toMillis(), id -> {
            if (permit.claim()) {
                permit.release();
            }
        });
        return stream.onFailure().invoke(permit::release).onCancellation().invoke(permit::release)
                .map(rows -> new StreamWatch<>(rows, vertx, idle, accessCheck,
                        () -> actors.account(actor.userId())
                                .map(now -> now != null && now.active() && allowed.test(now.actor())),
                        permit));
    }

    /** One open stream's place under the caps. */
    static final class Permit {

        private final Caps caps;
        private final long userId;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();

        Permit(Caps caps, long userId) {
            this.caps = caps;
            this.userId = userId;
        }

        /** True for the first caller only: the stream that runs under the permit, or the timer that reclaims it. */
        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        /** Gives the place back, once however often it is called. */
        void release() {
            if (released.compareAndSet(false, true)) {
                caps.release(userId);
            }
        }
    }

    /** Open streams per user and in all, under one lock: a few short sections per stream, never contended long. */
    static final class Caps {

        private final String what;
        private final int perUser;
        private final int max;
        private final Map<Long, Integer> open = new HashMap<>();
        private int total;

        Caps(String what, int perUser, int max) {
            this.what = what;
            this.perUser = perUser;
            this.max = max;
        }

        /** A permit, or 429. */
        synchronized Permit acquire(long userId) {
            int mine = open.getOrDefault(userId, 0);
            if (mine >= perUser) {
                throw ApiException.tooManyRequests("You have " + mine + " " + what
                        + " open, the most one user may have; close one first", RETRY_AFTER_SECONDS);
            }
            if (total >= max) {
                throw ApiException.tooManyRequests("The service has as many " + what
                        + " open as it allows; try again shortly", RETRY_AFTER_SECONDS);
            }
            open.put(userId, mine + 1);
            total++;
            return new Permit(this, userId);
        }

        synchronized void release(long userId) {
            total--;
            open.computeIfPresent(userId, (id, n) -> n > 1 ? n - 1 : null);
        }
    }
}
