package com.pharmacyops.order;

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
import com.pharmacyops.order.OrderDtos.OrderFilter;
import com.pharmacyops.order.OrderDtos.OrderLine;
import com.pharmacyops.order.OrderDtos.OrderRequest;
import com.pharmacyops.order.OrderDtos.OrderView;
import com.pharmacyops.order.OrderRows.Item;
import com.pharmacyops.order.OrderRows.Order;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.error.ErrorKind;
import com.pharmacyops.platform.idempotency.Idempotency;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.persistence.Keyset;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.store.StoreAccess;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.panache.common.Sort;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * The order lifecycle. Every transition is one transaction that first locks the order row, so two requests on
 * one order are serialized; confirmation and cancellation lock the stock they touch in the same round trip, in
 * stock-id order (see {@link Ledger}), then write everything together with the COMMIT.
 */
@ApplicationScoped
public class OrderService {

    public static final Map<String, String> SORTABLE = Map.of("createdAt", "o.created_at", "id", "id",
            "orderNumber", "o.order_number", "status", "o.status");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String SORT = "^(createdAt|id|orderNumber|status)(,(asc|desc))?$";
    private final Transactions transactions;
    private final OrderRepository orders;
    private final OrderNumbers numbers;
    private final Confirmation confirmation;
    private final StoreAccess stores;
    private final Ledger ledger;
    private final AuditLog audit;
    private final MeterRegistry metrics;
    private final ConfirmationGroups groups;
    private final Idempotency idempotency;
    private final ReturnRepository returns;

    public OrderService(Transactions transactions, OrderRepository orders, OrderNumbers numbers,
            Confirmation confirmation, StoreAccess stores, Ledger ledger, AuditLog audit, MeterRegistry metrics,
            ConfirmationGroups groups, Idempotency idempotency, ReturnRepository returns) {
        this.returns = returns;
        this.groups = groups;
        this.idempotency = idempotency;
        this.transactions = transactions;
        this.orders = orders;
        this.numbers = numbers;
        this.confirmation = confirmation;
        this.stores = stores;
        this.ledger = ledger;
        this.audit = audit;
        this.metrics = metrics;
    }

    public Uni<OrderView> create(Actor actor, long storeId, OrderRequest req) {
        requireOneLinePerMedicine(req.items());
        // One round trip: the statement writes nothing unless every check passes, so it commits either way.
        return numbers.next(storeId).flatMap(number -> {
            if (number == null) {
                throw ApiException.notFound("Store " + storeId);
            }
            return transactions.write(tx -> tx.commitWith(orders.insert(tx, storeId, number, actor.username(), req))
                    .map(created -> {
                        OrderChecks.requireWritten(storeId, created);
                        return OrderViews.of(created.order(), created.items(), List.of());
                    }));
        })
                .invoke(() -> metrics.counter("pharmacy.orders.created").increment());
    }

    public Uni<OrderView> replace(Actor actor, long storeId, long orderId, Long ifMatch, OrderRequest req) {
        requireOneLinePerMedicine(req.items());
        List<Long> medicineIds = req.items().stream().map(OrderLine::medicineId).toList();
        return transactions.write(tx -> Uni.combine().all()
                .unis(orders.lock(tx, storeId, orderId), orders.medicines(tx, medicineIds)).asTuple()
                .flatMap(found -> {
                    Order o = OrderChecks.writable(found.getItem1(), orderId);
                    OrderChecks.requireCreated(o, "replaced");
                    if (ifMatch != null && ifMatch != o.version()) {
                        throw new ApiException(ErrorKind.PRECONDITION_FAILED,
                                "The order changed (version " + o.version() + "); reload it and retry");
                    }
                    Map<Long, OrderRows.Medicine> medicines = OrderChecks.orderable(req.items(), found.getItem2());
                    return tx.commitWith(Uni.combine().all().unis(orders.replace(tx, o, actor.username(), req),
                            audit.append(tx, actor, AuditAction.UPDATE, EntityType.ORDER, orderId, storeId, replaced(o, req)))
                            .with((r, x) -> OrderViews.of(r.order(), items(r, req, medicines), List.of())));
                }));
    }

    public Uni<Void> delete(Actor actor, long storeId, long orderId) {
        return transactions.write(tx -> orders
                .lock(tx, storeId, orderId).flatMap(locked -> {
                    Order o = OrderChecks.found(locked, orderId).order();
                    OrderChecks.requireCreated(o, "deleted");
                    Map<String, Object> state = o.auditState();
                    return tx.commitWith(Uni.combine().all().unis(orders.delete(tx, o),
                            audit.append(tx, actor, AuditAction.DELETE, EntityType.ORDER, orderId, storeId, state)).discardItems());
                }));
    }

    /**
     * Confirms in the store's next group ({@link ConfirmationGroups}), or alone when grouping is off. Either way
     * the response of an idempotent request is recorded in the transaction that confirms.
     */
    public Uni<OrderView> confirm(Actor actor, long storeId, long orderId) {
        Timer.Sample latency = Timer.start(metrics);
        Long claim = Idempotency.pending();
        return (groups.enabled() ? groups.submit(actor, storeId, orderId, claim) : alone(actor, storeId, orderId, claim))
                .invoke(view -> {
                    latency.stop(metrics.timer("pharmacy.orders.confirmation"));
                    metrics.counter("pharmacy.orders.confirmed").increment();
                });
    }

    /** One order in its own transaction; with a claim, the work joins the transaction that records it. */
    private Uni<OrderView> alone(Actor actor, long storeId, long orderId, Long claim) {
        if (claim == null) {
            return transactions.write(tx -> confirmation.run(tx, actor, storeId, orderId));
        }
        return transactions.write(tx -> transactions.write(joined -> confirmation.run(joined, actor, storeId, orderId))
                .flatMap(view -> tx.commitWith(idempotency.complete(tx, claim, 200, view, null)).replaceWith(view)));
    }

    /** A CONFIRMED order's allocations go back to their batches, less what customers returned of each. */
    public Uni<OrderView> cancel(Actor actor, long storeId, long orderId, String reason) {
        return transactions.write(tx -> Uni.combine().all()
                .unis(orders.lock(tx, storeId, orderId), orders.items(tx, storeId, List.of(orderId)),
                        orders.allocations(tx, storeId, List.of(orderId)),
                        ledger.lockForAllocations(tx, storeId, orderId), returns.sold(tx, storeId, orderId))
                .asTuple().flatMap(t -> {
                    Order o = OrderChecks.found(t.getItem1(), orderId).order();
                    OrderChecks.requireCancellable(actor, o);
                    List<OrderRows.Allocation> rest = ReturnPlan.unreturned(t.getItem5(), orderId);
                    if (o.status() == OrderStatus.CONFIRMED && rest.isEmpty()) {
                        throw ApiException.conflict("Order " + o.orderNumber()
                                + " was fully returned and cannot be cancelled");
                    }
                    List<Ledger.Delta> back = OrderChecks.restock(rest, t.getItem4());
                    Map<String, Object> changes = new LinkedHashMap<>();
                    changes.put("status", Map.of("from", o.status(), "to", OrderStatus.CANCELLED));
                    changes.put("reason", reason);
                    Ledger.Cause cause = new Ledger.Cause(MovementReason.SALE_CANCELLATION, null, "ORDER", orderId,
                            actor.username(), reason);
                    return tx.commitWith(Uni.combine().all().unis(ledger.write(tx, storeId, back, cause),
                            orders.cancel(tx, o, actor.username(), reason),
                            audit.append(tx, actor, AuditAction.CANCEL, EntityType.ORDER, orderId, storeId, changes))
                            .with((m, cancelled, x) -> cancelled))
                            .invoke(x -> metrics.counter("pharmacy.orders.cancelled", "from", o.status().name())
                                    .increment())
                            .map(cancelled -> OrderViews.of(cancelled, t.getItem2(), t.getItem3(),
                                    ReturnPlan.returned(t.getItem5(), orderId)));
                }));
    }

    public Uni<OrderView> get(Actor actor, long storeId, long orderId) {
        return transactions.read(tx -> tx.commitWith(Uni.combine().all().unis(orders.find(tx, storeId, orderId),
                orders.items(tx, storeId, List.of(orderId)), orders.allocations(tx, storeId, List.of(orderId)),
                returns.returned(tx, storeId, List.of(orderId))).asTuple())
                .map(t -> {
                    if (t.getItem1() == null) {
                        throw ApiException.notFound("Order " + orderId);
                    }
                    return OrderViews.of(t.getItem1(), t.getItem2(), t.getItem3(), t.getItem4());
                }));
    }

    /** Every matching order of the store with its items, in {@code sort}'s order; 404 for a missing store. */
    public Uni<Chunks<OrderView, OrderView>> stream(long storeId, OrderFilter f, Sort sort) {
        return stores.requireExists(storeId)
                .map(v -> orders.stream(storeId, f, sort, (tx, ids) -> returns.returned(tx, storeId, ids)));
    }

    public Uni<PageResponse<OrderView>> list(Actor actor, long storeId, OrderFilter f, PageRequest page) {
        return transactions.read(tx -> Uni.combine().all()
                .unis(stores.requireExists(tx, storeId), orders.page(tx, storeId, f, page)).asTuple()
                .flatMap(found -> {
                    Keyset.Slice<Order> p = found.getItem2();
                    List<Long> ids = p.items().stream().map(Order::id).toList();
                    return tx.commitWith(Uni.combine().all().unis(orders.items(tx, storeId, ids),
                            orders.allocations(tx, storeId, ids), returns.returned(tx, storeId, ids))
                            .asTuple()).map(t -> p.response(page, OrderViews.of(p.items(), t.getItem1(),
                                    t.getItem2(), t.getItem3())));
                }));
    }

    private static void requireOneLinePerMedicine(List<OrderLine> lines) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!seen.add(lines.get(i).medicineId())) {
                throw ApiException.invalid("items[" + i + "].medicineId", "one line per medicine");
            }
        }
    }

    /** The audit record of a replacement: the fields it changes and the new lines. */
    private static Map<String, Object> replaced(Order before, OrderRequest req) {
        Map<String, Object> after = before.auditState();
        after.put("customerName", req.customerName());
        after.put("customerPhone", req.customerPhone());
        after.put("prescriptionReference", req.prescriptionReference());
        Map<String, Object> changes = AuditLog.diff(before.auditState(), after);
        changes.put("items", req.items());
        return changes;
    }

    private static List<Item> items(OrderRepository.Replaced r, OrderRequest req, Map<Long, OrderRows.Medicine> m) {
        return java.util.stream.IntStream.range(0, req.items().size()).mapToObj(i -> {
            OrderLine line = req.items().get(i);
            OrderRows.Medicine medicine = m.get(line.medicineId());
            return new Item(r.itemIds().get(i), r.order().id(), line.medicineId(), line.quantity(), medicine.name(),
                    medicine.prescriptionRequired());
        }).toList();
    }
}
