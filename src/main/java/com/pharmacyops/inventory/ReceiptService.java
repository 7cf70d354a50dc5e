package com.pharmacyops.inventory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.inventory.InventoryDtos.CreateReceipt;
import com.pharmacyops.inventory.InventoryDtos.ReceiptItemView;
import com.pharmacyops.inventory.InventoryDtos.ReceiptLine;
import com.pharmacyops.inventory.InventoryDtos.ReceiptView;
import com.pharmacyops.inventory.ReceiptRepository.KnownBatch;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.security.Role;
import com.pharmacyops.platform.web.Money;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.store.StoreAccess;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Stock receipts: one atomic operation that creates unknown batches (an ADMIN's receipt only; anyone else's is a
 * 409), refuses expired ones (400) and known batches with another expiry or MRP (409), adds stock and writes a
 * RECEIPT movement per line.
 */
@ApplicationScoped
public class ReceiptService {

    public static final Map<String, String> SORTABLE = Map.of("createdAt", "r.created_at", "id", "id");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String SORT = "^(createdAt|id)(,(asc|desc))?$";

    private final Transactions transactions;
    private final ReceiptRepository receipts;
    private final StoreAccess stores;
    private final Ledger ledger;
    private final AuditLog audit;
    private final MeterRegistry metrics;
    private final Clock clock;

    public ReceiptService(Transactions transactions, ReceiptRepository receipts, StoreAccess stores, Ledger ledger,
            AuditLog audit, MeterRegistry metrics, Clock clock) {
        this.transactions = transactions;
        this.receipts = receipts;
        this.stores = stores;
        this.ledger = ledger;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Uni<ReceiptView> receive(Actor actor, long storeId, CreateReceipt req) {
        requireValidLines(req.items(), LocalDate.now(clock));
        List<Long> medicineIds = req.items().stream().map(ReceiptLine::medicineId).distinct().toList();
        return transactions.write(tx ->
                Uni.combine().all().unis(stores.requireActive(tx, storeId), receipts.medicines(tx, medicineIds),
                        receipts.batchesOf(tx, medicineIds)).asTuple()
                        .flatMap(t -> {
                            requireReceivable(req.items(), t.getItem2());
                            List<KnownBatch> resolved = resolve(req.items(), t.getItem3());
                            List<KnownBatch> unknown = resolved.stream().filter(b -> b.id() == 0).toList();
                            requireCatalogued(actor, unknown);
                            return Uni.combine().all().unis(receipts.createBatches(tx, unknown, actor.username()),
                                    receipts.insert(tx, storeId, req.supplier(), req.invoiceNumber(), actor.username()))
                                    .asTuple().flatMap(c -> record(tx, actor, storeId, req, withIds(resolved,
                                            c.getItem1()), c.getItem2()));
                        }));
    }

    private Uni<ReceiptView> record(Tx tx, Actor actor, long storeId,
            CreateReceipt req, List<KnownBatch> batches, ReceiptRepository.Header header) {
        List<ReceiptItemView> lines = new ArrayList<>();
        List<Ledger.Change> changes = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            KnownBatch b = batches.get(i);
            int quantity = req.items().get(i).quantity();
            lines.add(new ReceiptItemView(b.id(), b.medicineId(), b.batchNumber(), b.expiryDate(), Money.of(b.mrp()),
                    quantity));
            changes.add(new Ledger.Change(b.id(), b.medicineId(), quantity));
        }
        ReceiptView view = new ReceiptView(header.id(), storeId, req.supplier(), req.invoiceNumber(), lines,
                header.createdAt(), header.createdBy());
        List<Uni<Void>> events = new ArrayList<>();
        batches.stream().filter(b -> b.isNew()).forEach(b -> events.add(audit.append(tx, actor, AuditAction.CREATE, EntityType.BATCH,
                b.id(), null, batchState(b))));
        events.add(audit.append(tx, actor, AuditAction.RECEIVE, EntityType.STOCK_RECEIPT, header.id(), storeId, view.auditState()));
        Ledger.Cause cause = new Ledger.Cause(MovementReason.RECEIPT, null, "RECEIPT", header.id(), actor.username(),
                req.invoiceNumber());
        return Uni.combine().all().unis(receipts.insertItems(tx, header.id(), storeId, actor.username(),
                lines.stream().map(ReceiptItemView::batchId).toList(),
                lines.stream().map(ReceiptItemView::quantity).toList()),
                ledger.apply(tx, storeId, changes, cause)).asTuple()
                .flatMap(x -> tx.commitWith(Uni.combine().all().unis(events).discardItems()))
                .invoke(() -> metrics.counter("pharmacy.stock.receipts").increment())
                .map(x -> view);
    }

    /** Every receipt of the store with its lines, in {@code sort}'s order; 404 for a missing store. */
    public Uni<Chunks<ReceiptView, ReceiptView>> stream(long storeId, Sort sort) {
        return stores.requireExists(storeId).map(v -> receipts.stream(storeId, sort));
    }

    public Uni<PageResponse<ReceiptView>> list(Actor actor, long storeId, PageRequest page) {
        return transactions.read(tx -> Uni.combine().all().unis(stores.requireExists(tx, storeId),
                receipts.page(tx, storeId, page)).with((v, p) -> p));
    }

    public Uni<ReceiptView> get(Actor actor, long storeId, long id) {
        return transactions.read(tx -> tx.commitWith(receipts.find(tx, storeId, id))).map(r -> {
            if (r == null) {
                throw ApiException.notFound("Receipt " + id);
            }
            return r;
        });
    }

    private static void requireValidLines(List<ReceiptLine> lines, LocalDate today) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            ReceiptLine line = lines.get(i);
            if (!line.expiryDate().isAfter(today)) {
                throw ApiException.invalid("items[" + i + "].expiryDate", "the batch has expired");
            }
            if (!seen.add(line.medicineId() + "/" + line.batchNumber())) {
                throw ApiException.invalid("items[" + i + "].batchNumber", "the same batch is listed twice");
            }
        }
    }

    private static void requireReceivable(List<ReceiptLine> lines, List<ReceiptRepository.Medicine> found) {
        Map<Long, ReceiptRepository.Medicine> byId = new HashMap<>();
        found.forEach(m -> byId.put(m.id(), m));
        for (int i = 0; i < lines.size(); i++) {
            ReceiptRepository.Medicine m = byId.get(lines.get(i).medicineId());
            if (m == null) {
                throw ApiException.invalid("items[" + i + "].medicineId", "no such medicine");
            }
            if (!m.active()) {
                throw ApiException.conflict("Medicine " + m.sku() + " is inactive and takes no stock");
            }
        }
    }

    /**
     * Only an ADMIN brings a batch into the catalog (DESIGN §3); anyone else receives batches that exist. A rule on
     * the receipt's data, so it lives here and not in the access layer.
     */
    private static void requireCatalogued(Actor actor, List<KnownBatch> unknown) {
        if (!unknown.isEmpty() && !actor.is(Role.ADMIN)) {
            throw ApiException.conflict("Unknown batch(es) " + unknown.stream()
                    .map(b -> b.batchNumber() + " of medicine " + b.medicineId()).collect(Collectors.joining(", "))
                    + ": an administrator must create a batch before it can be received");
        }
    }

    /** The batch of each line: the known one if it matches (409 if it differs), else a new one (id 0). */
    private static List<KnownBatch> resolve(List<ReceiptLine> lines, List<KnownBatch> known) {
        Map<String, KnownBatch> byKey = new HashMap<>();
        known.forEach(b -> byKey.put(b.medicineId() + "/" + b.batchNumber(), b));
        List<KnownBatch> result = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ReceiptLine line = lines.get(i);
            KnownBatch b = byKey.get(line.medicineId() + "/" + line.batchNumber());
            if (b == null) {
                b = new KnownBatch(0, line.medicineId(), line.batchNumber(), line.expiryDate(), line.mrp(), true);
            } else if (!b.expiryDate().equals(line.expiryDate()) || b.mrp().compareTo(line.mrp()) != 0) {
                throw ApiException.conflict("Batch " + line.batchNumber() + " is known with expiry "
                        + b.expiryDate() + " and MRP " + Money.of(b.mrp()) + "; items[" + i + "] differs");
            }
            result.add(b);
        }
        return result;
    }

    /** The resolved batches with the ids of the ones just created (which come back in the order they were sent). */
    private static List<KnownBatch> withIds(List<KnownBatch> resolved, List<KnownBatch> created) {
        List<KnownBatch> result = new ArrayList<>();
        int next = 0;
        for (KnownBatch b : resolved) {
            result.add(b.id() != 0 ? b : created.get(next++).asNew());
        }
        return result;
    }

    private static Map<String, Object> batchState(KnownBatch b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("medicineId", b.medicineId());
        m.put("batchNumber", b.batchNumber());
        m.put("expiryDate", b.expiryDate().toString());
        m.put("mrp", b.mrp());
        m.put("manufacturedOn", null);
        return m;
    }
}
