package com.pharmacyops.platform.streaming;

import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.error.ErrorKind;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.Subscriptions;
import io.smallrye.mutiny.operators.multi.AbstractMultiOperator;
import io.smallrye.mutiny.operators.multi.MultiOperatorProcessor;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.Vertx;

/**
 * Watches one permitted stream from the HTTP side and ends it by failing it (the framework then closes the
 * connection, and cancelling the upstream rolls a list's transaction back and returns its connection):
 * <ul>
 * <li>when its client reads nothing for the idle timeout: the framework asks for the next element only once the
 * last one is written to the socket, so a stream with no demand for that long has a client that stopped reading
 * (a live stream waiting for events has demand and is never idle);</li>
 * <li>when its user is deactivated or no longer sees what it streams, checked every period.</li>
 * </ul>
 * The permit is given back when the stream ends in any way.
 */
final class StreamWatch<T> extends AbstractMultiOperator<T, T> {

    private static final Logger LOG = Logger.getLogger(StreamWatch.class);

    private final Vertx vertx;
    private final long idleNanos;
    private final long checkMillis;
    private final Supplier<Uni<Boolean>> allowed;
    private final StreamLimits.Permit permit;

    StreamWatch(Multi<T> upstream, Vertx vertx, Duration idle, Duration check, Supplier<Uni<Boolean>> allowed,
            StreamLimits.Permit permit) {
        super(upstream);
        this.vertx = vertx;
        this.idleNanos = idle.toNanos();
        this.checkMillis = Math.max(1, check.toMillis());
        this.allowed = allowed;
        this.permit = permit;
    }

    @Override
    public void subscribe(MultiSubscriber<? super T> downstream) {
        if (!permit.claim()) {
            // Subscribed a second time, or so late that the permit was reclaimed.
            Subscriptions.fail(downstream, ApiException.tooManyRequests("The stream's permit has lapsed",
                    StreamLimits.RETRY_AFTER_SECONDS));
            return;
        }
        upstream.subscribe().withSubscriber(new Watcher(downstream));
    }

    private final class Watcher extends MultiOperatorProcessor<T, T> {

        /** Elements asked for and not yet delivered, and when that last changed; guarded by this. */
        private long demand;
        private long since = System.nanoTime();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicBoolean checking = new AtomicBoolean();
        private long idleTimer = -1;
        private long accessTimer = -1;

        Watcher(MultiSubscriber<? super T> downstream) {
            super(downstream);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            idleTimer = vertx.setPeriodic(Math.max(100, idleNanos / 4_000_000), id -> idleCheck());
            accessTimer = vertx.setPeriodic(checkMillis, id -> accessCheck());
            super.onSubscribe(subscription);
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                demand = n > Long.MAX_VALUE - demand ? Long.MAX_VALUE : demand + n;
                since = System.nanoTime();
            }
            super.request(n);
        }

        @Override
        public synchronized void onItem(T item) {
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            since = System.nanoTime();
            super.onItem(item);
        }

        @Override
        public synchronized void onFailure(Throwable failure) {
            end();
            super.onFailure(failure);
        }

        @Override
        public synchronized void onCompletion() {
            end();
            super.onCompletion();
        }

        @Override
        public void cancel() {
            end();
            super.cancel();
        }

        private void idleCheck() {
            boolean idle;
            synchronized (this) {
                idle = demand == 0 && System.nanoTime() - since > idleNanos;
            }
            if (idle) {
                // Never seen by that client (it is not reading); the status only matters to the framework.
                stop(ErrorKind.CONFLICT, "The client read nothing for " + idleNanos / 1_000_000_000
                        + " s; the stream was closed");
            }
        }

        private void accessCheck() {
            if (ended.get() || !checking.compareAndSet(false, true)) {
                return;
            }
            allowed.get().eventually(() -> checking.set(false)).subscribe().with(ok -> {
                if (!ok) {
                    stop(ErrorKind.FORBIDDEN, "Access to this stream was withdrawn");
                }
            }, e -> LOG.debugf("Stream access check failed, kept open: %s", e.toString()));
        }

        /** Ends the stream from this side: the upstream is cancelled and the client sees it fail. */
        private synchronized void stop(ErrorKind kind, String why) {
            Flow.Subscription upstream = getAndSetUpstreamSubscription(Subscriptions.CANCELLED);
            if (upstream == Subscriptions.CANCELLED) {
                return;
            }
            LOG.infof("Stream closed: %s", why);
            end();
            if (upstream != null) {
                upstream.cancel();
            }
            downstream.onFailure(new ApiException(kind, why));
        }

        private void end() {
            if (ended.compareAndSet(false, true)) {
                vertx.cancelTimer(idleTimer);
                vertx.cancelTimer(accessTimer);
                permit.release();
            }
        }
    }
}
