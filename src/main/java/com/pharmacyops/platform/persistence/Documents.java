package com.pharmacyops.platform.persistence;

import java.util.List;
import java.util.function.BiFunction;

import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The page and the stream of a store's documents with their lines (receipts, adjustments, returns). */
public final class Documents {

    private Documents() {
    }

    /**
     * A page of a store's documents (headers whose first column is the id) with their lines: the page and its count
     * in one round trip, then the lines of the page's documents ({@code itemsSql} takes the ids and the store).
     */
    public static <T> Uni<PageResponse<T>> page(Tx tx, long storeId, Sql headers, PageRequest page, String idColumn,
            String itemsSql, BiFunction<Iterable<Row>, Iterable<Row>, List<T>> views) {
        Sql paged = headers.paged(page.sqlOrder(idColumn), page.page(), page.size());
        Sql counted = headers.counted();
        return Uni.combine().all().unis(tx.query(paged.text(), paged.args()), tx.query(counted.text(), counted.args()))
                .asTuple().flatMap(t -> {
                    Long[] ids = RowSets.list(t.getItem1(), r -> r.getLong(0)).toArray(Long[]::new);
                    long total = t.getItem2().iterator().next().getLong(0);
                    return tx.commitWith(tx.query(itemsSql, Tuple.of(ids, storeId)))
                            .map(items -> new PageResponse<>(views.apply(t.getItem1(), items), page.page(),
                                    page.size(), total));
                });
    }

    /**
     * Every document of the query in {@code sort}'s order with its lines, as a page has them: the headers through a
     * cursor, then the lines of each fetch's documents in the cursor's snapshot ({@code itemsSql} as for a page).
     */
    public static <T> Chunks<T, T> stream(Transactions transactions, long storeId, Sql headers, Sort sort, String idColumn,
            String itemsSql, BiFunction<Iterable<Row>, Iterable<Row>, List<T>> views) {
        Sql ordered = headers.ordered(PageRequest.sqlOrder(sort, idColumn));
        return Chunks.of(transactions.cursor(ordered.text(), ordered.args(), (tx, fetch) -> {
            Long[] ids = RowSets.list(fetch, r -> r.getLong(0)).toArray(Long[]::new);
            return tx.query(itemsSql, Tuple.of(ids, storeId)).map(items -> views.apply(fetch, items));
        }));
    }
}
