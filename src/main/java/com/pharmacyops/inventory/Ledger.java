package com.pharmacyops.inventory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Tx;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The only code that changes stock: the {@code stock} and {@code stock_movements} tables belong here. In the
 * caller's {@link Tx} it locks the store's stock rows {@code FOR UPDATE} in stock-id order (the one lock order
 * of every writer, so concurrent writers never deadlock), refuses any change that would leave a row below zero
 * (409 with {@code shortages}, nothing changed), and writes each change with its ledger movement and a
 * {@code pg_notify} in one statement: the stock update and its movement cannot part, and PostgreSQL delivers
 * the notification only if the transaction commits.
 */
@ApplicationScoped
public class Ledger {

    public static final String CHANNEL = "stock_events";

    /** A wanted change of one batch's stock in a store. */
    public record Change(long batchId, long medicineId, int delta) {
    }

    /** What caused a set of changes; one cause per transaction. */
    public record Cause(MovementReason reason, AdjustmentReason adjustmentReason, String referenceType,
            long referenceId, String actor, String note) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record Shortage(Long medicineId, Long batchId, int requested, int available) {
    }

    /** A locked stock row. */
    public record Locked(long stockId, long batchId, long medicineId, int quantity) {
    }

    /** A locked stock row with what allocation needs to know of its batch. */
    public record Sellable(long stockId, long batchId, long medicineId, int quantity, LocalDate expiryDate,
            BigDecimal mrp, String batchNumber) {
    }

    /** A change to write to a row this transaction has locked. */
    public record Delta(long stockId, int delta) {
    }

    public record Movement(long id, long batchId, long medicineId, int quantityDelta, int balanceAfter) {
    }

    /** One change of a batched write: a locked row, its delta, and the document and actor it is recorded for. */
    public record Entry(long stockId, int delta, long referenceId, String actor) {
    }

    // Held and recalled batches are tested on the stock row's copy of the status (V8), not on the joined batch:
    // a row this statement waited for is re-checked on its new version (EvalPlanQual), the joined batch is not.
    // A hold rewrites the copies under their row locks, so a confirmation that waited for it sees it.
    private static final String LOCK_FOR_ORDER = """
            SELECT s.id, s.batch_id, s.medicine_id, s.quantity, b.expiry_date, b.mrp, b.batch_number
            FROM stock s JOIN batches b ON b.id = s.batch_id
            WHERE s.store_id = $1 AND s.quantity > 0 AND b.expiry_date > $3 AND s.batch_status = 'ACTIVE'
              AND s.medicine_id IN (SELECT i.medicine_id FROM order_items i
                                   WHERE i.order_id = ANY($2::bigint[]) AND i.store_id = $1)
            ORDER BY s.id FOR UPDATE OF s""";


    private static final String LOCK_BATCHES = """
            SELECT id, batch_id, medicine_id, quantity FROM stock
            WHERE store_id = $1 AND batch_id = ANY($2::bigint[]) ORDER BY id FOR UPDATE""";

    private static final String LOCK_FOR_ALLOCATIONS = """
            SELECT id, batch_id, medicine_id, quantity FROM stock
            WHERE store_id = $1
              AND batch_id IN (SELECT a.batch_id FROM order_allocations a WHERE a.order_id = $2 AND a.store_id = $1)
            ORDER BY id FOR UPDATE""";

    private static final String ENSURE_ROWS = """
            INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by, updated_by)
            SELECT $1::bigint, v.batch_id, v.medicine_id, 0, now(), now(), $4::varchar, $4::varchar
            FROM unnest($2::bigint[], $3::bigint[]) AS v(batch_id, medicine_id) ORDER BY v.batch_id
            ON CONFLICT (store_id, batch_id) DO NOTHING""";

    // The written movements, each with a notification that commits with it. Listeners read the ledger, not the
    // payload (StockEvents), so the payload is the store alone: PostgreSQL sends equal ones of a transaction once.
    private static final String MOVEMENTS = """
            SELECT m.id, m.batch_id, m.medicine_id, m.quantity_delta, m.balance_after,
                pg_notify('stock_events', m.store_id::text)
            FROM m ORDER BY m.id""";

    // The balance is computed from the locked row itself, so a write needs no answer from an earlier statement
    // and can be pipelined behind the lock that precedes it.
    private static final String WRITE = """
            WITH v AS (SELECT * FROM unnest($2::bigint[], $3::int[]) AS v(stock_id, delta)),
            u AS (UPDATE stock s SET quantity = s.quantity + v.delta, updated_at = now(), updated_by = $4::varchar
                  FROM v WHERE s.id = v.stock_id AND s.store_id = $1
                  RETURNING s.id, s.batch_id, s.medicine_id, s.quantity, v.delta),
            m AS (INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason,
                      adjustment_reason, reference_type, reference_id, actor, occurred_at, note,
                      created_at, updated_at, created_by, updated_by)
                  SELECT $1::bigint, u.batch_id, u.medicine_id, u.delta, u.quantity, $5::varchar, $6::varchar,
                      $7::varchar, $8::bigint, $4::varchar, now(), $9::varchar, now(), now(), $4::varchar, $4::varchar
                  FROM u ORDER BY u.id
                  RETURNING *)
            """ + MOVEMENTS;

    // Several documents' changes in one statement: each row is updated once by its sum, and each change gets its
    // movement, whose balance runs over the changes of its row in the order given.
    private static final String WRITE_EACH = """
            WITH v AS (SELECT * FROM unnest($2::bigint[], $3::int[], $4::bigint[], $5::varchar[]) WITH ORDINALITY
                       AS v(stock_id, delta, reference_id, actor, ord)),
            t AS (SELECT stock_id, sum(delta)::int AS delta, (array_agg(actor ORDER BY ord DESC))[1] AS actor
                  FROM v GROUP BY stock_id),
            u AS (UPDATE stock s SET quantity = s.quantity + t.delta, updated_at = now(), updated_by = t.actor
                  FROM t WHERE s.id = t.stock_id AND s.store_id = $1
                  RETURNING s.id, s.batch_id, s.medicine_id, s.quantity, t.delta),
            m AS (INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason,
                      adjustment_reason, reference_type, reference_id, actor, occurred_at, note,
                      created_at, updated_at, created_by, updated_by)
                  SELECT $1::bigint, u.batch_id, u.medicine_id, v.delta,
                      u.quantity - u.delta + sum(v.delta) OVER (PARTITION BY v.stock_id ORDER BY v.ord),
                      $6::varchar, NULL, $7::varchar, v.reference_id, v.actor, now(), NULL, now(), now(), v.actor, v.actor
                  FROM v JOIN u ON u.id = v.stock_id ORDER BY v.ord
                  RETURNING *)
            """ + MOVEMENTS;

    private final MeterRegistry metrics;

    public Ledger(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /**
     * Locks the store's sellable rows (stock left, expiring after {@code sellableAfter}, batch ACTIVE) of every
     * medicine an order lists, in stock-id order. It reads the order's lines itself, so it can be sent together
     * with the statement that locks the order.
     */
    public Uni<List<Sellable>> lockForOrder(Tx tx, long storeId, long orderId, LocalDate sellableAfter) {
        return tx.query(LOCK_FOR_ORDER, Tuple.of(storeId, new Long[] { orderId }, sellableAfter)).map(Ledger::sellable);
    }

    /** {@link #lockForOrder} for several orders at once: the union of their medicines' rows, in stock-id order. */
    public Uni<List<Sellable>> lockForOrders(Tx tx, long storeId, List<Long> orderIds, LocalDate sellableAfter) {
        return tx.query(LOCK_FOR_ORDER, Tuple.of(storeId, orderIds.toArray(Long[]::new), sellableAfter))
                .map(Ledger::sellable);
    }

    private static List<Sellable> sellable(RowSet<Row> rows) {
        List<Sellable> result = new ArrayList<>(rows.size());
        for (Row r : rows) {
            result.add(new Sellable(r.getLong(0), r.getLong(1), r.getLong(2), r.getInteger(3), r.getLocalDate(4),
                    r.getBigDecimal(5), r.getString(6)));
        }
        return result;
    }

    /** Locks the store's rows of the batches an order was served from, in stock-id order (for its cancellation). */
    public Uni<List<Locked>> lockForAllocations(Tx tx, long storeId, long orderId) {
        return tx.query(LOCK_FOR_ALLOCATIONS, Tuple.of(storeId, orderId)).map(Ledger::locked);
    }

    /** Locks the store's rows of these batches, in stock-id order. */
    public Uni<List<Locked>> lockBatches(Tx tx, long storeId, List<Long> batchIds) {
        return tx.query(LOCK_BATCHES, Tuple.of(storeId, batchIds.toArray(Long[]::new))).map(Ledger::locked);
    }

    private static List<Locked> locked(RowSet<Row> rows) {
        List<Locked> result = new ArrayList<>(rows.size());
        for (Row r : rows) {
            result.add(new Locked(r.getLong(0), r.getLong(1), r.getLong(2), r.getInteger(3)));
        }
        return result;
    }

    /** Applies changes to batches (creating stock rows for incoming batches) or refuses them all. */
    public Uni<List<Movement>> apply(Tx tx, long storeId, List<Change> changes, Cause cause) {
        Map<Long, Change> byBatch = new TreeMap<>();
        for (Change c : changes) {
            byBatch.merge(c.batchId(), c, (a, b) -> new Change(a.batchId(), a.medicineId(), a.delta() + b.delta()));
        }
        List<Change> merged = new ArrayList<>(byBatch.values());
        // Both sent at once: the lock sees the rows the insert made.
        return Uni.combine().all().unis(
                ensureRows(tx, storeId, merged.stream().filter(c -> c.delta() > 0).toList(), cause.actor()),
                lockBatches(tx, storeId, merged.stream().map(Change::batchId).toList()))
                .with((v, locked) -> locked)
                .flatMap(locked -> {
                    Map<Long, Locked> rows = new HashMap<>();
                    locked.forEach(l -> rows.put(l.batchId(), l));
                    List<Shortage> shortages = new ArrayList<>();
                    List<Delta> deltas = new ArrayList<>();
                    for (Change c : merged) {
                        Locked row = rows.get(c.batchId());
                        int available = row == null ? 0 : row.quantity();
                        if (available + c.delta() < 0) {
                            shortages.add(new Shortage(c.medicineId(), c.batchId(), -c.delta(), available));
                        } else if (c.delta() != 0) {
                            deltas.add(new Delta(row.stockId(), c.delta()));
                        }
                    }
                    if (!shortages.isEmpty()) {
                        throw ApiException.shortage("Not enough stock for " + shortages.size() + " line(s)",
                                shortages);
                    }
                    return write(tx, storeId, deltas, cause);
                });
    }

    /**
     * Writes changes to rows this transaction has locked, each with its ledger movement and notification, in one
     * statement. The stock CHECK (quantity ≥ 0) backs the callers' shortage checks.
     */
    public Uni<List<Movement>> write(Tx tx, long storeId, List<Delta> deltas, Cause cause) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Long[] stockIds = new Long[deltas.size()];
        Integer[] amounts = new Integer[deltas.size()];
        for (int i = 0; i < deltas.size(); i++) {
            stockIds[i] = deltas.get(i).stockId();
            amounts[i] = deltas.get(i).delta();
        }
        Tuple args = Tuple.from(new Object[] { storeId, stockIds, amounts, cause.actor(), cause.reason().name(),
                cause.adjustmentReason() == null ? null : cause.adjustmentReason().name(), cause.referenceType(),
                cause.referenceId(), cause.note() });
        return tx.query(WRITE, args).map(result -> movements(result, deltas.size(), cause));
    }

    /**
     * Writes the changes of several documents (one reason, one reference type) to rows this transaction has locked,
     * in one statement: a movement per entry, in the order given.
     */
    public Uni<List<Movement>> writeEach(Tx tx, long storeId, MovementReason reason, String referenceType,
            List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = entries.size();
        Long[] stockIds = new Long[n];
        Integer[] amounts = new Integer[n];
        Long[] references = new Long[n];
        String[] actors = new String[n];
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            stockIds[i] = e.stockId();
            amounts[i] = e.delta();
            references[i] = e.referenceId();
            actors[i] = e.actor();
        }
        Tuple args = Tuple.from(new Object[] { storeId, stockIds, amounts, references, actors, reason.name(),
                referenceType });
        return tx.query(WRITE_EACH, args).map(result -> movements(result, n, reason));
    }

    private List<Movement> movements(RowSet<Row> result, int expected, Cause cause) {
        return movements(result, expected, cause.reason());
    }

    private List<Movement> movements(RowSet<Row> result, int expected, MovementReason reason) {
        if (result.size() != expected) {
            // Every change names a row this transaction locked in this store; anything else is a bug.
            throw new IllegalStateException("Ledger write: " + result.size() + " movements for " + expected
                    + " changes");
        }
        metrics.counter("pharmacy.stock.movements", "reason", reason.name()).increment(expected);
        List<Movement> movements = new ArrayList<>(expected);
        for (Row r : result) {
            movements.add(new Movement(r.getLong(0), r.getLong(1), r.getLong(2), r.getInteger(3), r.getInteger(4)));
        }
        return movements;
    }

    private Uni<Void> ensureRows(Tx tx, long storeId, List<Change> incoming, String actor) {
        if (incoming.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] batches = incoming.stream().map(Change::batchId).toArray(Long[]::new);
        Long[] medicines = incoming.stream().map(Change::medicineId).toArray(Long[]::new);
        return tx.query(ENSURE_ROWS, Tuple.of(storeId, batches, medicines, actor)).replaceWithVoid();
    }
}
