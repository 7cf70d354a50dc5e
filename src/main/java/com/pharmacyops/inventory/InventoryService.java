package com.pharmacyops.inventory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.inventory.InventoryDtos.InventoryFilter;
import com.pharmacyops.inventory.InventoryDtos.InventoryRow;
import com.pharmacyops.inventory.InventoryDtos.MovementFilter;
import com.pharmacyops.inventory.InventoryDtos.SummaryFilter;
import com.pharmacyops.inventory.InventoryDtos.MovementView;
import com.pharmacyops.inventory.InventoryDtos.SummaryRow;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.store.StoreAccess;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/** What a store holds: per batch, per medicine, and the ledger that explains it; paged or streamed. */
@ApplicationScoped
public class InventoryService {

    /** API sort field → SQL column (a fixed map: client text never reaches the SQL). */
    public static final Map<String, String> INVENTORY_SORT = Map.of("expiryDate", "s.expiry_date",
            "medicineName", "s.medicine_name", "sku", "s.sku", "batchNumber", "s.batch_number",
            "quantity", "s.quantity", "mrp", "s.mrp", "batchId", "s.batch_id");
    /** The type of each sort column, which a cursor's values are parsed as (see Keyset). */
    static final Map<String, String> INVENTORY_KEYS = Map.of("s.expiry_date", "date", "s.medicine_name", "text",
            "s.sku", "text", "s.batch_number", "text", "s.quantity", "int", "s.mrp", "numeric", "s.batch_id", "bigint");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String INVENTORY_SORT_PATTERN =
            "^(expiryDate|medicineName|sku|batchNumber|quantity|mrp|batchId)(,(asc|desc))?$";
    public static final Map<String, String> SUMMARY_SORT = Map.of("medicineName", "m.name", "sku", "m.sku",
            "sellableQuantity", "sellable", "nearestExpiry", "nearest_expiry", "medicineId", "m.id");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String SUMMARY_SORT_PATTERN =
            "^(medicineName|sku|sellableQuantity|nearestExpiry|medicineId)(,(asc|desc))?$";
    public static final Map<String, String> MOVEMENT_SORT = Map.of("occurredAt", "occurred_at", "id", "id");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String MOVEMENT_SORT_PATTERN = "^(occurredAt|id)(,(asc|desc))?$";
    static final Map<String, String> MOVEMENT_KEYS = Map.of("occurred_at", "timestamptz", "id", "bigint");

    private final Transactions transactions;
    private final StoreAccess stores;
    private final InventoryQueries queries;
    private final Clock clock;

    public InventoryService(Transactions transactions, StoreAccess stores, InventoryQueries queries, Clock clock) {
        this.transactions = transactions;
        this.stores = stores;
        this.queries = queries;
        this.clock = clock;
    }

    public Uni<PageResponse<InventoryRow>> inventory(long storeId, InventoryFilter f, PageRequest page) {
        LocalDate today = LocalDate.now(clock);
        return page(storeId, page, tx -> queries.keyset(tx, queries.inventory(storeId, f, today), page, "s.batch_id",
                INVENTORY_KEYS, InventoryQueries.inventoryRow(today)));
    }

    public Uni<Chunks<Row, InventoryRow>> streamInventory(long storeId, InventoryFilter f, Sort sort) {
        LocalDate today = LocalDate.now(clock);
        return existing(storeId).map(v -> queries.stream(queries.inventory(storeId, f, today),
                PageRequest.sqlOrder(sort, "s.batch_id"), InventoryQueries.inventoryRow(today),
                InventoryQueries.inventoryLine(today)));
    }

    public Uni<PageResponse<SummaryRow>> summary(long storeId, SummaryFilter f, PageRequest page) {
        LocalDate today = LocalDate.now(clock);
        return page(storeId, page, tx -> queries.page(tx, queries.summary(storeId, f, today), page,
                "m.id", InventoryQueries::summaryRow));
    }

    public Uni<Chunks<Row, SummaryRow>> streamSummary(long storeId, SummaryFilter f, Sort sort) {
        LocalDate today = LocalDate.now(clock);
        return existing(storeId).map(v -> queries.stream(queries.summary(storeId, f, today),
                PageRequest.sqlOrder(sort, "m.id"), InventoryQueries::summaryRow, null));
    }

    public Uni<PageResponse<MovementView>> movements(long storeId, MovementFilter f, PageRequest page) {
        return page(storeId, page, tx -> queries.keyset(tx, queries.movements(storeId, f), page, "id", MOVEMENT_KEYS,
                InventoryQueries::movement));
    }

    public Uni<Chunks<Row, MovementView>> streamMovements(long storeId, MovementFilter f, Sort sort) {
        return existing(storeId).map(v -> queries.stream(queries.movements(storeId, f),
                PageRequest.sqlOrder(sort, "id"), InventoryQueries::movement, null));
    }

    /**
     * The store's existence, the page and its count in one round trip, one snapshot. A page after a cursor is one
     * statement with no count, so it runs alone; only an empty one asks whether the store exists (rows of a
     * store that does not exist cannot be: their store_id references it).
     */
    private <T> Uni<PageResponse<T>> page(long storeId, PageRequest page, Function<Tx, Uni<PageResponse<T>>> query) {
        if (page.after() != null) {
            return transactions.single(query).flatMap(p -> p.items().isEmpty()
                    ? stores.requireExists(storeId).replaceWith(p) : Uni.createFrom().item(p));
        }
        return transactions.read(tx -> tx.commitWith(Uni.combine().all()
                .unis(stores.requireExists(tx, storeId), query.apply(tx)).with((v, p) -> p)));
    }

    /**
     * 404 for a missing store. Streams are returned behind this check, so the HTTP status is decided before the
     * streaming response starts.
     */
    public Uni<Void> existing(long storeId) {
        return transactions.read(tx -> tx.commitWith(stores.requireExists(tx, storeId)));
    }
}
