package com.pharmacyops.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.pharmacyops.platform.error.ApiException;

import io.micrometer.core.instrument.MeterRegistry;
import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The only code that changes stock. In the caller's transaction it locks the store's stock rows
 * {@code FOR UPDATE} in stock-id order (so concurrent writers never deadlock), refuses any change that would
 * leave a row below zero (409 with {@code shortages}, nothing changed), updates the rows, appends one ledger
 * movement per row with its balance after, and {@code pg_notify}s each movement, which PostgreSQL delivers
 * only if the transaction commits.
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
    public record Shortage(Long medicineId, Long batchId, int requested, int available) {
    }

    /** A locked stock row. */
    public record Locked(long stockId, long batchId, long medicineId, int quantity) {
    }

    /** A change to write to a locked row. */
    public record Delta(long stockId, long batchId, long medicineId, int delta, int balanceAfter) {
    }

    public record Movement(long id, long batchId, long medicineId, int quantityDelta, int balanceAfter) {
    }

    private final MeterRegistry metrics;

    public Ledger(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Applies changes to batches (creating stock rows for incoming batches) or refuses them all. */
    public Uni<List<Movement>> apply(long storeId, List<Change> changes, Cause cause) {
        Map<Long, Change> byBatch = new TreeMap<>();
        for (Change c : changes) {
            byBatch.merge(c.batchId(), c, (a, b) -> new Change(a.batchId(), a.medicineId(), a.delta() + b.delta()));
        }
        List<Change> merged = new ArrayList<>(byBatch.values());
        return ensureRows(storeId, merged.stream().filter(c -> c.delta() > 0).toList(), cause.actor())
                .flatMap(v -> lockBatches(storeId, merged.stream().map(Change::batchId).toList()))
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
                            deltas.add(new Delta(row.stockId(), c.batchId(), c.medicineId(), c.delta(),
                                    available + c.delta()));
                        }
                    }
                    if (!shortages.isEmpty()) {
                        throw ApiException.shortage("Not enough stock for " + shortages.size() + " line(s)",
                                shortages);
                    }
                    return write(storeId, deltas, cause);
                });
    }

    /** A locked stock row with what allocation needs to know of its batch. */
    public record Sellable(long stockId, long batchId, long medicineId, int quantity, java.time.LocalDate expiryDate,
            java.math.BigDecimal mrp, String batchNumber) {
    }

    /**
     * Locks the store's rows of every batch of these medicines, in stock-id order: the lock order every writer
     * shares, whatever order a client listed its lines in.
     */
    public Uni<List<Sellable>> lockMedicines(long storeId, List<Long> medicineIds) {
        NativeArgs a = new NativeArgs();
        String sql = "SELECT s.id, s.batch_id, s.medicine_id, s.quantity, b.expiry_date, b.mrp, b.batch_number"
                + " FROM stock s"
                + " JOIN batches b ON b.id = s.batch_id WHERE s.store_id = " + a.add(storeId)
                + " AND s.medicine_id IN (" + a.list(medicineIds) + ") ORDER BY s.id FOR UPDATE OF s";
        return a.rows(sql).map(rows -> rows.stream().map(r -> new Sellable(((Number) r[0]).longValue(),
                ((Number) r[1]).longValue(), ((Number) r[2]).longValue(), ((Number) r[3]).intValue(), date(r[4]),
                (java.math.BigDecimal) r[5], (String) r[6])).toList());
    }

    private static java.time.LocalDate date(Object o) {
        return o instanceof java.sql.Date d ? d.toLocalDate() : (java.time.LocalDate) o;
    }

    /** Locks the store's rows of these batches, in stock-id order. */
    public Uni<List<Locked>> lockBatches(long storeId, List<Long> batchIds) {
        NativeArgs a = new NativeArgs();
        String sql = "SELECT id, batch_id, medicine_id, quantity FROM stock WHERE store_id = " + a.add(storeId)
                + " AND batch_id IN (" + a.list(batchIds) + ") ORDER BY id FOR UPDATE";
        return a.rows(sql).map(rows -> rows.stream().map(r -> new Locked(((Number) r[0]).longValue(),
                ((Number) r[1]).longValue(), ((Number) r[2]).longValue(), ((Number) r[3]).intValue())).toList());
    }

    /**
     * Writes changes to rows this transaction has locked, with their ledger movements and notifications: one
     * statement, so the stock update and its movements go in one round trip and cannot part.
     */
    public Uni<List<Movement>> write(long storeId, List<Delta> deltas, Cause cause) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        NativeArgs a = new NativeArgs();
        String store = a.add(storeId, "bigint");
        String reason = a.add(cause.reason().name(), "varchar");
        String adjustment = a.add(cause.adjustmentReason() == null ? null : cause.adjustmentReason().name(), "varchar");
        String refType = a.add(cause.referenceType(), "varchar");
        String refId = a.add(cause.referenceId(), "bigint");
        String who = a.add(cause.actor(), "varchar");
        String note = a.add(cause.note(), "varchar");
        StringBuilder rows = new StringBuilder();
        for (Delta d : deltas) {
            rows.append(rows.length() == 0 ? "(" : ", (").append(a.add(d.stockId(), "bigint")).append(", ")
                    .append(a.add(d.batchId(), "bigint")).append(", ").append(a.add(d.medicineId(), "bigint"))
                    .append(", ").append(a.add(d.delta(), "int")).append(", ").append(a.add(d.balanceAfter(), "int"))
                    .append(')');
        }
        String sql = "WITH v(stock_id, batch_id, medicine_id, delta, balance) AS (VALUES " + rows + "),"
                + " u AS (UPDATE stock s SET quantity = v.balance, updated_at = now(), updated_by = " + who
                + " FROM v WHERE s.id = v.stock_id RETURNING s.id),"
                + " m AS (INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after,"
                + " reason, adjustment_reason, reference_type, reference_id, actor, occurred_at, note,"
                + " created_at, updated_at, created_by, updated_by)"
                + " SELECT " + store + ", v.batch_id, v.medicine_id, v.delta, v.balance, " + reason + ", " + adjustment
                + ", " + refType + ", " + refId + ", " + who + ", now(), " + note + ", now(), now(), " + who + ", " + who
                + " FROM v RETURNING *)"
                + " SELECT m.id, m.batch_id, m.medicine_id, m.quantity_delta, m.balance_after, (SELECT count(*) FROM u),"
                + " pg_notify('" + CHANNEL + "', CAST(json_build_object('id', m.id, 'storeId', m.store_id,"
                + " 'batchId', m.batch_id, 'medicineId', m.medicine_id, 'quantityDelta', m.quantity_delta,"
                + " 'balanceAfter', m.balance_after, 'reason', m.reason, 'adjustmentReason', m.adjustment_reason,"
                + " 'referenceType', m.reference_type, 'referenceId', m.reference_id, 'actor', m.actor,"
                + " 'occurredAt', m.occurred_at) AS text))"
                + " FROM m ORDER BY m.id";
        return a.rows(sql).map(result -> {
            long updated = result.isEmpty() ? 0 : ((Number) result.get(0)[5]).longValue();
            if (result.size() != deltas.size() || updated != deltas.size()) {
                // Every change names a row this transaction locked; anything else is a bug: roll it all back.
                throw new IllegalStateException("Ledger write: " + result.size() + " movements and " + updated
                        + " stock rows for " + deltas.size() + " changes");
            }
            metrics.counter("pharmacy.stock.movements", "reason", cause.reason().name()).increment(result.size());
            return result.stream().map(r -> new Movement(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                    ((Number) r[2]).longValue(), ((Number) r[3]).intValue(), ((Number) r[4]).intValue())).toList();
        });
    }

    private Uni<Void> ensureRows(long storeId, List<Change> incoming, String actor) {
        if (incoming.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        NativeArgs a = new NativeArgs();
        String store = a.add(storeId, "bigint");
        String who = a.add(actor, "varchar");
        StringBuilder values = new StringBuilder();
        for (Change c : incoming) { // sorted by batch id: concurrent inserts queue in one order
            values.append(values.length() == 0 ? "" : ", ").append('(').append(store).append(", ")
                    .append(a.add(c.batchId(), "bigint")).append(", ").append(a.add(c.medicineId(), "bigint"))
                    .append(", 0, now(), now(), ").append(who).append(", ").append(who).append(')');
        }
        return a.execute("INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at,"
                + " created_by, updated_by) VALUES " + values + " ON CONFLICT (store_id, batch_id) DO NOTHING")
                .replaceWithVoid();
    }

    /** Positional parameters for a native query on the current Hibernate Reactive session. */
    static final class NativeArgs {
        private final List<Object> values = new ArrayList<>();

        String add(Object value) {
            values.add(value);
            return "?" + values.size();
        }

        /** A placeholder with its SQL type, for VALUES lists and nulls, where PostgreSQL cannot infer it. */
        String add(Object value, String type) {
            return "CAST(" + add(value) + " AS " + type + ")";
        }

        String list(List<?> items) {
            StringBuilder sb = new StringBuilder();
            for (Object o : items) {
                sb.append(sb.length() == 0 ? "" : ", ").append(add(o));
            }
            return sb.toString();
        }

        Uni<Integer> execute(String sql) {
            return Panache.getSession().flatMap(s -> {
                var q = s.createNativeQuery(sql);
                for (int i = 0; i < values.size(); i++) {
                    q.setParameter(i + 1, values.get(i));
                }
                return q.executeUpdate();
            });
        }

        /**
         * Rows as {@code Object[]}. Hibernate adds a plan-cache entry for every execution of a native select,
         * all with one hash; {@code query-plan-cache-max-size} in application.properties bounds that cost.
         */
        Uni<List<Object[]>> rows(String sql) {
            return Panache.getSession().flatMap(s -> {
                Mutiny.SelectionQuery<Object[]> q = s.createNativeQuery(sql);
                for (int i = 0; i < values.size(); i++) {
                    q.setParameter(i + 1, values.get(i));
                }
                return q.getResultList();
            });
        }
    }
}
