package com.pharmacyops.inventory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.pharmacyops.inventory.InventoryDtos.MovementView;
import com.pharmacyops.inventory.StockEventReads.Horizon;
import com.pharmacyops.platform.config.PharmacyConfig;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Committed stock movements of every replica, in ledger-id order with no gap, live and resumable. Ledger ids are
 * drawn at insert but committed in any order, so a movement seen live does not prove that every smaller id has
 * committed. This replica therefore follows the ledger itself: a {@code pg_notify} (sent by {@link Ledger} on
 * commit, from any replica) or a 1 s heartbeat wakes it; it asks for the {@link Horizon} (the largest committed id
 * and the open transactions that may still commit a smaller one), holds that id back until those transactions
 * have ended, then reads the ledger up to it and hands the rows to the subscribers of each store. Every id up to
 * {@code position} is final and delivered, so a client that last saw id n has seen every movement ≤ n: a
 * subscriber registered at position w reads (n, w] from the ledger, then the live rows after max(w, n).
 */
@ApplicationScoped
public class StockEvents {

    private static final Logger LOG = Logger.getLogger(StockEvents.class);
    /** Rows per ledger read of the feed. */
    private static final int RANGE = 5000;
    /** Horizons waiting for their writers; past this many the newest absorbs the next (later, still correct). */
    private static final int CANDIDATES = 16;
    private static final long RETRY_MS = 20;

    private final Vertx vertx;
    private final StockEventReads reads;
    private final int buffer;
    private final PgConnectOptions listen;
    private PgSubscriber subscriber;
    private long heartbeat = -1;

    // Guarded by this.
    /** Every movement with an id up to this was handed to the tails; -1 while there are none (not following). */
    private long position = -1;
    /** The largest id known to be final (committed or never to be). */
    private long safe = -1;
    private final List<Tail> tails = new ArrayList<>();
    private final List<Tail> waiting = new ArrayList<>();
    private final ArrayDeque<Horizon> candidates = new ArrayDeque<>();
    private boolean ticking;
    private boolean again;

    public StockEvents(Vertx vertx, StockEventReads reads, PharmacyConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "") String password) {
        this.vertx = vertx;
        this.reads = reads;
        this.buffer = config.streams().live().buffer();
        this.listen = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", "")).setUser(user)
                .setPassword(password);
    }

    void onStart(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, listen).reconnectPolicy(retries -> 1000L);
        // The payload is not read: the ledger is (a notification only says that something committed).
        subscriber.channel(Ledger.CHANNEL).handler(payload -> kick());
        connect();
        // Catches up after a lost notification (the LISTEN connection reconnecting) and retries a failed read.
        heartbeat = vertx.setPeriodic(1000, id -> kick());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(heartbeat);
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }

    /**
     * A store's movements with an id after {@code after}: the ones already final from the ledger, then the live
     * ones, each once, in id order. A subscriber more than {@code pharmacy.streams.live.buffer} events behind is
     * dropped: the stream fails with {@link Dropped} (never a gap in a stream that goes on).
     */
    public Uni<Multi<MovementView>> follow(long storeId, long after) {
        Tail tail = new Tail(storeId);
        return Uni.createFrom().<Long>emitter(em -> register(tail, em::complete))
                .onCancellation().invoke(() -> remove(tail))
                .map(registered -> Multi.createBy().concatenating().streams(
                        after >= registered ? Multi.createFrom().<MovementView>empty()
                                : reads.backlog(storeId, after, registered),
                        tail.live().filter(m -> m.id() > after))
                        .onTermination().invoke(() -> remove(tail)));
    }

    /** A subscriber fell too far behind; it has to subscribe again, with Last-Event-ID to resume. */
    public static final class Dropped extends RuntimeException {
        Dropped(int buffer) {
            super("This subscriber fell more than " + buffer + " events behind and was dropped; subscribe again with"
                    + " Last-Event-ID (the id of the last event received) to resume from the ledger", null, false, false);
        }
    }

    /** Open subscriptions of this replica. */
    synchronized int subscribers() {
        return tails.size() + waiting.size();
    }

    private void register(Tail tail, LongConsumer registered) {
        tail.registered = registered;
        synchronized (this) {
            if (position >= 0) {
                tails.add(tail);
                registered.accept(position);
                return;
            }
            waiting.add(tail);
        }
        kick();
    }

    private synchronized void remove(Tail tail) {
        tails.remove(tail);
        waiting.remove(tail);
    }

    private void kick() {
        synchronized (this) {
            if (ticking) {
                again = true;
                return;
            }
            if (tails.isEmpty() && waiting.isEmpty()) {
                position = -1; // no one listens: a notification costs nothing
                candidates.clear();
                return;
            }
            ticking = true;
            again = false;
        }
        reads.horizon().flatMap(this::advance).subscribe().with(v -> done(), e -> {
            LOG.warnf("Stock events: reading the ledger failed (%s); retrying", e.getMessage());
            synchronized (this) {
                ticking = false;
            }
        });
    }

    /** Settles the horizon and hands the rows up to it to the tails. */
    private Uni<Void> advance(Horizon horizon) {
        long from, upTo; // the range to read, outside the lock
        synchronized (this) {
            settle(horizon);
            if (position < 0) {
                if (safe >= 0) {
                    position = safe; // nobody listened before: nothing to read, the waiting start here
                    for (Tail t : waiting) {
                        tails.add(t);
                        t.registered.accept(position);
                    }
                    waiting.clear();
                }
                return Uni.createFrom().voidItem();
            }
            if (safe <= position) {
                return Uni.createFrom().voidItem();
            }
            from = position;
            upTo = safe;
        }
        return reads.range(from, upTo, RANGE).map(rows -> {
            synchronized (this) {
                for (MovementView m : rows) {
                    for (Iterator<Tail> it = tails.iterator(); it.hasNext();) {
                        Tail t = it.next();
                        if (t.store == m.storeId() && !t.offer(m)) {
                            it.remove();
                        }
                    }
                }
                if (rows.size() == RANGE) {
                    position = rows.get(rows.size() - 1).id();
                    again = true;
                } else {
                    position = upTo;
                }
            }
            return null;
        });
    }

    /**
     * Raises {@link #safe}: a horizon's committed id is final once none of its writers is still open (a writer
     * ends for good; a new one draws larger ids).
     */
    private void settle(Horizon now) {
        for (Iterator<Horizon> it = candidates.iterator(); it.hasNext();) {
            Horizon c = it.next();
            if (Collections.disjoint(c.writers(), now.writers())) {
                safe = Math.max(safe, c.committed());
                it.remove();
            }
        }
        if (now.writers().isEmpty()) {
            safe = Math.max(safe, now.committed());
        } else if (now.committed() > safe
                && (candidates.isEmpty() || candidates.peekLast().committed() < now.committed())) {
            if (candidates.size() >= CANDIDATES) {
                Set<String> writers = new HashSet<>(candidates.pollLast().writers());
                writers.addAll(now.writers());
                now = new Horizon(now.committed(), writers);
            }
            candidates.addLast(now);
        }
    }

    private void done() {
        boolean more, pending;
        synchronized (this) {
            ticking = false;
            more = again;
            pending = !candidates.isEmpty() && (!tails.isEmpty() || !waiting.isEmpty());
        }
        if (more) {
            kick();
        } else if (pending) {
            vertx.setTimer(RETRY_MS, id -> kick());
        }
    }

    private void connect() {
        subscriber.connect().subscribe().with(ok -> LOG.debug("Listening for stock events"), e -> {
            LOG.warnf("Stock events not available yet (%s); retrying", e.getMessage());
            vertx.setTimer(2000, id -> connect());
        });
    }

    /** One subscriber: rows of its store, kept until its stream reaches the live part, then emitted. */
    private final class Tail {

        final long store;
        LongConsumer registered;
        private final ArrayDeque<MovementView> early = new ArrayDeque<>();
        private MultiEmitter<? super MovementView> emitter;
        private boolean overflowed;

        Tail(long store) { this.store = store; }

        /** Called holding the feed's lock; false when the tail overflowed (it is then removed). */
        boolean offer(MovementView m) {
            if (emitter != null) {
                emitter.emit(m);
            } else if (early.size() < buffer) {
                early.add(m);
            } else {
                overflowed = true;
                early.clear();
                return false;
            }
            return true;
        }

        Multi<MovementView> live() {
            return Multi.createFrom().<MovementView>emitter(em -> {
                synchronized (StockEvents.this) {
                    early.forEach(em::emit);
                    early.clear();
                    if (overflowed) {
                        em.fail(new Dropped(buffer));
                    } else {
                        emitter = em;
                    }
                }
            }, BackPressureStrategy.ERROR).onOverflow().buffer(buffer)
                    .onFailure(BackPressureFailure.class).transform(e -> new Dropped(buffer));
        }
    }
}
