package com.pharmacyops.inventory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.io.SerializedString;

import com.pharmacyops.inventory.InventoryDtos.InventoryFilter;
import com.pharmacyops.inventory.InventoryDtos.InventoryRow;
import com.pharmacyops.inventory.InventoryDtos.MovementFilter;
import com.pharmacyops.inventory.InventoryDtos.SummaryFilter;
import com.pharmacyops.inventory.InventoryDtos.MovementView;
import com.pharmacyops.inventory.InventoryDtos.SummaryRow;
import com.pharmacyops.platform.persistence.Keyset;
import com.pharmacyops.platform.persistence.Sql;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.streaming.Ndjson;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.product.BatchStatus;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The inventory's read queries, straight on the reactive client (no entities to manage on a read). Each query
 * is built once and then either paged or streamed, so both answer exactly the same rows.
 */
@ApplicationScoped
public class InventoryQueries {

    private final Transactions transactions;

    public InventoryQueries(Transactions transactions) {
        this.transactions = transactions;
    }

    public Sql inventory(long storeId, InventoryFilter f, LocalDate today) {
        // Column order is read by position in inventoryRow and inventoryLine. Every column is the stock row's own or
        // its copy of the batch's and medicine's (V6, V8, V11): no join, so the default order is the index
        // stock_store_expiry_idx for a page and for a whole store's stream alike, with no sort. The price comes
        // as whole paise (NUMERIC(10,2) × 100 fits a bigint exactly): decoding NUMERIC was the stream's top frame.
        Sql q = new Sql("""
                SELECT s.batch_id, s.batch_number, s.medicine_id, s.medicine_name, s.sku,
                       s.expiry_date, (s.mrp * 100)::bigint AS mrp_paise, s.quantity, s.batch_status
                FROM stock s
                WHERE s.store_id = """);
        q.append(q.arg(storeId))
                .and("s.medicine_id = ?", f.medicineId())
                .and("s.medicine_id IN (SELECT m.id FROM medicines m"
                        + " WHERE lower(m.name) LIKE ? OR lower(m.generic_name) LIKE ? OR lower(m.sku) LIKE ?)",
                        f.like())
                .and("s.expiry_date > ?", f.includeExpired() ? null : today)
                .and("s.expiry_date <= ?", f.expiringWithinDays() == null ? null
                        : today.plusDays(f.expiringWithinDays()));
        if (!f.includeEmpty()) {
            q.append(" AND s.quantity > 0");
        }
        if (!f.includeHeld()) {
            q.append(" AND s.batch_status = 'ACTIVE'");
        }
        return q;
    }

    /**
     * The store's stock rows and, as rows in transit to it, the lines of transfers dispatched to it and not yet
     * received or cancelled (the transfer feature's tables, read here in SQL so that inventory does not depend on
     * that feature, which depends on it). The store filter reaches both branches.
     */
    private static final String STOCK_AND_IN_TRANSIT = """
            SELECT store_id, batch_id, medicine_id, quantity, batch_status, FALSE AS in_transit FROM stock
            UNION ALL
            SELECT t.to_store_id, i.batch_id, i.medicine_id, i.quantity, NULL, TRUE
            FROM transfers t JOIN transfer_items i ON i.transfer_id = t.id WHERE t.status = 'DISPATCHED'""";

    public Sql summary(long storeId, SummaryFilter f, LocalDate today) {
        Sql q = new Sql("SELECT m.id AS medicine_id, m.name AS medicine_name, m.sku, m.reorder_level, ");
        String day = q.arg(today);
        q.append("""
                COALESCE(SUM(s.quantity) FILTER (WHERE b.expiry_date > %1$s AND NOT s.in_transit
                    AND s.batch_status = 'ACTIVE'), 0) AS sellable,
                COALESCE(SUM(s.quantity) FILTER (WHERE b.expiry_date <= %1$s AND NOT s.in_transit), 0) AS expired,
                COALESCE(SUM(s.quantity) FILTER (WHERE b.expiry_date > %1$s AND NOT s.in_transit
                    AND s.batch_status <> 'ACTIVE'), 0) AS held,
                MIN(b.expiry_date) FILTER (WHERE b.expiry_date > %1$s AND s.quantity > 0 AND NOT s.in_transit
                    AND s.batch_status = 'ACTIVE') AS nearest_expiry,
                COALESCE(SUM(s.quantity) FILTER (WHERE s.in_transit), 0) AS in_transit
                FROM (%2$s) s JOIN batches b ON b.id = s.batch_id JOIN medicines m ON m.id = s.medicine_id
                WHERE s.store_id = """.formatted(day, STOCK_AND_IN_TRANSIT));
        q.append(q.arg(storeId))
                .and("s.medicine_id = ?", f.medicineId())
                .and("(lower(m.name) LIKE ? OR lower(m.generic_name) LIKE ? OR lower(m.sku) LIKE ?)", f.like())
                .append(" GROUP BY m.id, m.name, m.sku, m.reorder_level");
        if (f.belowReorderLevel() != null) { // the rule of summaryRow's belowReorderLevel, in SQL
            q.append(" HAVING COALESCE(SUM(s.quantity) FILTER (WHERE b.expiry_date > " + day
                    + " AND NOT s.in_transit AND s.batch_status = 'ACTIVE'), 0)"
                    + (f.belowReorderLevel() ? " < " : " >= ") + "m.reorder_level");
        }
        return q;
    }

    public Sql movements(long storeId, MovementFilter f) {
        Sql q = new Sql("""
                SELECT id, store_id, batch_id, medicine_id, quantity_delta, balance_after, reason, adjustment_reason,
                       reference_type, reference_id, actor, occurred_at, note
                FROM stock_movements WHERE store_id = """);
        q.append(q.arg(storeId))
                .and("medicine_id = ?", f.medicineId())
                .and("batch_id = ?", f.batchId())
                .and("reason = ?", f.reason() == null ? null : f.reason().name())
                .and("occurred_at >= ?", f.from() == null ? null : f.from().atOffset(java.time.ZoneOffset.UTC))
                .and("occurred_at < ?", f.to() == null ? null : f.to().atOffset(java.time.ZoneOffset.UTC));
        return q;
    }

    /** A page and the count of all matches, sent together in the caller's read-only snapshot. */
    public <T> Uni<PageResponse<T>> page(Tx tx, Sql query, PageRequest page, String tieBreaker, Function<Row, T> map) {
        Sql paged = query.paged(page.sqlOrder(tieBreaker), page.page(), page.size());
        Sql counted = query.counted();
        return Uni.combine().all().unis(tx.query(paged.text(), paged.args()), tx.query(counted.text(), counted.args()))
                .with((rows, count) -> {
                    List<T> items = new java.util.ArrayList<>(rows.size());
                    rows.forEach(r -> items.add(map.apply(r)));
                    return new PageResponse<>(items, page.page(), page.size(), count.iterator().next().getLong(0));
                });
    }

    /** A page by offset or after a cursor (see {@link Keyset}); {@code types} types the sort columns. */
    public <T> Uni<PageResponse<T>> keyset(Tx tx, Sql query, PageRequest page, String tieBreaker,
            Map<String, String> types, Function<Row, T> map) {
        return Keyset.page(tx, query, page, tieBreaker, types, map).map(s -> s.response(page, s.items()));
    }

    /** Every row of the query in {@code orderBy}'s order, a cursor fetch at a time (see {@link Chunks}). */
    public <T> Chunks<Row, T> stream(Sql query, String orderBy, Function<Row, T> map, Ndjson.LineWriter<Row> line) {
        Sql ordered = query.ordered(orderBy);
        return Chunks.of(transactions.fetches(ordered.text(), ordered.args()), map, line);
    }

    /**
     * By position, in the order of {@link #inventory}'s SELECT: this maps every row of million-row streams, where
     * looking columns up by name was the largest single cost.
     */
    public static Function<Row, InventoryRow> inventoryRow(LocalDate today) {
        return r -> {
            LocalDate expiry = r.getLocalDate(5);
            return new InventoryRow(r.getLong(0), r.getString(1), r.getLong(2), r.getString(3), r.getString(4), expiry,
                    BigDecimal.valueOf(r.getLong(6), 2), r.getInteger(7), !expiry.isAfter(today),
                    BatchStatus.valueOf(r.getString(8)));
        };
    }

    private static final SerializedString BATCH_ID = new SerializedString("batchId");
    private static final SerializedString BATCH_NUMBER = new SerializedString("batchNumber");
    private static final SerializedString MEDICINE_ID = new SerializedString("medicineId");
    private static final SerializedString MEDICINE_NAME = new SerializedString("medicineName");
    private static final SerializedString SKU = new SerializedString("sku");
    private static final SerializedString EXPIRY_DATE = new SerializedString("expiryDate");
    private static final SerializedString MRP = new SerializedString("mrp");
    private static final SerializedString QUANTITY = new SerializedString("quantity");
    private static final SerializedString EXPIRED = new SerializedString("expired");
    private static final SerializedString STATUS = new SerializedString("status");

    /**
     * An inventory row's NDJSON line straight from its database row, member for member what the ObjectMapper writes
     * for {@link #inventoryRow}'s record (InventoryStreamTest compares them): no record, no reflection, for each of
     * a million rows.
     */
    public static Ndjson.LineWriter<Row> inventoryLine(LocalDate today) {
        return (g, r) -> {
            LocalDate expiry = r.getLocalDate(5);
            g.writeStartObject();
            g.writeFieldName(BATCH_ID);
            g.writeNumber(r.getLong(0));
            g.writeFieldName(BATCH_NUMBER);
            g.writeString(r.getString(1));
            g.writeFieldName(MEDICINE_ID);
            g.writeNumber(r.getLong(2));
            g.writeFieldName(MEDICINE_NAME);
            g.writeString(r.getString(3));
            g.writeFieldName(SKU);
            g.writeString(r.getString(4));
            g.writeFieldName(EXPIRY_DATE);
            g.writeString(expiry.toString());
            g.writeFieldName(MRP);
            g.writeNumber(BigDecimal.valueOf(r.getLong(6), 2));
            g.writeFieldName(QUANTITY);
            g.writeNumber(r.getInteger(7));
            g.writeFieldName(EXPIRED);
            g.writeBoolean(!expiry.isAfter(today));
            g.writeFieldName(STATUS);
            g.writeString(r.getString(8));
            g.writeEndObject();
        };
    }

    public static SummaryRow summaryRow(Row r) {
        long sellable = r.getLong("sellable");
        int reorder = r.getInteger("reorder_level");
        return new SummaryRow(r.getLong("medicine_id"), r.getString("medicine_name"), r.getString("sku"), sellable,
                r.getLong("expired"), r.getLong("held"), r.getLocalDate("nearest_expiry"), reorder, sellable < reorder,
                r.getLong("in_transit"));
    }

    public static MovementView movement(Row r) {
        String adjustment = r.getString("adjustment_reason");
        return new MovementView(r.getLong("id"), r.getLong("store_id"), r.getLong("batch_id"), r.getLong("medicine_id"),
                r.getInteger("quantity_delta"), r.getInteger("balance_after"),
                MovementReason.valueOf(r.getString("reason")),
                adjustment == null ? null : AdjustmentReason.valueOf(adjustment), r.getString("reference_type"),
                r.getLong("reference_id"), r.getString("actor"), r.getOffsetDateTime("occurred_at").toInstant(),
                r.getString("note"));
    }
}
