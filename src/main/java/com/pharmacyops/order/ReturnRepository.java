package com.pharmacyops.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.order.ReturnDtos.ReturnBatchView;
import com.pharmacyops.order.ReturnDtos.ReturnItemView;
import com.pharmacyops.order.ReturnDtos.ReturnView;
import com.pharmacyops.order.ReturnRows.Portion;
import com.pharmacyops.order.ReturnRows.Returned;
import com.pharmacyops.order.ReturnRows.Sold;
import com.pharmacyops.platform.persistence.Documents;
import com.pharmacyops.platform.persistence.RowSets;
import com.pharmacyops.platform.persistence.Sql;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.web.Money;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of customer returns ({@code order_returns}, {@code order_return_items}), on the caller's {@link Tx};
 * like {@link OrderRepository}, every lookup filters by store too.
 */
@ApplicationScoped
public class ReturnRepository {

    /** Header columns; {@code r} is order_returns. */
    private static final String COLUMNS = "r.id, r.order_id, r.reason, r.refund, r.created_at, r.created_by";

    // Each allocation with what was returned of it and its batch's state now (read after the caller's locks).
    private static final String SOLD = """
            SELECT a.id, a.order_item_id, a.batch_id, a.medicine_id, a.quantity, COALESCE(r.returned, 0)::int,
                a.unit_price, b.expiry_date, b.status
            FROM order_allocations a JOIN batches b ON b.id = a.batch_id
            LEFT JOIN (SELECT allocation_id, sum(quantity) AS returned FROM order_return_items
                       WHERE order_id = $1 AND store_id = $2 GROUP BY allocation_id) r ON r.allocation_id = a.id
            WHERE a.order_id = $1 AND a.store_id = $2 ORDER BY a.id""";

    private static final String RETURNED = """
            SELECT order_id, order_item_id, sum(quantity)::int, sum(quantity * unit_price)
            FROM order_return_items WHERE order_id = ANY($1::bigint[]) AND store_id = $2
            GROUP BY order_id, order_item_id""";

    // The return, its lines and a new version of the order (its view changed), in one statement.
    private static final String INSERT = """
            WITH r AS (INSERT INTO order_returns (order_id, store_id, reason, refund, created_at, updated_at,
                           created_by, updated_by)
                       VALUES ($1, $2, $3, $4::text::numeric, now(), now(), $5, $5)
                       RETURNING id, created_at, created_by),
            i AS (INSERT INTO order_return_items (return_id, order_id, store_id, order_item_id, allocation_id, batch_id,
                      medicine_id, quantity, unit_price, restock, created_at, updated_at, created_by, updated_by)
                  SELECT r.id, $1::bigint, $2::bigint, l.item_id, l.allocation_id, l.batch_id, l.medicine_id,
                      l.quantity, l.unit_price::numeric, l.restock, now(), now(), $5::varchar, $5::varchar
                  FROM r, unnest($6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::int[], $11::text[],
                      $12::boolean[]) WITH ORDINALITY AS l(item_id, allocation_id, batch_id, medicine_id, quantity,
                      unit_price, restock, ord) ORDER BY l.ord),
            o AS (UPDATE orders SET version = version + 1, updated_at = now(), updated_by = $5
                  WHERE id = $1 AND store_id = $2)
            SELECT id, created_at, created_by FROM r""";

    private static final String LINES = """
            SELECT return_id, order_item_id, medicine_id, restock, batch_id, quantity, unit_price
            FROM order_return_items WHERE return_id = ANY($1::bigint[]) AND store_id = $2 ORDER BY id""";

    /** A written return's id and stamp. */
    record Header(long id, Instant createdAt, String createdBy) {
    }

    public Uni<List<Sold>> sold(Tx tx, long storeId, long orderId) {
        return tx.query(SOLD, Tuple.of(orderId, storeId)).map(rows -> RowSets.list(rows, ReturnRows::sold));
    }

    /** What was returned of each line of these orders (lines without returns are absent). */
    public Uni<List<Returned>> returned(Tx tx, long storeId, List<Long> orderIds) {
        return tx.query(RETURNED, Tuple.of(orderIds.toArray(Long[]::new), storeId))
                .map(rows -> RowSets.list(rows, ReturnRows::returned));
    }

    Uni<Header> insert(Tx tx, long storeId, long orderId, String reason, BigDecimal refund, String actor,
            List<Portion> portions) {
        int n = portions.size();
        Long[] items = new Long[n];
        Long[] allocations = new Long[n];
        Long[] batches = new Long[n];
        Long[] medicines = new Long[n];
        Integer[] quantities = new Integer[n];
        String[] prices = new String[n];
        Boolean[] restock = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Portion p = portions.get(i);
            items[i] = p.itemId();
            allocations[i] = p.allocationId();
            batches[i] = p.batchId();
            medicines[i] = p.medicineId();
            quantities[i] = p.quantity();
            prices[i] = p.unitPrice().toPlainString();
            restock[i] = p.restock();
        }
        return tx.query(INSERT, Tuple.from(new Object[] { orderId, storeId, reason, refund.toPlainString(), actor,
                items, allocations, batches, medicines, quantities, prices, restock })).map(rows -> {
                    Row r = rows.iterator().next();
                    return new Header(r.getLong(0), RowSets.instant(r, 1), r.getString(2));
                });
    }

    /** A page of the order's returns with their lines: page and count together, then the lines. */
    public Uni<PageResponse<ReturnView>> page(Tx tx, long storeId, long orderId, PageRequest page) {
        Sql q = new Sql("SELECT " + COLUMNS + " FROM order_returns r WHERE r.order_id = ");
        q.append(q.arg(orderId)).append(" AND r.store_id = ").append(q.arg(storeId));
        return Documents.page(tx, storeId, q, page, "r.id", LINES, ReturnRepository::views);
    }

    /** One return of the order, or null. */
    public Uni<ReturnView> find(Tx tx, long storeId, long orderId, long returnId) {
        Uni<RowSet<Row>> header = tx.query("SELECT " + COLUMNS
                + " FROM order_returns r WHERE r.id = $1 AND r.order_id = $2 AND r.store_id = $3",
                Tuple.of(returnId, orderId, storeId));
        return Uni.combine().all().unis(header, tx.query(LINES, Tuple.of(new Long[] { returnId }, storeId)))
                .with((h, lines) -> h.size() == 0 ? null : views(h, lines).get(0));
    }

    private static List<ReturnView> views(Iterable<Row> headers, Iterable<Row> lines) {
        Map<Long, List<Portion>> byReturn = RowSets.byFirstColumn(lines, r -> new Portion(r.getLong(1), 0,
                r.getLong(4), r.getLong(2), r.getInteger(5), r.getBigDecimal(6), r.getBoolean(3)));
        return RowSets.list(headers, h -> new ReturnView(h.getLong(0), h.getLong(1), h.getString(2),
                items(byReturn.getOrDefault(h.getLong(0), List.of())), Money.of(h.getBigDecimal(3)),
                RowSets.instant(h, 4), h.getString(5)));
    }

    /** The lines of a return from its portions (in written order: request order, then latest expiry first). */
    static List<ReturnItemView> items(List<Portion> portions) {
        Map<Long, List<Portion>> byItem = new LinkedHashMap<>();
        portions.forEach(p -> byItem.computeIfAbsent(p.itemId(), k -> new ArrayList<>()).add(p));
        List<ReturnItemView> items = new ArrayList<>();
        byItem.forEach((item, ps) -> items.add(new ReturnItemView(item, ps.get(0).medicineId(),
                ps.stream().mapToInt(Portion::quantity).sum(), ps.get(0).restock(),
                ps.stream().map(p -> new ReturnBatchView(p.batchId(), p.quantity(), Money.of(p.unitPrice())))
                        .toList())));
        return items;
    }
}
