package com.pharmacyops.order;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Order numbers per store: each replica reserves {@link #BLOCK} numbers at a time from the store's counter row
 * and hands them out from memory. The counter row lock is then taken once per block, in a statement of its own
 * (committed at once), instead of serializing every create of a store on it until that create commits: held
 * for a commit each, it capped one store at about 500 creates/s here. Numbers stay unique (the database hands
 * out the blocks) and increase per store within a replica; a restart or a refused create leaves gaps.
 */
@ApplicationScoped
public class OrderNumbers {

    static final int BLOCK = 100;

    private static final String RESERVE = """
            INSERT INTO order_counters AS c (store_id, last_number, created_at, updated_at, created_by, updated_by)
            SELECT id, $2, now(), now(), 'system', 'system' FROM stores WHERE id = $1
            ON CONFLICT (store_id) DO UPDATE SET last_number = c.last_number + $2, updated_at = now()
            RETURNING c.last_number""";

    /** The numbers reserved for one store: {@code next} up to {@code last}, inclusive. */
    private record Block(AtomicLong next, long last) {
    }

    private final Pool pool;
    private final Map<Long, Block> blocks = new ConcurrentHashMap<>();
    /** The reservation under way per store: requests that miss together share it instead of each taking a block. */
    /** Requests waiting for the reservation under way, per store: those that miss together share it. */
    private final Map<Long, List<UniEmitter<? super Long>>> waiting = new HashMap<>();

    public OrderNumbers(Pool pool) {
        this.pool = pool;
    }

    /** The store's next number, or null when the store does not exist. */
    public Uni<Long> next(long storeId) {
        Long n = take(storeId);
        if (n != null) {
            return Uni.createFrom().item(n);
        }
        Uni<Long> reserved = Uni.createFrom().emitter(emitter -> {
            Long late = take(storeId); // a block may have come since: checked again when subscribed
            if (late != null) {
                emitter.complete(late);
                return;
            }
            boolean first;
            synchronized (waiting) {
                List<UniEmitter<? super Long>> queue = waiting.computeIfAbsent(storeId, k -> new ArrayList<>());
                first = queue.isEmpty();
                queue.add(emitter);
            }
            if (first) {
                reserve(storeId).subscribe().with(found -> release(storeId, found, null),
                        failure -> release(storeId, false, failure));
            }
        });
        // The reservation completes on the context of the request that started it; every other request must
        // continue on its own (its transaction and identity are bound to it).
        Context caller = Vertx.currentContext();
        return caller == null ? reserved : reserved.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    /** A number of the store's current block, or null when there is none left. */
    private Long take(long storeId) {
        Block b = blocks.get(storeId);
        if (b == null) {
            return null;
        }
        long n = b.next().getAndIncrement();
        return n <= b.last() ? n : null;
    }

    /** Answers every request that waited for the reservation: a number from the new block, null, or the failure. */
    private void release(long storeId, boolean found, Throwable failure) {
        List<UniEmitter<? super Long>> queue;
        synchronized (waiting) {
            queue = waiting.remove(storeId);
        }
        for (UniEmitter<? super Long> emitter : queue) {
            if (failure != null) {
                emitter.fail(failure);
            } else if (!found) {
                emitter.complete(null);
            } else {
                next(storeId).subscribe().with(emitter::complete, emitter::fail);
            }
        }
    }

    /** A new block from the counter row; false when the store does not exist. */
    private Uni<Boolean> reserve(long storeId) {
        // Its own transaction on purpose, never the caller's: the counter row is locked only for this statement.
        return pool.preparedQuery(RESERVE).execute(Tuple.of(storeId, BLOCK)).map(rows -> {
            if (rows.size() == 0) {
                return false;
            }
            long last = rows.iterator().next().getLong(0);
            blocks.put(storeId, new Block(new AtomicLong(last - BLOCK + 1), last));
            return true;
        });
    }
}
