package com.pharmacyops.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.inventory.InventoryDtos.MovementView;
import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Transactions;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The ledger reads of {@code stock-events}: the horizon of final ids, the feed's ranges, a resume's backlog. */
@ApplicationScoped
public class StockEventReads {

    private static final String COLUMNS = """
            id, store_id, batch_id, medicine_id, quantity_delta, balance_after, reason, adjustment_reason,
            reference_type, reference_id, actor, occurred_at, note""";

    // One statement: its snapshot is taken before pg_locks is read. A movement id below the largest committed one
    // was drawn before that one's commit, so before the snapshot, by a transaction that already held its INSERT's
    // RowExclusiveLock (taken before the row's nextval): if it is still open, pg_locks lists it.
    private static final String HORIZON = """
            SELECT (SELECT coalesce(max(id), 0) FROM stock_movements),
                   ARRAY(SELECT virtualtransaction FROM pg_locks WHERE locktype = 'relation'
                         AND relation = 'stock_movements'::regclass AND mode = 'RowExclusiveLock')""";

    private static final String RANGE = "SELECT " + COLUMNS
            + " FROM stock_movements WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3";

    private static final String BACKLOG = "SELECT " + COLUMNS
            + " FROM stock_movements WHERE store_id = $1 AND id > $2 AND id <= $3 ORDER BY id";

    private static final String MISSED = """
            SELECT count(*), coalesce(min(occurred_at) < now() - $4::bigint * interval '1 second', false),
                   (SELECT coalesce(max(id), 0) FROM stock_movements)
            FROM (SELECT occurred_at FROM stock_movements WHERE store_id = $1 AND id > $2 LIMIT $3) m""";

    /** The largest committed movement id, and the transactions that may still commit a smaller one. */
    public record Horizon(long committed, Set<String> writers) {
    }

    private final Pool pool;
    private final Transactions transactions;
    private final Duration window;
    private final int max;

    public StockEventReads(Pool pool, Transactions transactions, PharmacyConfig config) {
        this.pool = pool;
        this.transactions = transactions;
        this.window = config.streams().live().resumeWindow();
        this.max = config.streams().live().resumeMax();
    }

    public Uni<Horizon> horizon() {
        return pool.query(HORIZON).execute().map(rows -> {
            Row r = rows.iterator().next();
            Set<String> writers = new HashSet<>();
            for (String w : r.getArrayOfStrings(1)) {
                writers.add(w);
            }
            return new Horizon(r.getLong(0), writers);
        });
    }

    /** The largest committed movement id. */
    public Uni<Long> lastCommitted() {
        return pool.query("SELECT coalesce(max(id), 0) FROM stock_movements").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Movements of every store with {@code after < id ≤ upTo}, at most {@code limit}, in id order. */
    public Uni<List<MovementView>> range(long after, long upTo, int limit) {
        return pool.preparedQuery(RANGE).execute(Tuple.of(after, upTo, limit)).map(rows -> {
            List<MovementView> result = new ArrayList<>(rows.size());
            rows.forEach(r -> result.add(InventoryQueries.movement(r)));
            return result;
        });
    }

    /** A store's movements with {@code after < id ≤ upTo}, in id order, through a cursor. */
    public Multi<MovementView> backlog(long storeId, long after, long upTo) {
        return transactions.cursor(BACKLOG, Tuple.of(storeId, after, upTo)).map(InventoryQueries::movement);
    }

    /** Fails with a 409 when a client that last saw {@code after} cannot resume from the ledger. */
    public Uni<Void> checkResumable(long storeId, long after) {
        Tuple args = Tuple.of(storeId, after, max + 1, window.toSeconds());
        return pool.preparedQuery(MISSED).execute(args).map(rows -> {
            Row r = rows.iterator().next();
            String refusal = refusal(after, r.getLong(0), r.getBoolean(1), r.getLong(2), max, window);
            if (refusal != null) {
                throw ApiException.conflict(refusal + "; resync from /inventory and subscribe again without"
                        + " Last-Event-ID");
            }
            return null;
        });
    }

    /** Why a resume after {@code after} is refused, or null. */
    static String refusal(long after, long missed, boolean tooOld, long lastId, int max, Duration window) {
        if (after > lastId) {
            return "Last-Event-ID " + after + " is not in the ledger";
        }
        if (missed > max) {
            return "More than " + max + " movements were missed";
        }
        if (tooOld) {
            return "Movements older than " + window.toHours() + " h were missed";
        }
        return null;
    }
}
