package com.pharmacyops.order;

import static com.pharmacyops.order.OrderRows.ORDER_COLUMNS;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.function.BiFunction;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.order.OrderDtos.OrderFilter;
import com.pharmacyops.order.OrderDtos.OrderLine;
import com.pharmacyops.order.OrderDtos.OrderRequest;
import com.pharmacyops.order.OrderDtos.OrderView;
import com.pharmacyops.order.OrderRows.Allocation;
import com.pharmacyops.order.OrderRows.Item;
import com.pharmacyops.order.OrderRows.Locked;
import com.pharmacyops.order.OrderRows.Medicine;
import com.pharmacyops.order.OrderRows.Order;
import com.pharmacyops.platform.persistence.RowSets;
import com.pharmacyops.platform.persistence.Keyset;
import com.pharmacyops.platform.persistence.Sql;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.web.PageRequest;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of the order tables ({@code orders}, {@code order_items}, {@code order_allocations},
 * {@code order_counters}), on the caller's {@link Tx}. Lookups by id always filter by store too, so a user of
 * one store can neither read nor lock another store's order.
 */
@ApplicationScoped
public class OrderRepository {

    private final Transactions transactions;

    public OrderRepository(Transactions transactions) {
        this.transactions = transactions;
    }

    private static final String LOCK = "SELECT " + ORDER_COLUMNS + ", s.code, s.active"
            + " FROM orders o JOIN stores s ON s.id = o.store_id WHERE o.id = $1 AND o.store_id = $2 FOR UPDATE OF o";

    // Several orders in id order, the one lock order of order rows, so groups on several replicas never deadlock.
    private static final String LOCK_ALL = "SELECT " + ORDER_COLUMNS + ", s.code, s.active FROM orders o"
            + " JOIN stores s ON s.id = o.store_id WHERE o.id = ANY($1::bigint[]) AND o.store_id = $2"
            + " ORDER BY o.id FOR UPDATE OF o";

    private static final String FIND = "SELECT " + ORDER_COLUMNS + " FROM orders o WHERE o.id = $1 AND o.store_id = $2";

    private static final String ITEMS = """
            SELECT i.id, i.order_id, i.medicine_id, i.quantity, m.name, m.prescription_required
            FROM order_items i JOIN medicines m ON m.id = i.medicine_id
            WHERE i.order_id = ANY($1::bigint[]) AND i.store_id = $2 ORDER BY i.id""";

    private static final String ALLOCATIONS = """
            SELECT a.order_item_id, a.order_id, a.batch_id, b.medicine_id, b.batch_number, a.quantity, a.unit_price
            FROM order_allocations a JOIN batches b ON b.id = a.batch_id
            WHERE a.order_id = ANY($1::bigint[]) AND a.store_id = $2 ORDER BY a.id""";

    private static final String MEDICINES = """
            SELECT id, sku, name, prescription_required, active FROM medicines WHERE id = ANY($1::bigint[])""";

    private static final String CONFIRM = """
            WITH a AS (INSERT INTO order_allocations (order_item_id, order_id, store_id, batch_id, medicine_id,
                           quantity, unit_price, created_at, updated_at, created_by, updated_by)
                       SELECT a.item_id, $1::bigint, $2::bigint, a.batch_id, a.medicine_id, a.quantity,
                           a.unit_price::numeric, now(), now(), $3::varchar, $3::varchar
                       FROM unnest($4::bigint[], $5::bigint[], $6::int[], $7::text[], $9::bigint[])
                           AS a(item_id, batch_id, quantity, unit_price, medicine_id))
            UPDATE orders o SET status = 'CONFIRMED', total = $8::text::numeric, confirmed_by = $3, confirmed_at = now(),
                version = o.version + 1, updated_at = now(), updated_by = $3
            WHERE o.id = $1 AND o.store_id = $2 RETURNING\s""" + ORDER_COLUMNS;

    private static final String CONFIRM_ALL = """
            WITH a AS (INSERT INTO order_allocations (order_item_id, order_id, store_id, batch_id, medicine_id,
                           quantity, unit_price, created_at, updated_at, created_by, updated_by)
                       SELECT a.item_id, a.order_id, $1::bigint, a.batch_id, a.medicine_id, a.quantity,
                           a.unit_price::numeric, now(), now(), a.actor, a.actor
                       FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::int[], $7::text[],
                           $8::varchar[]) AS a(item_id, order_id, batch_id, medicine_id, quantity, unit_price, actor)),
            c AS (SELECT * FROM unnest($9::bigint[], $10::text[], $11::varchar[]) AS c(order_id, total, actor))
            UPDATE orders o SET status = 'CONFIRMED', total = c.total::numeric, confirmed_by = c.actor,
                confirmed_at = now(), version = o.version + 1, updated_at = now(), updated_by = c.actor
            FROM c WHERE o.id = c.order_id AND o.store_id = $1 RETURNING\s""" + ORDER_COLUMNS;

    private static final String CANCEL = """
            UPDATE orders o SET status = 'CANCELLED', cancelled_by = $3, cancelled_at = now(), cancel_reason = $4,
                version = o.version + 1, updated_at = now(), updated_by = $3
            WHERE o.id = $1 AND o.store_id = $2 RETURNING\s""" + ORDER_COLUMNS;

    private static final String UPDATE = """
            UPDATE orders o SET customer_name = $4, customer_phone = $5, prescription_reference = $6,
                version = o.version + 1, updated_at = now(), updated_by = $3
            WHERE o.id = $1 AND o.store_id = $2 RETURNING\s""" + ORDER_COLUMNS;

    private static final String DELETE_ITEMS = "DELETE FROM order_items WHERE order_id = $1 AND store_id = $2";

    private static final String INSERT_ITEMS = """
            INSERT INTO order_items (order_id, store_id, medicine_id, quantity, created_at, updated_at, created_by,
                updated_by)
            SELECT $1::bigint, $2::bigint, l.medicine_id, l.quantity, now(), now(), $3::varchar, $3::varchar
            FROM unnest($4::bigint[], $5::int[]) WITH ORDINALITY AS l(medicine_id, quantity, ord) ORDER BY l.ord
            RETURNING id""";

    private static final String DELETE = "DELETE FROM orders WHERE id = $1 AND store_id = $2";

    /** A new order and its lines, if the store is active and every medicine exists and is active. */
    public Uni<OrderSql.Inserted> insert(Tx tx, long storeId, long number, String actor, OrderRequest req) {
        Long[] medicines = req.items().stream().map(OrderLine::medicineId).toArray(Long[]::new);
        Integer[] quantities = req.items().stream().map(OrderLine::quantity).toArray(Integer[]::new);
        return tx.query(OrderSql.INSERT, Tuple.from(new Object[] { storeId, actor, req.customerName(), req.customerPhone(),
                medicines, quantities, req.prescriptionReference(), number })).map(OrderSql::inserted);
    }

    /** The order, locked until the transaction ends, with its store's code and state; null if there is none. */
    public Uni<Locked> lock(Tx tx, long storeId, long orderId) {
        return tx.query(LOCK, Tuple.of(orderId, storeId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Locked(OrderRows.order(r, 0), r.getString(18), r.getBoolean(19));
        });
    }

    /** Several orders of the store, locked in id order, by id; absent ones are missing. */
    public Uni<Map<Long, Locked>> lockAll(Tx tx, long storeId, List<Long> orderIds) {
        return tx.query(LOCK_ALL, Tuple.of(orderIds.toArray(Long[]::new), storeId)).map(rows -> {
            Map<Long, Locked> found = new HashMap<>();
            for (Row r : rows) {
                Order o = OrderRows.order(r, 0);
                found.put(o.id(), new Locked(o, r.getString(18), r.getBoolean(19)));
            }
            return found;
        });
    }

    public Uni<Order> find(Tx tx, long storeId, long orderId) {
        return tx.query(FIND, Tuple.of(orderId, storeId)).map(rows -> rows.size() == 0 ? null
                : OrderRows.order(rows.iterator().next(), 0));
    }

    /** The lines of these orders of the store (another store's are never read). */
    public Uni<List<Item>> items(Tx tx, long storeId, List<Long> orderIds) {
        return tx.query(ITEMS, Tuple.of(orderIds.toArray(Long[]::new), storeId))
                .map(rows -> RowSets.list(rows, OrderRows::item));
    }

    public Uni<List<Allocation>> allocations(Tx tx, long storeId, List<Long> orderIds) {
        return tx.query(ALLOCATIONS, Tuple.of(orderIds.toArray(Long[]::new), storeId))
                .map(rows -> RowSets.list(rows, OrderRows::allocation));
    }

    public Uni<List<Medicine>> medicines(Tx tx, List<Long> ids) {
        return tx.query(MEDICINES, Tuple.of(ids.toArray(Long[]::new))).map(rows -> RowSets.list(rows, OrderRows::medicine));
    }

    /** Records the allocations and marks the order CONFIRMED with its total. */
    public Uni<Order> confirm(Tx tx, Order o, String actor, BigDecimal total, List<FefoAllocator.Allocated> from) {
        int n = from.size();
        Long[] items = new Long[n];
        Long[] medicines = new Long[n];
        Long[] batches = new Long[n];
        Integer[] quantities = new Integer[n];
        String[] prices = new String[n];
        for (int i = 0; i < n; i++) {
            FefoAllocator.Allocated a = from.get(i);
            items[i] = a.itemId();
            medicines[i] = a.medicineId();
            batches[i] = a.batchId();
            quantities[i] = a.quantity();
            prices[i] = a.unitPrice().toPlainString();
        }
        return tx.query(CONFIRM, Tuple.from(new Object[] { o.id(), o.storeId(), actor, items, batches, quantities,
                prices, total.toPlainString(), medicines })).map(OrderRepository::single);
    }

    /** One order of a group to confirm: who confirms it, its total and allocations. */
    public record Confirming(long orderId, String actor, BigDecimal total, List<FefoAllocator.Allocated> from) {
    }

    /** {@link #confirm} for several orders in one statement; answers the confirmed orders by id. */
    public Uni<Map<Long, Order>> confirmAll(Tx tx, long storeId, List<Confirming> orders) {
        int n = orders.stream().mapToInt(c -> c.from().size()).sum();
        Long[] items = new Long[n];
        Long[] orderIds = new Long[n];
        Long[] batches = new Long[n];
        Long[] medicines = new Long[n];
        Integer[] quantities = new Integer[n];
        String[] prices = new String[n];
        String[] actors = new String[n];
        int i = 0;
        for (Confirming c : orders) {
            for (FefoAllocator.Allocated a : c.from()) {
                items[i] = a.itemId();
                orderIds[i] = c.orderId();
                batches[i] = a.batchId();
                medicines[i] = a.medicineId();
                quantities[i] = a.quantity();
                prices[i] = a.unitPrice().toPlainString();
                actors[i++] = c.actor();
            }
        }
        Object[] args = { storeId, items, orderIds, batches, medicines, quantities, prices, actors,
                orders.stream().map(Confirming::orderId).toArray(Long[]::new),
                orders.stream().map(c -> c.total().toPlainString()).toArray(String[]::new),
                orders.stream().map(Confirming::actor).toArray(String[]::new) };
        return tx.query(CONFIRM_ALL, Tuple.from(args)).map(rows -> {
            Map<Long, Order> confirmed = new HashMap<>();
            rows.forEach(r -> confirmed.put(r.getLong(0), OrderRows.order(r, 0)));
            return confirmed;
        });
    }

    public Uni<Order> cancel(Tx tx, Order o, String actor, String reason) {
        return tx.query(CANCEL, Tuple.of(o.id(), o.storeId(), actor, reason)).map(OrderRepository::single);
    }

    /** Replaces a CREATED order's customer fields and lines; answers the order and the new line ids in order. */
    public Uni<Replaced> replace(Tx tx, Order o, String actor, OrderRequest req) {
        Long[] medicines = req.items().stream().map(OrderLine::medicineId).toArray(Long[]::new);
        Integer[] quantities = req.items().stream().map(OrderLine::quantity).toArray(Integer[]::new);
        Uni<RowSet<Row>> delete = tx.query(DELETE_ITEMS, Tuple.of(o.id(), o.storeId()));
        Uni<RowSet<Row>> insert = tx.query(INSERT_ITEMS, Tuple.of(o.id(), o.storeId(), actor, medicines, quantities));
        Uni<RowSet<Row>> update = tx.query(UPDATE, Tuple.from(new Object[] { o.id(), o.storeId(), actor,
                req.customerName(), req.customerPhone(), req.prescriptionReference() }));
        return Uni.combine().all().unis(delete, insert, update).with((d, ids, order) -> new Replaced(single(order),
                RowSets.list(ids, r -> r.getLong(0))));
    }

    public record Replaced(Order order, List<Long> itemIds) {
    }

    /** The type of each sort column of the list, which a cursor's values are parsed as. */
    private static final Map<String, String> KEYS = Map.of("o.created_at", "timestamptz", "o.id", "bigint",
            "o.order_number", "text", "o.status", "text");

    public Uni<Void> delete(Tx tx, Order o) {
        return tx.query(DELETE, Tuple.of(o.id(), o.storeId())).replaceWithVoid();
    }

    /** One page of a store's orders: by offset with how many match (same snapshot), or after a cursor. */
    public Uni<Keyset.Slice<Order>> page(Tx tx, long storeId, OrderFilter f, PageRequest page) {
        return Keyset.page(tx, matching(storeId, f), page, "o.id", KEYS, r -> OrderRows.order(r, 0));
    }

    /**
     * Every matching order in {@code sort}'s order with its items, allocations and what was returned of them, as a
     * page has them ({@code returned} reads the returns of a chunk's orders in the stream's transaction).
     */
    public Chunks<OrderView, OrderView> stream(long storeId, OrderFilter f, Sort sort,
            BiFunction<Tx, List<Long>, Uni<List<ReturnRows.Returned>>> returned) {
        Sql q = matching(storeId, f).ordered(PageRequest.sqlOrder(sort, "o.id"));
        return Chunks.of(transactions.cursor(q.text(), q.args(), (tx, fetch) -> {
            List<Order> orders = RowSets.list(fetch, r -> OrderRows.order(r, 0));
            List<Long> ids = orders.stream().map(Order::id).toList();
            return Uni.combine().all().unis(items(tx, storeId, ids), allocations(tx, storeId, ids), returned.apply(tx, ids))
                    .with((items, allocations, back) -> OrderViews.of(orders, items, allocations, back));
        }));
    }

    private static Sql matching(long storeId, OrderFilter f) {
        Sql q = new Sql("SELECT " + ORDER_COLUMNS + " FROM orders o WHERE o.store_id = ");
        return q.append(q.arg(storeId)).and("o.status = ?", f.status() == null ? null : f.status().name())
                .and("o.created_at >= ?", f.from() == null ? null : f.from().atOffset(ZoneOffset.UTC))
                .and("o.created_at < ?", f.to() == null ? null : f.to().atOffset(ZoneOffset.UTC));
    }

    private static Order single(RowSet<Row> rows) {
        return OrderRows.order(rows.iterator().next(), 0);
    }
}
