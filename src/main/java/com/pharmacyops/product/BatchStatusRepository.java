package com.pharmacyops.product;

import java.math.BigDecimal;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.persistence.RowSets;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.web.Money;
import com.pharmacyops.product.ProductDtos.BatchView;
import com.pharmacyops.product.ProductDtos.TracedSale;
import com.pharmacyops.product.ProductDtos.TracedStore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of batch status and trace on the reactive client. The trace reads stock, stores and orders by SQL alone:
 * product imports no other feature (order and inventory depend on product, never the reverse).
 */
@ApplicationScoped
public class BatchStatusRepository {

    /** At most this many sales in a trace (newest first): a batch sold in every store can have millions. */
    public static final int SALES = 1000;

    private static final String COLUMNS = """
            id, medicine_id, batch_number, expiry_date, mrp, manufactured_on, status, status_reason,
            status_changed_by, status_changed_at, created_at, created_by""";

    private static final String MEDICINE = "SELECT EXISTS (SELECT 1 FROM medicines WHERE id = $1)";

    // NO KEY UPDATE, not UPDATE: the foreign-key checks of confirmations and receipts (KEY SHARE) must not wait.
    private static final String LOCK = "SELECT " + COLUMNS
            + " FROM batches WHERE id = $1 AND medicine_id = $2 FOR NO KEY UPDATE";

    private static final String BATCH = "SELECT " + COLUMNS + " FROM batches WHERE id = $1 AND medicine_id = $2";

    // The V8 trigger rewrites the stock rows' copy of the status, waiting for the locks of running confirmations.
    private static final String CHANGE = """
            UPDATE batches SET status = $2, status_reason = $3, status_changed_by = $4, status_changed_at = now(),
                updated_at = now(), updated_by = $4
            WHERE id = $1 RETURNING""" + " " + COLUMNS;

    // Sent after CHANGE, so on its own snapshot: the rows are locked by this transaction from then to its commit,
    // so these are the quantities the status change froze.
    private static final String ON_HAND = "SELECT coalesce(sum(quantity), 0) FROM stock WHERE batch_id = $1";

    private static final String STORES = """
            SELECT s.store_id, st.code, s.quantity FROM stock s JOIN stores st ON st.id = s.store_id
            WHERE s.batch_id = $1 AND s.quantity > 0 ORDER BY s.store_id""";

    private static final String SALES_OF = """
            SELECT o.store_id, o.id, o.order_number, sum(a.quantity)::int, o.confirmed_at
            FROM order_allocations a JOIN orders o ON o.id = a.order_id
            WHERE a.batch_id = $1 AND o.status = 'CONFIRMED'
            GROUP BY o.id ORDER BY o.confirmed_at DESC, o.id DESC LIMIT $2""";

    private static final String SALES_TOTAL = """
            SELECT count(DISTINCT a.order_id), coalesce(sum(a.quantity), 0)
            FROM order_allocations a JOIN orders o ON o.id = a.order_id
            WHERE a.batch_id = $1 AND o.status = 'CONFIRMED'""";

    /** How many orders sold the batch and how many units, over all of them. */
    public record Totals(long orders, long quantity) {
    }

    public Uni<Boolean> medicineExists(Tx tx, long medicineId) {
        return tx.query(MEDICINE, Tuple.of(medicineId)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The batch of that medicine, locked against other status changes until commit; null if there is none. */
    public Uni<BatchView> lock(Tx tx, long medicineId, long batchId) {
        return tx.query(LOCK, Tuple.of(batchId, medicineId)).map(BatchStatusRepository::first);
    }

    public Uni<BatchView> find(Tx tx, long medicineId, long batchId) {
        return tx.query(BATCH, Tuple.of(batchId, medicineId)).map(BatchStatusRepository::first);
    }

    public Uni<BatchView> change(Tx tx, long batchId, BatchStatus status, String reason, String actor) {
        return tx.query(CHANGE, Tuple.of(batchId, status.name(), reason, actor)).map(BatchStatusRepository::first);
    }

    public Uni<Long> onHand(Tx tx, long batchId) {
        return tx.query(ON_HAND, Tuple.of(batchId)).map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<List<TracedStore>> stores(Tx tx, long batchId) {
        return tx.query(STORES, Tuple.of(batchId))
                .map(rows -> RowSets.list(rows, r -> new TracedStore(r.getLong(0), r.getString(1), r.getInteger(2))));
    }

    public Uni<List<TracedSale>> sales(Tx tx, long batchId) {
        return tx.query(SALES_OF, Tuple.of(batchId, SALES)).map(rows -> RowSets.list(rows,
                r -> new TracedSale(r.getLong(0), r.getLong(1), r.getString(2), r.getInteger(3),
                        RowSets.instant(r, 4))));
    }

    public Uni<Totals> totals(Tx tx, long batchId) {
        return tx.query(SALES_TOTAL, Tuple.of(batchId)).map(rows -> {
            Row r = rows.iterator().next();
            return new Totals(r.getLong(0), r.getLong(1));
        });
    }

    private static BatchView first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        BigDecimal mrp = r.getBigDecimal(4);
        return new BatchView(r.getLong(0), r.getLong(1), r.getString(2), r.getLocalDate(3), Money.of(mrp),
                r.getLocalDate(5), BatchStatus.valueOf(r.getString(6)), r.getString(7), r.getString(8),
                RowSets.instant(r, 9), RowSets.instant(r, 10), r.getString(11));
    }
}
