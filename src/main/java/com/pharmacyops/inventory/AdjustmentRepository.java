package com.pharmacyops.inventory;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.inventory.InventoryDtos.AdjustmentItemView;
import com.pharmacyops.inventory.InventoryDtos.AdjustmentView;
import com.pharmacyops.platform.persistence.Documents;
import com.pharmacyops.platform.persistence.RowSets;
import com.pharmacyops.platform.persistence.Sql;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.product.BatchStatus;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The SQL of stock adjustments ({@code stock_adjustments}, {@code stock_adjustment_items}). */
@ApplicationScoped
public class AdjustmentRepository {

    /** A batch as an adjustment line names it. */
    public record Batch(long id, long medicineId, String batchNumber, BatchStatus status) {
    }

    // FOR SHARE: the status an adjustment checked (RECALLED needs a held batch) cannot change until it commits.
    private static final String BATCHES = """
            SELECT id, medicine_id, batch_number, status FROM batches WHERE id = ANY($1::bigint[])
            ORDER BY id FOR SHARE""";

    private static final String INSERT = """
            WITH a AS (INSERT INTO stock_adjustments (store_id, reason, note, created_at, updated_at, created_by,
                           updated_by)
                       VALUES ($1, $2, $3, now(), now(), $4, $4) RETURNING id, created_at, created_by),
            i AS (INSERT INTO stock_adjustment_items (adjustment_id, store_id, batch_id, quantity_delta, created_at,
                      updated_at, created_by, updated_by)
                  SELECT a.id, $1::bigint, l.batch_id, l.delta, now(), now(), $4::varchar, $4::varchar
                  FROM a, unnest($5::bigint[], $6::int[]) WITH ORDINALITY AS l(batch_id, delta, ord) ORDER BY l.ord)
            SELECT id, created_at, created_by FROM a""";

    private static final String COLUMNS = "a.id, a.store_id, a.reason, a.note, a.created_at, a.created_by";

    private static final String ITEMS = """
            SELECT i.adjustment_id, b.id, b.medicine_id, b.batch_number, i.quantity_delta
            FROM stock_adjustment_items i JOIN batches b ON b.id = i.batch_id
            WHERE i.adjustment_id = ANY($1::bigint[]) AND i.store_id = $2 ORDER BY i.id""";

    private final Transactions transactions;

    public AdjustmentRepository(Transactions transactions) {
        this.transactions = transactions;
    }

    public Uni<List<Batch>> batches(Tx tx, List<Long> ids) {
        return tx.query(BATCHES, Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> RowSets.list(rows, r -> new Batch(r.getLong(0), r.getLong(1), r.getString(2),
                        BatchStatus.valueOf(r.getString(3)))));
    }

    /** The adjustment and its lines in one statement. */
    public Uni<ReceiptRepository.Header> insert(Tx tx, long storeId, AdjustmentReason reason, String note,
            String actor, List<Long> batchIds, List<Integer> deltas) {
        return tx.query(INSERT, Tuple.from(new Object[] { storeId, reason.name(), note, actor,
                batchIds.toArray(Long[]::new), deltas.toArray(Integer[]::new) })).map(rows -> {
                    Row r = rows.iterator().next();
                    return new ReceiptRepository.Header(r.getLong(0), RowSets.instant(r, 1), r.getString(2));
                });
    }

    public Uni<AdjustmentView> find(Tx tx, long storeId, long id) {
        Uni<RowSet<Row>> header = tx.query("SELECT " + COLUMNS
                + " FROM stock_adjustments a WHERE a.id = $1 AND a.store_id = $2", Tuple.of(id, storeId));
        return Uni.combine().all().unis(header, tx.query(ITEMS, Tuple.of(new Long[] { id }, storeId)))
                .with((h, items) -> h.size() == 0 ? null : views(h, items).get(0));
    }

    public Uni<PageResponse<AdjustmentView>> page(Tx tx, long storeId, PageRequest page) {
        return Documents.page(tx, storeId, headers(storeId), page, "a.id", ITEMS, AdjustmentRepository::views);
    }

    /** Every one of the store's adjustments with its lines, in {@code sort}'s order. */
    public Chunks<AdjustmentView, AdjustmentView> stream(long storeId, Sort sort) {
        return Documents.stream(transactions, storeId, headers(storeId), sort, "a.id", ITEMS, AdjustmentRepository::views);
    }

    private static Sql headers(long storeId) {
        Sql q = new Sql("SELECT " + COLUMNS + " FROM stock_adjustments a WHERE a.store_id = ");
        q.append(q.arg(storeId));
        return q;
    }

    private static List<AdjustmentView> views(Iterable<Row> headers, Iterable<Row> items) {
        Map<Long, List<AdjustmentItemView>> lines = RowSets.byFirstColumn(items, i -> new AdjustmentItemView(
                i.getLong(1), i.getLong(2), i.getString(3), i.getInteger(4)));
        return RowSets.list(headers, h -> new AdjustmentView(h.getLong(0), h.getLong(1),
                AdjustmentReason.valueOf(h.getString(2)), h.getString(3), lines.getOrDefault(h.getLong(0), List.of()),
                RowSets.instant(h, 4), h.getString(5)));
    }
}
