package com.pharmacyops.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.inventory.InventoryDtos.AdjustmentItemView;
import com.pharmacyops.inventory.InventoryDtos.AdjustmentLine;
import com.pharmacyops.inventory.InventoryDtos.AdjustmentView;
import com.pharmacyops.inventory.InventoryDtos.CreateAdjustment;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.product.BatchStatus;
import com.pharmacyops.store.StoreAccess;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Stock adjustments: signed corrections with a reason, all lines or none; below zero is a 409 with shortages. */
@ApplicationScoped
public class AdjustmentService {

    public static final Map<String, String> SORTABLE = Map.of("createdAt", "a.created_at", "id", "id");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String SORT = "^(createdAt|id)(,(asc|desc))?$";

    private final Transactions transactions;
    private final AdjustmentRepository adjustments;
    private final StoreAccess stores;
    private final Ledger ledger;
    private final AuditLog audit;
    private final MeterRegistry metrics;

    public AdjustmentService(Transactions transactions, AdjustmentRepository adjustments, StoreAccess stores,
            Ledger ledger, AuditLog audit, MeterRegistry metrics) {
        this.transactions = transactions;
        this.adjustments = adjustments;
        this.stores = stores;
        this.ledger = ledger;
        this.audit = audit;
        this.metrics = metrics;
    }

    public Uni<AdjustmentView> adjust(Actor actor, long storeId, CreateAdjustment req) {
        requireValidLines(req.reason(), req.items());
        List<Long> batchIds = req.items().stream().map(AdjustmentLine::batchId).toList();
        List<Integer> deltas = req.items().stream().map(AdjustmentLine::quantityDelta).toList();
        return transactions.write(tx ->
                Uni.combine().all().unis(stores.requireActive(tx, storeId), adjustments.batches(tx, batchIds))
                        .asTuple().flatMap(t -> {
                            Map<Long, AdjustmentRepository.Batch> byId = known(batchIds, t.getItem2());
                            List<Ledger.Change> changes = new ArrayList<>();
                            List<AdjustmentItemView> lines = new ArrayList<>();
                            for (AdjustmentLine line : req.items()) {
                                AdjustmentRepository.Batch b = byId.get(line.batchId());
                                requireHeldIfRecalled(req.reason(), b);
                                changes.add(new Ledger.Change(b.id(), b.medicineId(), line.quantityDelta()));
                                lines.add(new AdjustmentItemView(b.id(), b.medicineId(), b.batchNumber(),
                                        line.quantityDelta()));
                            }
                            return adjustments.insert(tx, storeId, req.reason(), req.note(), actor.username(),
                                    batchIds, deltas).flatMap(h -> {
                                        AdjustmentView view = new AdjustmentView(h.id(), storeId, req.reason(),
                                                req.note(), lines, h.createdAt(), h.createdBy());
                                        Ledger.Cause cause = new Ledger.Cause(MovementReason.ADJUSTMENT, req.reason(),
                                                "ADJUSTMENT", h.id(), actor.username(), req.note());
                                        return ledger.apply(tx, storeId, changes, cause)
                                                .flatMap(m -> tx.commitWith(audit.append(tx, actor, AuditAction.ADJUST,
                                                        EntityType.STOCK_ADJUSTMENT, h.id(), storeId, view.auditState())))
                                                .map(x -> view);
                                    });
                        }))
                .invoke(() -> metrics.counter("pharmacy.stock.adjustments", "reason", req.reason().name())
                        .increment());
    }

    /** Every adjustment of the store with its lines, in {@code sort}'s order; 404 for a missing store. */
    public Uni<Chunks<AdjustmentView, AdjustmentView>> stream(long storeId, Sort sort) {
        return stores.requireExists(storeId).map(v -> adjustments.stream(storeId, sort));
    }

    public Uni<PageResponse<AdjustmentView>> list(Actor actor, long storeId, PageRequest page) {
        return transactions.read(tx -> Uni.combine().all().unis(stores.requireExists(tx, storeId),
                adjustments.page(tx, storeId, page)).with((v, p) -> p));
    }

    public Uni<AdjustmentView> get(Actor actor, long storeId, long id) {
        return transactions.read(tx -> tx.commitWith(adjustments.find(tx, storeId, id))).map(a -> {
            if (a == null) {
                throw ApiException.notFound("Adjustment " + id);
            }
            return a;
        });
    }

    private static void requireValidLines(AdjustmentReason reason, List<AdjustmentLine> lines) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            AdjustmentLine line = lines.get(i);
            if (line.quantityDelta() == 0) {
                throw ApiException.invalid("items[" + i + "].quantityDelta", "must not be 0");
            }
            // A recall writes stock off; recalled stock that comes back is a receipt or a count correction.
            if (reason == AdjustmentReason.RECALLED && line.quantityDelta() > 0) {
                throw ApiException.invalid("items[" + i + "].quantityDelta", "must be negative for RECALLED");
            }
            if (!seen.add(line.batchId())) {
                throw ApiException.invalid("items[" + i + "].batchId", "the same batch is listed twice");
            }
        }
    }

    /** RECALLED writes off only stock that may not be sold: of a batch ON_HOLD or RECALLED. */
    private static void requireHeldIfRecalled(AdjustmentReason reason, AdjustmentRepository.Batch b) {
        if (reason == AdjustmentReason.RECALLED && b.status() == BatchStatus.ACTIVE) {
            throw ApiException.conflict("Batch " + b.batchNumber() + " (id " + b.id()
                    + ") is ACTIVE: only an ON_HOLD or RECALLED batch is written off as RECALLED");
        }
    }

    private static Map<Long, AdjustmentRepository.Batch> known(List<Long> ids, List<AdjustmentRepository.Batch> found) {
        Map<Long, AdjustmentRepository.Batch> byId = new HashMap<>();
        found.forEach(b -> byId.put(b.id(), b));
        for (int i = 0; i < ids.size(); i++) {
            if (!byId.containsKey(ids.get(i))) {
                throw ApiException.invalid("items[" + i + "].batchId", "no such batch");
            }
        }
        return byId;
    }
}
