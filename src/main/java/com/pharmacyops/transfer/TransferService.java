package com.pharmacyops.transfer;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.inventory.Ledger;
import com.pharmacyops.inventory.MovementReason;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Sql;
import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.store.StoreAccess;
import com.pharmacyops.transfer.TransferDtos.CreateTransfer;
import com.pharmacyops.transfer.TransferDtos.ReceiveTransfer;
import com.pharmacyops.transfer.TransferDtos.ReceivedLine;
import com.pharmacyops.transfer.TransferDtos.TransferFilter;
import com.pharmacyops.transfer.TransferDtos.TransferItemView;
import com.pharmacyops.transfer.TransferDtos.TransferLine;
import com.pharmacyops.transfer.TransferDtos.TransferView;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Transfers between stores, each step one transaction that changes one store's stock through the {@link Ledger}:
 * dispatch takes it out of the source (all lines or none, 409 with shortages), receipt puts what arrived into the
 * destination and records the rest as lost in transit, cancellation puts it all back into the source. Receipt and
 * cancellation lock the transfer row before any stock row, so of two racing, one wins and the other sees its state.
 */
@ApplicationScoped
public class TransferService {

    public static final Map<String, String> SORTABLE = Map.of("dispatchedAt", "t.dispatched_at", "id", "id");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String SORT = "^(dispatchedAt|id)(,(asc|desc))?$";
    static final String DEFAULT_SORT = "dispatchedAt,desc";

    private final Transactions transactions;
    private final TransferRepository transfers;
    private final StoreAccess stores;
    private final Ledger ledger;
    private final AuditLog audit;
    private final Clock clock;

    public TransferService(Transactions transactions, TransferRepository transfers, StoreAccess stores, Ledger ledger,
            AuditLog audit, Clock clock) {
        this.transactions = transactions;
        this.transfers = transfers;
        this.stores = stores;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<TransferView> dispatch(Actor actor, long from, CreateTransfer req) {
        requireValid(from, req);
        List<Long> batchIds = req.items().stream().map(TransferLine::batchId).toList();
        LocalDate today = LocalDate.now(clock);
        return transactions.write(tx -> Uni.combine().all().unis(stores.requireActive(tx, from),
                transfers.store(tx, req.toStoreId()), transfers.batches(tx, batchIds)).asTuple().flatMap(t -> {
                    requireDestination(t.getItem2());
                    List<TransferRepository.Batch> batches = movable(req.items(), t.getItem3(), today);
                    List<Integer> quantities = req.items().stream().map(TransferLine::quantity).toList();
                    List<Long> medicines = batches.stream().map(TransferRepository.Batch::medicineId).toList();
                    return transfers.insert(tx, from, req.toStoreId(), req.note(), actor.username(), batchIds,
                            medicines, quantities).flatMap(h -> {
                                List<Ledger.Change> out = new ArrayList<>();
                                List<TransferItemView> lines = new ArrayList<>();
                                for (int i = 0; i < batches.size(); i++) {
                                    TransferRepository.Batch b = batches.get(i);
                                    out.add(new Ledger.Change(b.id(), b.medicineId(), -quantities.get(i)));
                                    lines.add(new TransferItemView(b.id(), b.medicineId(), b.batchNumber(),
                                            quantities.get(i), null, null));
                                }
                                TransferView view = new TransferView(h.id(), from, req.toStoreId(),
                                        TransferStatus.DISPATCHED, req.note(), lines, h.dispatchedAt(),
                                        actor.username(), null, null, null, null);
                                return ledger.apply(tx, from, out, cause(MovementReason.TRANSFER_OUT, h.id(), actor,
                                        req.note()))
                                        .flatMap(m -> tx.commitWith(audit.append(tx, actor, AuditAction.DISPATCH,
                                                EntityType.TRANSFER, h.id(), from, view.auditState())))
                                        .map(x -> view);
                            });
                }));
    }

    public Uni<TransferView> receive(Actor actor, long to, long id, ReceiveTransfer req) {
        return transactions.write(tx -> Uni.combine().all().unis(transfers.lock(tx, id, "to_store_id", to),
                transfers.store(tx, to)).asTuple().flatMap(t -> {
                    TransferView before = dispatched(t.getItem1(), id);
                    if (t.getItem2() != null && !t.getItem2().active()) {
                        throw ApiException.conflict("Store " + t.getItem2().code()
                                + " is inactive and takes no new stock; the source can cancel the transfer");
                    }
                    List<TransferItemView> lines = arrived(before.items(), req == null ? null : req.items());
                    List<Ledger.Change> in = lines.stream().filter(l -> l.receivedQuantity() > 0)
                            .map(l -> new Ledger.Change(l.batchId(), l.medicineId(), l.receivedQuantity())).toList();
                    return ledger.apply(tx, to, in, cause(MovementReason.TRANSFER_IN, id, actor, null))
                            .flatMap(m -> tx.commitWith(Uni.combine().all().unis(
                                    transfers.received(tx, id, lines.stream().map(TransferItemView::batchId).toList(),
                                            lines.stream().map(TransferItemView::receivedQuantity).toList(),
                                            actor.username()),
                                    audit.append(tx, actor, AuditAction.RECEIVE, EntityType.TRANSFER, id, to,
                                            changes(before, TransferStatus.RECEIVED, lines)))
                                    .with((at, x) -> at)))
                            .map(at -> new TransferView(id, before.fromStoreId(), to, TransferStatus.RECEIVED,
                                    before.note(), lines, before.dispatchedAt(), before.dispatchedBy(), at,
                                    actor.username(), null, null));
                }));
    }

    public Uni<TransferView> cancel(Actor actor, long from, long id) {
        return transactions.write(tx -> transfers.lock(tx, id, "from_store_id", from).flatMap(found -> {
            TransferView before = dispatched(found, id);
            List<Ledger.Change> back = before.items().stream()
                    .map(l -> new Ledger.Change(l.batchId(), l.medicineId(), l.quantity())).toList();
            return ledger.apply(tx, from, back, cause(MovementReason.TRANSFER_CANCELLATION, id, actor, null))
                    .flatMap(m -> tx.commitWith(Uni.combine().all().unis(transfers.cancelled(tx, id, actor.username()),
                            audit.append(tx, actor, AuditAction.CANCEL, EntityType.TRANSFER, id, from,
                                    changes(before, TransferStatus.CANCELLED, null)))
                            .with((at, x) -> at)))
                    .map(at -> new TransferView(id, from, before.toStoreId(), TransferStatus.CANCELLED, before.note(),
                            before.items(), before.dispatchedAt(), before.dispatchedBy(), null, null, at,
                            actor.username()));
        }));
    }

    public Uni<PageResponse<TransferView>> list(long storeId, TransferFilter f, PageRequest page) {
        return transactions.read(tx -> tx.commitWith(Uni.combine().all().unis(stores.requireExists(tx, storeId),
                transfers.page(tx, transfers.list(storeId, f), page)).with((v, p) -> p)));
    }

    /** Every match, through a cursor; the store's existence is checked first, so a 404 precedes the stream. */
    public Uni<Chunks<Row, TransferView>> stream(long storeId, TransferFilter f, Sort sort) {
        return transactions.read(tx -> tx.commitWith(stores.requireExists(tx, storeId))).map(v -> {
            Sql q = transfers.list(storeId, f).ordered(PageRequest.sqlOrder(sort, "t.id"));
            return Chunks.of(transactions.fetches(q.text(), q.args()), TransferRepository::view, null);
        });
    }

    /** A transfer of either store; a third store's path finds nothing (404). */
    public Uni<TransferView> get(long storeId, long id) {
        return transactions.read(tx -> tx.commitWith(transfers.find(tx, id, storeId))).map(t -> {
            if (t == null) {
                throw ApiException.notFound("Transfer " + id);
            }
            return t;
        });
    }

    private static Ledger.Cause cause(MovementReason reason, long id, Actor actor, String note) {
        return new Ledger.Cause(reason, null, "TRANSFER", id, actor.username(), note);
    }

    private static TransferView dispatched(TransferView t, long id) {
        if (t == null) {
            throw ApiException.notFound("Transfer " + id);
        }
        if (t.status() != TransferStatus.DISPATCHED) {
            throw ApiException.conflict("Transfer " + id + " is " + t.status() + "; only a DISPATCHED one can change");
        }
        return t;
    }

    private static void requireValid(long from, CreateTransfer req) {
        if (req.toStoreId() == from) {
            throw ApiException.invalid("toStoreId", "must be another store than the source");
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < req.items().size(); i++) {
            if (!seen.add(req.items().get(i).batchId())) {
                throw ApiException.invalid("items[" + i + "].batchId", "the same batch is listed twice");
            }
        }
    }

    private static void requireDestination(TransferRepository.Store to) {
        if (to == null) {
            throw ApiException.invalid("toStoreId", "no such store");
        }
        if (!to.active()) {
            throw ApiException.conflict("Store " + to.code() + " is inactive and takes no new stock");
        }
    }

    /** The batch of each line, in line order: known (400), not held or recalled (409), not expired (409). */
    private static List<TransferRepository.Batch> movable(List<TransferLine> lines, List<TransferRepository.Batch> found,
            LocalDate today) {
        Map<Long, TransferRepository.Batch> byId = new HashMap<>();
        found.forEach(b -> byId.put(b.id(), b));
        List<TransferRepository.Batch> result = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            TransferRepository.Batch b = byId.get(lines.get(i).batchId());
            if (b == null) {
                throw ApiException.invalid("items[" + i + "].batchId", "no such batch");
            }
            result.add(b);
        }
        for (TransferRepository.Batch b : result) {
            if (!b.status().equals("ACTIVE")) {
                throw ApiException.conflict("Batch " + b.batchNumber() + " is " + b.status() + " and cannot travel");
            }
            if (!b.expiryDate().isAfter(today)) {
                throw ApiException.conflict("Batch " + b.batchNumber() + " expired on " + b.expiryDate()
                        + "; write it off with an adjustment instead of transferring it");
            }
        }
        return result;
    }

    /** Each line with what arrived: as listed (at most what was sent, 400), in full when not listed. */
    private static List<TransferItemView> arrived(List<TransferItemView> sent, List<ReceivedLine> listed) {
        Map<Long, Integer> received = new HashMap<>();
        Map<Long, Integer> sentByBatch = new HashMap<>();
        sent.forEach(l -> sentByBatch.put(l.batchId(), l.quantity()));
        for (int i = 0; listed != null && i < listed.size(); i++) {
            ReceivedLine l = listed.get(i);
            Integer quantity = sentByBatch.get(l.batchId());
            if (quantity == null) {
                throw ApiException.invalid("items[" + i + "].batchId", "not a line of this transfer");
            }
            if (received.put(l.batchId(), l.receivedQuantity()) != null) {
                throw ApiException.invalid("items[" + i + "].batchId", "the same batch is listed twice");
            }
            if (l.receivedQuantity() > quantity) {
                throw ApiException.invalid("items[" + i + "].receivedQuantity", "must be at most the " + quantity
                        + " dispatched");
            }
        }
        return sent.stream().map(l -> {
            int got = received.getOrDefault(l.batchId(), l.quantity());
            return new TransferItemView(l.batchId(), l.medicineId(), l.batchNumber(), l.quantity(), got,
                    l.quantity() - got);
        }).toList();
    }

    private static Map<String, Object> changes(TransferView before, TransferStatus to, List<TransferItemView> lines) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", Map.of("from", before.status(), "to", to));
        if (lines != null) {
            m.put("items", lines.stream().map(l -> Map.of("batchId", l.batchId(), "receivedQuantity",
                    l.receivedQuantity(), "lostQuantity", l.lostQuantity())).toList());
        }
        return m;
    }
}
