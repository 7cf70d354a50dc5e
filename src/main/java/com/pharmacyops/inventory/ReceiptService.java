package com.pharmacyops.inventory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.inventory.InventoryDtos.CreateReceipt;
import com.pharmacyops.inventory.InventoryDtos.ReceiptItemView;
import com.pharmacyops.inventory.InventoryDtos.ReceiptLine;
import com.pharmacyops.inventory.InventoryDtos.ReceiptView;
import com.pharmacyops.platform.Money;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.paging.PageRequest;
import com.pharmacyops.platform.paging.PageResponse;
import com.pharmacyops.platform.persistence.Entities;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.product.Batch;
import com.pharmacyops.product.Medicine;
import com.pharmacyops.store.StoreService;
import com.pharmacyops.user.Role;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Stock receipts: one atomic operation that creates unknown batches, refuses expired ones (400) and known
 * batches with another expiry or MRP (409), adds stock and writes a RECEIPT movement per line.
 */
@ApplicationScoped
public class ReceiptService {

    public static final Map<String, String> SORTABLE = Map.of("createdAt", "createdAt", "id", "id");

    private final StoreService stores;
    private final Ledger ledger;
    private final AuditLog audit;
    private final MeterRegistry metrics;
    private final Clock clock;

    public ReceiptService(StoreService stores, Ledger ledger, AuditLog audit, MeterRegistry metrics, Clock clock) {
        this.stores = stores;
        this.ledger = ledger;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<ReceiptView> receive(Actor actor, long storeId, CreateReceipt req) {
        LocalDate today = LocalDate.now(clock);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < req.items().size(); i++) {
            ReceiptLine line = req.items().get(i);
            if (!line.expiryDate().isAfter(today)) {
                throw ApiException.invalid("items[" + i + "].expiryDate", "the batch has expired");
            }
            if (!seen.add(line.medicineId() + "/" + line.batchNumber())) {
                throw ApiException.invalid("items[" + i + "].batchNumber", "the same batch is listed twice");
            }
        }
        List<Long> medicineIds = req.items().stream().map(ReceiptLine::medicineId).distinct().toList();
        return stores.forWrite(actor, storeId, Role.ADMIN, Role.STORE_MANAGER)
                .flatMap(s -> Entities.byIds(Medicine.class, medicineIds))
                .flatMap(found -> {
                    Map<Long, Medicine> byId = new HashMap<>();
                    found.forEach(m -> byId.put(m.id, m));
                    for (int i = 0; i < req.items().size(); i++) {
                        Medicine m = byId.get(req.items().get(i).medicineId());
                        if (m == null) {
                            throw ApiException.invalid("items[" + i + "].medicineId", "no such medicine");
                        }
                        if (!m.active) {
                            throw ApiException.conflict("Medicine " + m.sku + " is inactive and takes no stock");
                        }
                    }
                    return Batch.<Batch>list("medicineId in ?1", medicineIds);
                })
                .flatMap(known -> resolveBatches(actor, req.items(), known))
                .flatMap(batches -> {
                    Instant now = Instant.now();
                    StockReceipt r = new StockReceipt();
                    r.storeId = storeId;
                    r.supplier = req.supplier();
                    r.invoiceNumber = req.invoiceNumber();
                    r.stamp(actor.username(), now);
                    return r.<StockReceipt>persist().flatMap(saved -> {
                        List<StockReceiptItem> items = new ArrayList<>();
                        List<Ledger.Change> changes = new ArrayList<>();
                        for (int i = 0; i < req.items().size(); i++) {
                            Batch b = batches.get(i);
                            StockReceiptItem item = new StockReceiptItem();
                            item.receiptId = saved.id;
                            item.storeId = storeId;
                            item.batchId = b.id;
                            item.quantity = req.items().get(i).quantity();
                            item.stamp(actor.username(), now);
                            items.add(item);
                            changes.add(new Ledger.Change(b.id, b.medicineId, item.quantity));
                        }
                        ReceiptView view = view(saved, items, batches);
                        return StockReceiptItem.persist(items)
                                .flatMap(v -> ledger.apply(storeId, changes, new Ledger.Cause(MovementReason.RECEIPT,
                                        null, "RECEIPT", saved.id, actor.username(), req.invoiceNumber())))
                                .flatMap(v -> audit.record(actor, "RECEIVE", "STOCK_RECEIPT", saved.id, storeId,
                                        auditState(view)))
                                .invoke(() -> metrics.counter("pharmacy.stock.receipts").increment())
                                .map(v -> view);
                    });
                });
    }

    /** The batch of each line: the known one if it matches, else a new one. */
    private Uni<List<Batch>> resolveBatches(Actor actor, List<ReceiptLine> lines, List<Batch> known) {
        Map<String, Batch> byKey = new HashMap<>();
        known.forEach(b -> byKey.put(b.medicineId + "/" + b.batchNumber, b));
        List<Batch> result = new ArrayList<>();
        List<Batch> created = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < lines.size(); i++) {
            ReceiptLine line = lines.get(i);
            Batch b = byKey.get(line.medicineId() + "/" + line.batchNumber());
            if (b != null) {
                if (!b.expiryDate.equals(line.expiryDate()) || b.mrp.compareTo(line.mrp()) != 0) {
                    throw ApiException.conflict("Batch " + line.batchNumber() + " is known with expiry "
                            + b.expiryDate + " and MRP " + Money.of(b.mrp) + "; items[" + i + "] differs");
                }
            } else {
                b = new Batch();
                b.medicineId = line.medicineId();
                b.batchNumber = line.batchNumber();
                b.expiryDate = line.expiryDate();
                b.mrp = line.mrp();
                b.stamp(actor.username(), now);
                created.add(b);
            }
            result.add(b);
        }
        if (created.isEmpty()) {
            return Uni.createFrom().item(result);
        }
        return Batch.persist(created)
                .flatMap(v -> io.smallrye.mutiny.Multi.createFrom().iterable(created)
                        .onItem().transformToUniAndConcatenate(b -> audit.record(actor, "CREATE", "BATCH", b.id, null,
                                b.auditState()))
                        .collect().last())
                .map(v -> result);
    }

    @WithSession
    public Uni<PageResponse<ReceiptView>> list(Actor actor, long storeId, PageRequest page) {
        return stores.visible(actor, storeId).flatMap(s -> {
            var query = StockReceipt.<StockReceipt>find("storeId", page.sort(), storeId);
            return query.page(page.panache()).list().flatMap(receipts -> query.count()
                    .flatMap(total -> views(receipts).map(v -> new PageResponse<>(v, page.page(), page.size(), total))));
        });
    }

    @WithSession
    public Uni<ReceiptView> get(Actor actor, long storeId, long id) {
        return stores.visible(actor, storeId).flatMap(s -> StockReceipt.<StockReceipt>findById(id)).flatMap(r -> {
            if (r == null || r.storeId != storeId) {
                throw ApiException.notFound("Receipt " + id);
            }
            return views(List.of(r)).map(v -> v.get(0));
        });
    }

    private Uni<List<ReceiptView>> views(List<StockReceipt> receipts) {
        if (receipts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Long> ids = receipts.stream().map(r -> r.id).toList();
        return StockReceiptItem.<StockReceiptItem>list("receiptId in ?1", Sort.by("id"), ids).flatMap(items -> {
            List<Long> batchIds = items.stream().map(i -> i.batchId).distinct().toList();
            return Entities.byIds(Batch.class, batchIds).map(batches -> {
                Map<Long, Batch> byId = new HashMap<>();
                batches.forEach(b -> byId.put(b.id, b));
                return receipts.stream().map(r -> {
                    List<StockReceiptItem> mine = items.stream().filter(i -> i.receiptId.equals(r.id)).toList();
                    return view(r, mine, mine.stream().map(i -> byId.get(i.batchId)).toList());
                }).toList();
            });
        });
    }

    private static ReceiptView view(StockReceipt r, List<StockReceiptItem> items, List<Batch> batches) {
        List<ReceiptItemView> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Batch b = batches.get(i);
            lines.add(new ReceiptItemView(b.id, b.medicineId, b.batchNumber, b.expiryDate, Money.of(b.mrp),
                    items.get(i).quantity));
        }
        return new ReceiptView(r.id, r.storeId, r.supplier, r.invoiceNumber, lines, r.createdAt, r.createdBy);
    }

    private static Map<String, Object> auditState(ReceiptView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("supplier", v.supplier());
        m.put("invoiceNumber", v.invoiceNumber());
        m.put("items", v.items().stream().map(i -> Map.of("batchId", i.batchId(), "quantity", i.quantity())).toList());
        return m;
    }
}
