package com.pharmacyops.inventory;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.inventory.InventoryDtos.ReceiptItemView;
import com.pharmacyops.inventory.InventoryDtos.ReceiptView;
import com.pharmacyops.platform.persistence.Documents;
import com.pharmacyops.platform.persistence.RowSets;
import com.pharmacyops.platform.persistence.Sql;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.web.Money;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of stock receipts ({@code stock_receipts}, {@code stock_receipt_items}) and of the batches a receipt
 * creates: an ADMIN's receipt brings new batches into the catalog in the receipt's own transaction.
 */
@ApplicationScoped
public class ReceiptRepository {

    /** A batch as a receipt line is matched against it. */
    public record KnownBatch(long id, long medicineId, String batchNumber, LocalDate expiryDate, BigDecimal mrp,
            boolean isNew) {

        KnownBatch asNew() {
            return new KnownBatch(id, medicineId, batchNumber, expiryDate, mrp, true);
        }
    }

    /** A medicine as a receipt line needs it. */
    public record Medicine(long id, String sku, boolean active) {
    }

    public record Header(long id, Instant createdAt, String createdBy) {
    }

    private static final String MEDICINES = "SELECT id, sku, active FROM medicines WHERE id = ANY($1::bigint[])";

    private static final String BATCHES = """
            SELECT id, medicine_id, batch_number, expiry_date, mrp FROM batches WHERE medicine_id = ANY($1::bigint[])""";

    private static final String INSERT_BATCHES = """
            INSERT INTO batches (medicine_id, batch_number, expiry_date, mrp, version, created_at, updated_at,
                created_by, updated_by)
            SELECT b.medicine_id, b.batch_number, b.expiry_date, b.mrp::numeric, 0, now(), now(), $5::varchar,
                $5::varchar
            FROM unnest($1::bigint[], $2::text[], $3::date[], $4::text[]) WITH ORDINALITY
                AS b(medicine_id, batch_number, expiry_date, mrp, ord)
            ORDER BY b.ord
            RETURNING id, medicine_id, batch_number, expiry_date, mrp""";

    private static final String INSERT = """
            INSERT INTO stock_receipts (store_id, supplier, invoice_number, created_at, updated_at, created_by,
                updated_by)
            VALUES ($1, $2, $3, now(), now(), $4, $4) RETURNING id, created_at, created_by""";

    private static final String INSERT_ITEMS = """
            INSERT INTO stock_receipt_items (receipt_id, store_id, batch_id, quantity, created_at, updated_at,
                created_by, updated_by)
            SELECT $1::bigint, $2::bigint, i.batch_id, i.quantity, now(), now(), $3::varchar, $3::varchar
            FROM unnest($4::bigint[], $5::int[]) WITH ORDINALITY AS i(batch_id, quantity, ord) ORDER BY i.ord""";

    private static final String COLUMNS = "r.id, r.store_id, r.supplier, r.invoice_number, r.created_at, r.created_by";

    private static final String ITEMS = """
            SELECT i.receipt_id, b.id, b.medicine_id, b.batch_number, b.expiry_date, b.mrp, i.quantity
            FROM stock_receipt_items i JOIN batches b ON b.id = i.batch_id
            WHERE i.receipt_id = ANY($1::bigint[]) AND i.store_id = $2 ORDER BY i.id""";

    private final Transactions transactions;

    public ReceiptRepository(Transactions transactions) {
        this.transactions = transactions;
    }

    public Uni<List<Medicine>> medicines(Tx tx, List<Long> ids) {
        return tx.query(MEDICINES, Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> RowSets.list(rows, r -> new Medicine(r.getLong(0), r.getString(1), r.getBoolean(2))));
    }

    public Uni<List<KnownBatch>> batchesOf(Tx tx, List<Long> medicineIds) {
        return tx.query(BATCHES, Tuple.of(medicineIds.toArray(Long[]::new))).map(rows -> RowSets.list(rows,
                ReceiptRepository::batch));
    }

    /** New batches, in the order given. */
    public Uni<List<KnownBatch>> createBatches(Tx tx, List<KnownBatch> batches, String actor) {
        if (batches.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Object[] args = { batches.stream().map(KnownBatch::medicineId).toArray(Long[]::new),
                batches.stream().map(KnownBatch::batchNumber).toArray(String[]::new),
                batches.stream().map(KnownBatch::expiryDate).toArray(LocalDate[]::new),
                batches.stream().map(b -> b.mrp().toPlainString()).toArray(String[]::new), actor };
        return tx.query(INSERT_BATCHES, Tuple.from(args)).map(rows -> RowSets.list(rows, ReceiptRepository::batch));
    }

    public Uni<Header> insert(Tx tx, long storeId, String supplier, String invoiceNumber, String actor) {
        return tx.query(INSERT, Tuple.of(storeId, supplier, invoiceNumber, actor)).map(rows -> {
            Row r = rows.iterator().next();
            return new Header(r.getLong(0), RowSets.instant(r, 1), r.getString(2));
        });
    }

    public Uni<Void> insertItems(Tx tx, long receiptId, long storeId, String actor, List<Long> batchIds,
            List<Integer> quantities) {
        return tx.query(INSERT_ITEMS, Tuple.of(receiptId, storeId, actor, batchIds.toArray(Long[]::new),
                quantities.toArray(Integer[]::new))).replaceWithVoid();
    }

    public Uni<ReceiptView> find(Tx tx, long storeId, long id) {
        Uni<RowSet<Row>> header = tx.query("SELECT " + COLUMNS + " FROM stock_receipts r WHERE r.id = $1 AND r.store_id = $2",
                Tuple.of(id, storeId));
        return Uni.combine().all().unis(header, tx.query(ITEMS, Tuple.of(new Long[] { id }, storeId)))
                .with((h, items) -> h.size() == 0 ? null : views(h, items).get(0));
    }

    /** A page of the store's receipts with their lines, and how many there are. */
    public Uni<PageResponse<ReceiptView>> page(Tx tx, long storeId, PageRequest page) {
        return Documents.page(tx, storeId, headers(storeId), page, "r.id", ITEMS, ReceiptRepository::views);
    }

    /** Every one of the store's receipts with its lines, in {@code sort}'s order. */
    public Chunks<ReceiptView, ReceiptView> stream(long storeId, Sort sort) {
        return Documents.stream(transactions, storeId, headers(storeId), sort, "r.id", ITEMS, ReceiptRepository::views);
    }

    private static Sql headers(long storeId) {
        Sql q = new Sql("SELECT " + COLUMNS + " FROM stock_receipts r WHERE r.store_id = ");
        q.append(q.arg(storeId));
        return q;
    }

    private static List<ReceiptView> views(Iterable<Row> headers, Iterable<Row> items) {
        Map<Long, List<ReceiptItemView>> lines = RowSets.byFirstColumn(items, i -> new ReceiptItemView(i.getLong(1),
                i.getLong(2), i.getString(3), i.getLocalDate(4), Money.of(i.getBigDecimal(5)), i.getInteger(6)));
        return RowSets.list(headers, h -> new ReceiptView(h.getLong(0), h.getLong(1), h.getString(2), h.getString(3),
                lines.getOrDefault(h.getLong(0), List.of()), RowSets.instant(h, 4), h.getString(5)));
    }

    private static KnownBatch batch(Row r) {
        return new KnownBatch(r.getLong(0), r.getLong(1), r.getString(2), r.getLocalDate(3), r.getBigDecimal(4),
                false);
    }
}
