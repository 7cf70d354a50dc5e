package com.pharmacyops.order;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.pharmacyops.order.OrderDtos.OrderView;
import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.security.Actor;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Group commit of confirmations, per store and replica. Each store has a FIFO lane: a confirmation that finds no
 * group of its store in flight starts one (after {@code max-wait} for others to join); those that arrive while a
 * group is in flight queue and form the next one (at most {@code max-size}, in arrival order), which starts when
 * the previous one ends. A group is one transaction ({@link GroupConfirmation}), opened on a context of its own so
 * that it joins no request's transaction; each request gets its own answer back on its own context. Row locks
 * stay the arbiter between replicas: correctness does not depend on the grouping, only the throughput on one hot
 * stock row does (one lock, one commit for many orders).
 */
@ApplicationScoped
class ConfirmationGroups {

    private static final Logger LOG = Logger.getLogger(ConfirmationGroups.class);

    /** A confirmation in its lane: the request, where to answer it, and since when it waits. */
    private record Member(GroupConfirmation.Request request, Context context, long queuedAt,
            UniEmitter<? super OrderView> emitter) {
    }

    /** One store's queue; {@code busy} while a group of the store is being confirmed (or about to be). */
    private static final class Lane {
        final long storeId;
        final ArrayDeque<Member> queue = new ArrayDeque<>();
        boolean busy;

        Lane(long storeId) {
            this.storeId = storeId;
        }
    }

    private final ConcurrentHashMap<Long, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Transactions transactions;
    private final GroupConfirmation confirmation;
    private final Vertx vertx;
    private final int maxSize;
    private final long maxWaitMillis;
    private final int queueLimit;
    private final DistributionSummary sizes;
    private final Timer waits;

    ConfirmationGroups(Transactions transactions, GroupConfirmation confirmation, Vertx vertx, PharmacyConfig config,
            MeterRegistry metrics) {
        this.transactions = transactions;
        this.confirmation = confirmation;
        this.vertx = vertx;
        PharmacyConfig.Group group = config.orders().group();
        this.maxSize = group.maxSize();
        // Vert.x timers count whole milliseconds; a wait below one is one.
        this.maxWaitMillis = group.maxWait().isZero() ? 0 : Math.max(1, group.maxWait().toMillis());
        this.queueLimit = group.queue();
        this.sizes = DistributionSummary.builder("pharmacy.orders.group.size")
                .description("Confirmations per grouped transaction").publishPercentileHistogram().register(metrics);
        this.waits = Timer.builder("pharmacy.orders.group.wait")
                .description("Time a confirmation waited for its group to start").register(metrics);
        metrics.gauge("pharmacy.orders.group.queue", queued);
    }

    /** Whether confirmations are grouped at all ({@code max-size} 0: each in its own transaction). */
    boolean enabled() {
        return maxSize > 0;
    }

    /** Confirms in the store's next group; a full lane answers 503 at once. */
    Uni<OrderView> submit(Actor actor, long storeId, long orderId, Long claim) {
        return Uni.createFrom().emitter(emitter -> {
            Member m = new Member(new GroupConfirmation.Request(actor, orderId, claim), Vertx.currentContext(),
                    System.nanoTime(), emitter);
            Lane lane = lanes.computeIfAbsent(storeId, Lane::new);
            boolean start;
            synchronized (lane) {
                if (lane.queue.size() >= queueLimit) {
                    emitter.fail(ApiException.unavailable("Too many confirmations of this store are waiting; retry",
                            1));
                    return;
                }
                lane.queue.add(m);
                queued.incrementAndGet();
                start = !lane.busy;
                lane.busy = true;
            }
            if (start) {
                schedule(lane, maxWaitMillis);
            }
        });
    }

    /** Starts the lane's next group on a fresh context, where no request's transaction is bound. */
    private void schedule(Lane lane, long delayMillis) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.runOnContext(v -> {
            if (delayMillis == 0) {
                run(lane);
            } else {
                vertx.setTimer(delayMillis, id -> context.runOnContext(x -> run(lane)));
            }
        });
    }

    private void run(Lane lane) {
        List<Member> group = new ArrayList<>();
        synchronized (lane) {
            while (group.size() < maxSize && !lane.queue.isEmpty()) {
                group.add(lane.queue.poll());
            }
            if (group.isEmpty()) {
                lane.busy = false;
                return;
            }
        }
        queued.addAndGet(-group.size());
        long now = System.nanoTime();
        group.forEach(m -> waits.record(now - m.queuedAt(), TimeUnit.NANOSECONDS));
        sizes.record(group.size());
        List<GroupConfirmation.Request> requests = group.stream().map(Member::request).toList();
        Uni<List<GroupConfirmation.Outcome>> work;
        try {
            work = transactions.write(tx -> confirmation.run(tx, lane.storeId, requests));
        } catch (RuntimeException e) {
            work = Uni.createFrom().failure(e);
        }
        work.subscribe().with(outcomes -> {
            for (int i = 0; i < group.size(); i++) {
                GroupConfirmation.Outcome o = outcomes.get(i);
                answer(group.get(i), o.view(), o.refusal());
            }
            next(lane);
        }, failure -> {
            // Nothing of the group was written: each request fails as one confirmation would have.
            LOG.debugf("Group of %d confirmations of store %d failed: %s", group.size(), lane.storeId, failure);
            group.forEach(m -> answer(m, null, failure));
            next(lane);
        });
    }

    private void next(Lane lane) {
        synchronized (lane) {
            if (lane.queue.isEmpty()) {
                lane.busy = false;
                return;
            }
        }
        // The queued requests waited for this group already: theirs starts at once.
        schedule(lane, 0);
    }

    /** Each request continues on its own context, never on the group's. */
    private static void answer(Member m, OrderView view, Throwable failure) {
        Runnable emit = () -> {
            if (failure == null) {
                m.emitter().complete(view);
            } else {
                m.emitter().fail(failure);
            }
        };
        if (m.context() == null) {
            emit.run();
        } else {
            m.context().runOnContext(v -> emit.run());
        }
    }
}
