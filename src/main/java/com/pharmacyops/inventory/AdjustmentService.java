package com.pharmacyops.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.inventory.InventoryDtos.AdjustmentItemView;
import com.pharmacyops.inventory.InventoryDtos.AdjustmentLine;
import com.pharmacyops.inventory.InventoryDtos.AdjustmentView;
import com.pharmacyops.inventory.InventoryDtos.CreateAdjustment;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.paging.PageRequest;
import com.pharmacyops.platform.paging.PageResponse;
import com.pharmacyops.platform.persistence.Entities;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.product.Batch;
import com.pharmacyops.store.StoreService;
import com.pharmacyops.user.Role;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Stock adjustments: signed corrections with a reason, all lines or none; below zero is a 409 with shortages. */
@ApplicationScoped
public class AdjustmentService {

    public static final Map<String, String> SORTABLE = Map.of("createdAt", "createdAt", "id", "id");

    private final StoreService stores;
    private final Ledger ledger;
    private final AuditLog audit;
    private final MeterRegistry metrics;

    public AdjustmentService(StoreService stores, Ledger ledger, AuditLog audit, MeterRegistry metrics) {
        this.stores = stores;
        this.ledger = ledger;
        this.audit = audit;
        this.metrics = metrics;
    }

    @WithTransaction
    public Uni<AdjustmentView> adjust(Actor actor, long storeId, CreateAdjustment req) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < req.items().size(); i++) {
            AdjustmentLine line = req.items().get(i);
            if (line.quantityDelta() == 0) {
                throw ApiException.invalid("items[" + i + "].quantityDelta", "must not be 0");
            }
            if (!seen.add(line.batchId())) {
                throw ApiException.invalid("items[" + i + "].batchId", "the same batch is listed twice");
            }
        }
        List<Long> batchIds = req.items().stream().map(AdjustmentLine::batchId).toList();
        return stores.forWrite(actor, storeId, Role.ADMIN, Role.STORE_MANAGER)
                .flatMap(s -> Entities.byIds(Batch.class, batchIds))
                .flatMap(found -> {
                    Map<Long, Batch> byId = new HashMap<>();
                    found.forEach(b -> byId.put(b.id, b));
                    for (int i = 0; i < batchIds.size(); i++) {
                        if (!byId.containsKey(batchIds.get(i))) {
                            throw ApiException.invalid("items[" + i + "].batchId", "no such batch");
                        }
                    }
                    Instant now = Instant.now();
                    StockAdjustment a = new StockAdjustment();
                    a.storeId = storeId;
                    a.reason = req.reason();
                    a.note = req.note();
                    a.stamp(actor.username(), now);
                    return a.<StockAdjustment>persist().flatMap(saved -> {
                        List<StockAdjustmentItem> items = new ArrayList<>();
                        List<Ledger.Change> changes = new ArrayList<>();
                        for (AdjustmentLine line : req.items()) {
                            StockAdjustmentItem item = new StockAdjustmentItem();
                            item.adjustmentId = saved.id;
                            item.storeId = storeId;
                            item.batchId = line.batchId();
                            item.quantityDelta = line.quantityDelta();
                            item.stamp(actor.username(), now);
                            items.add(item);
                            changes.add(new Ledger.Change(line.batchId(), byId.get(line.batchId()).medicineId,
                                    line.quantityDelta()));
                        }
                        AdjustmentView view = view(saved, items, byId);
                        return ledger.apply(storeId, changes, new Ledger.Cause(MovementReason.ADJUSTMENT, req.reason(),
                                "ADJUSTMENT", saved.id, actor.username(), req.note()))
                                .flatMap(v -> StockAdjustmentItem.persist(items))
                                .flatMap(v -> audit.record(actor, "ADJUST", "STOCK_ADJUSTMENT", saved.id, storeId,
                                        auditState(view)))
                                .invoke(() -> metrics.counter("pharmacy.stock.adjustments", "reason",
                                        req.reason().name()).increment())
                                .map(v -> view);
                    });
                });
    }

    @WithSession
    public Uni<PageResponse<AdjustmentView>> list(Actor actor, long storeId, PageRequest page) {
        return stores.visible(actor, storeId).flatMap(s -> {
            var query = StockAdjustment.<StockAdjustment>find("storeId", page.sort(), storeId);
            return query.page(page.panache()).list().flatMap(adjustments -> query.count()
                    .flatMap(total -> views(adjustments)
                            .map(v -> new PageResponse<>(v, page.page(), page.size(), total))));
        });
    }

    @WithSession
    public Uni<AdjustmentView> get(Actor actor, long storeId, long id) {
        return stores.visible(actor, storeId).flatMap(s -> StockAdjustment.<StockAdjustment>findById(id))
                .flatMap(a -> {
                    if (a == null || a.storeId != storeId) {
                        throw ApiException.notFound("Adjustment " + id);
                    }
                    return views(List.of(a)).map(v -> v.get(0));
                });
    }

    private Uni<List<AdjustmentView>> views(List<StockAdjustment> adjustments) {
        if (adjustments.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Long> ids = adjustments.stream().map(a -> a.id).toList();
        return StockAdjustmentItem.<StockAdjustmentItem>list("adjustmentId in ?1", Sort.by("id"), ids)
                .flatMap(items -> Entities.byIds(Batch.class, items.stream().map(i -> i.batchId).distinct().toList())
                        .map(batches -> {
                            Map<Long, Batch> byId = new HashMap<>();
                            batches.forEach(b -> byId.put(b.id, b));
                            return adjustments.stream().map(a -> view(a,
                                    items.stream().filter(i -> i.adjustmentId.equals(a.id)).toList(), byId)).toList();
                        }));
    }

    private static AdjustmentView view(StockAdjustment a, List<StockAdjustmentItem> items, Map<Long, Batch> batches) {
        List<AdjustmentItemView> lines = items.stream().map(i -> {
            Batch b = batches.get(i.batchId);
            return new AdjustmentItemView(b.id, b.medicineId, b.batchNumber, i.quantityDelta);
        }).toList();
        return new AdjustmentView(a.id, a.storeId, a.reason, a.note, lines, a.createdAt, a.createdBy);
    }

    private static Map<String, Object> auditState(AdjustmentView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", v.reason());
        m.put("note", v.note());
        m.put("items", v.items().stream().map(i -> Map.of("batchId", i.batchId(), "quantityDelta", i.quantityDelta()))
                .toList());
        return m;
    }
}
