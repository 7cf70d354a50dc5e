package com.pharmacyops.inventory;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.pharmacyops.inventory.InventoryDtos.MovementView;
import com.pharmacyops.platform.config.PharmacyConfig;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Committed stock movements of every replica, as they happen: the ledger {@code pg_notify}s each movement in
 * its transaction, PostgreSQL delivers it on commit (never for a rollback), and this replica's one
 * {@code LISTEN} connection fans it out to the SSE subscribers of that store. It reconnects by itself.
 */
@ApplicationScoped
public class StockEvents {

    private static final Logger LOG = Logger.getLogger(StockEvents.class);
    private final Vertx vertx;
    private final int buffer;
    private final String url;
    private final String user;
    private final String password;
    private final BroadcastProcessor<MovementView> movements = BroadcastProcessor.create();
    /** Open subscriptions: with none, a notification is dropped unparsed (parsing showed in order profiles). */
    private final AtomicInteger subscribers = new AtomicInteger();
    private PgSubscriber subscriber;

    public StockEvents(Vertx vertx, PharmacyConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "") String password) {
        this.vertx = vertx;
        this.buffer = config.streams().live().buffer();
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void onStart(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(Ledger.CHANNEL).handler(this::publish);
        connect();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }

    /**
     * Movements of one store from now on. A subscriber that falls more than {@code pharmacy.streams.live.buffer}
     * events behind is dropped: its buffer is discarded and the stream fails with {@link Dropped} (never a gap in
     * the middle of a stream that goes on).
     */
    public Multi<MovementView> of(long storeId) {
        return movements.filter(m -> m.storeId() == storeId).onOverflow().buffer(buffer)
                .onFailure(BackPressureFailure.class).transform(e -> new Dropped(buffer))
                .onSubscription().invoke(s -> subscribers.incrementAndGet())
                .onTermination().invoke(subscribers::decrementAndGet);
    }

    /** A subscriber fell too far behind; it has to subscribe again (and read what it missed from the ledger). */
    public static final class Dropped extends RuntimeException {
        Dropped(int buffer) {
            super("This subscriber fell more than " + buffer + " events behind and was dropped; subscribe again and"
                    + " read what was missed from /stock-movements", null, false, false);
        }
    }

    /** Open subscriptions of this replica. */
    int subscribers() {
        return subscribers.get();
    }

    private void connect() {
        subscriber.connect().subscribe().with(ok -> LOG.debug("Listening for stock events"), e -> {
            LOG.warnf("Stock events not available yet (%s); retrying", e.getMessage());
            vertx.setTimer(2000, id -> connect());
        });
    }

    private void publish(String payload) {
        if (subscribers.get() == 0) {
            return;
        }
        try {
            JsonObject j = new JsonObject(payload);
            String adjustment = j.getString("adjustmentReason");
            movements.onNext(new MovementView(j.getLong("id"), j.getLong("storeId"), j.getLong("batchId"),
                    j.getLong("medicineId"), j.getInteger("quantityDelta"), j.getInteger("balanceAfter"),
                    MovementReason.valueOf(j.getString("reason")),
                    adjustment == null ? null : AdjustmentReason.valueOf(adjustment), j.getString("referenceType"),
                    j.getLong("referenceId"), j.getString("actor"),
                    OffsetDateTime.parse(j.getString("occurredAt")).toInstant(), null));
        } catch (RuntimeException e) {
            LOG.warnf("Ignoring a malformed stock event: %s", e.getMessage());
        }
    }
}
