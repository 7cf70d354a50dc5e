package com.pharmacyops.transfer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.persistence.RowSets;
import com.pharmacyops.platform.persistence.Sql;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.transfer.TransferDtos.TransferFilter;
import com.pharmacyops.transfer.TransferDtos.TransferItemView;
import com.pharmacyops.transfer.TransferDtos.TransferView;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The SQL of transfers ({@code transfers}, {@code transfer_items}); stock itself moves through the ledger. */
@ApplicationScoped
public class TransferRepository {

    /** A batch as a dispatch line names it, with what decides whether it may travel. */
    public record Batch(long id, long medicineId, String batchNumber, String status, LocalDate expiryDate) {
    }

    /** A store as the other end of a transfer. */
    public record Store(long id, String code, boolean active) {
    }

    // Locked FOR SHARE in id order: a hold or recall (an UPDATE of the row) waits for the dispatch or is seen by it.
    private static final String BATCHES = """
            SELECT id, medicine_id, batch_number, status, expiry_date FROM batches WHERE id = ANY($1::bigint[])
            ORDER BY id FOR SHARE""";

    private static final String STORE = "SELECT id, code, active FROM stores WHERE id = $1";

    private static final String INSERT = """
            WITH t AS (INSERT INTO transfers (from_store_id, to_store_id, status, note, dispatched_at, dispatched_by,
                           created_at, updated_at, created_by, updated_by)
                       VALUES ($1, $2, 'DISPATCHED', $3, now(), $4, now(), now(), $4, $4)
                       RETURNING id, dispatched_at),
            i AS (INSERT INTO transfer_items (transfer_id, batch_id, medicine_id, quantity, created_at, updated_at,
                      created_by, updated_by)
                  SELECT t.id, l.batch_id, l.medicine_id, l.quantity, now(), now(), $4::varchar, $4::varchar
                  FROM t, unnest($5::bigint[], $6::bigint[], $7::int[]) WITH ORDINALITY
                       AS l(batch_id, medicine_id, quantity, ord) ORDER BY l.ord)
            SELECT id, dispatched_at FROM t""";

    /** Every column a view needs, the lines as one JSON array (so a page, one and a stream share the query). */
    private static final String VIEW = """
            SELECT t.id, t.from_store_id, t.to_store_id, t.status, t.note, t.dispatched_at, t.dispatched_by,
                   t.received_at, t.received_by, t.cancelled_at, t.cancelled_by,
                   (SELECT json_agg(json_build_array(i.batch_id, i.medicine_id, b.batch_number, i.quantity,
                                                     i.received_quantity) ORDER BY i.id)
                    FROM transfer_items i JOIN batches b ON b.id = i.batch_id WHERE i.transfer_id = t.id) AS items
            FROM transfers t""";

    private static final String RECEIVED = """
            WITH l AS (SELECT * FROM unnest($2::bigint[], $3::int[]) AS l(batch_id, received)),
            i AS (UPDATE transfer_items i SET received_quantity = l.received, updated_at = now(), updated_by = $4
                  FROM l WHERE i.transfer_id = $1 AND i.batch_id = l.batch_id RETURNING i.id)
            UPDATE transfers SET status = 'RECEIVED', received_at = now(), received_by = $4, updated_at = now(),
                updated_by = $4
            WHERE id = $1 AND status = 'DISPATCHED' RETURNING received_at""";

    private static final String CANCELLED = """
            UPDATE transfers SET status = 'CANCELLED', cancelled_at = now(), cancelled_by = $2, updated_at = now(),
                updated_by = $2
            WHERE id = $1 AND status = 'DISPATCHED' RETURNING cancelled_at""";

    public Uni<List<Batch>> batches(Tx tx, List<Long> ids) {
        return tx.query(BATCHES, Tuple.of(ids.toArray(Long[]::new))).map(rows -> RowSets.list(rows,
                r -> new Batch(r.getLong(0), r.getLong(1), r.getString(2), r.getString(3), r.getLocalDate(4))));
    }

    /** The store, or null. */
    public Uni<Store> store(Tx tx, long id) {
        return tx.query(STORE, Tuple.of(id)).map(rows -> rows.size() == 0 ? null
                : RowSets.list(rows, r -> new Store(r.getLong(0), r.getString(1), r.getBoolean(2))).get(0));
    }

    /** The id and dispatch time of a transfer just written. */
    public record Header(long id, java.time.Instant dispatchedAt) {
    }

    /** The transfer and its lines in one statement. */
    public Uni<Header> insert(Tx tx, long from, long to, String note, String actor, List<Long> batchIds,
            List<Long> medicineIds, List<Integer> quantities) {
        return tx.query(INSERT, Tuple.from(new Object[] { from, to, note, actor, batchIds.toArray(Long[]::new),
                medicineIds.toArray(Long[]::new), quantities.toArray(Integer[]::new) }))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Header(r.getLong(0), RowSets.instant(r, 1));
                });
    }

    /**
     * Locks the transfer row ({@code FOR UPDATE}, before any stock row) where {@code storeColumn} is the path's
     * store, and reads it; null when there is none. A second writer waits here and then sees the first one's state.
     */
    public Uni<TransferView> lock(Tx tx, long id, String storeColumn, long storeId) {
        return tx.query(VIEW + " WHERE t.id = $1 AND t." + storeColumn + " = $2 FOR UPDATE OF t",
                Tuple.of(id, storeId)).map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    public Uni<TransferView> find(Tx tx, long id, long storeId) {
        return tx.query(VIEW + " WHERE t.id = $1 AND (t.from_store_id = $2 OR t.to_store_id = $2)",
                Tuple.of(id, storeId)).map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    /** Records what arrived of each line and the new state; when it was received. */
    public Uni<java.time.Instant> received(Tx tx, long id, List<Long> batchIds, List<Integer> received,
            String actor) {
        return tx.query(RECEIVED, Tuple.of(id, batchIds.toArray(Long[]::new), received.toArray(Integer[]::new),
                actor)).map(rows -> RowSets.instant(rows.iterator().next(), 0));
    }

    public Uni<java.time.Instant> cancelled(Tx tx, long id, String actor) {
        return tx.query(CANCELLED, Tuple.of(id, actor)).map(rows -> RowSets.instant(rows.iterator().next(), 0));
    }

    /** A store's transfers, in or out or both, by status: paged or streamed, the same rows. */
    public Sql list(long storeId, TransferFilter f) {
        Sql q = new Sql(VIEW + " WHERE ");
        String store = q.arg(storeId);
        if (f.direction() == null) {
            q.append("(t.from_store_id = " + store + " OR t.to_store_id = " + store + ")");
        } else {
            q.append(f.direction() == TransferDtos.Direction.OUT ? "t.from_store_id = " : "t.to_store_id = ")
                    .append(store);
        }
        return q.and("t.status = ?", f.status() == null ? null : f.status().name());
    }

    public Uni<PageResponse<TransferView>> page(Tx tx, Sql query, PageRequest page) {
        Sql paged = query.paged(page.sqlOrder("t.id"), page.page(), page.size());
        Sql counted = query.counted();
        return Uni.combine().all().unis(tx.query(paged.text(), paged.args()), tx.query(counted.text(), counted.args()))
                .with((rows, count) -> new PageResponse<>(RowSets.list(rows, TransferRepository::view), page.page(),
                        page.size(), count.iterator().next().getLong(0)));
    }

    static TransferView view(Row r) {
        JsonArray lines = r.getJsonArray(11);
        List<TransferItemView> items = new ArrayList<>();
        for (int i = 0; lines != null && i < lines.size(); i++) {
            JsonArray l = lines.getJsonArray(i);
            Integer received = l.getInteger(4);
            items.add(new TransferItemView(l.getLong(0), l.getLong(1), l.getString(2), l.getInteger(3), received,
                    received == null ? null : l.getInteger(3) - received));
        }
        return new TransferView(r.getLong(0), r.getLong(1), r.getLong(2), TransferStatus.valueOf(r.getString(3)),
                r.getString(4), items, RowSets.instant(r, 5), r.getString(6), RowSets.instant(r, 7), r.getString(8),
                RowSets.instant(r, 9), r.getString(10));
    }
}
