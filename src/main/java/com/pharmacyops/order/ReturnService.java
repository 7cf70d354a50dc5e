package com.pharmacyops.order;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.inventory.Ledger;
import com.pharmacyops.inventory.MovementReason;
import com.pharmacyops.order.OrderRows.Order;
import com.pharmacyops.order.ReturnDtos.ReturnRequest;
import com.pharmacyops.order.ReturnDtos.ReturnView;
import com.pharmacyops.order.ReturnRows.Portion;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Customer returns of CONFIRMED orders. One transaction: first, together, the lock of the order row (so returns
 * and a cancellation of one order queue, and a line never returns more than was sold), the lock of the stock rows
 * of the order's batches in stock-id order (the lock order of every stock writer), and, read after both, the
 * allocations with what was returned of them and their batches' state. The plan is decided in memory
 * ({@link ReturnPlan}); then the return and its lines; then the CUSTOMER_RETURN movements of restocked units, the
 * audit event and COMMIT. Any refusal rolls back, having changed nothing.
 */
@ApplicationScoped
public class ReturnService {

    public static final Map<String, String> SORTABLE = Map.of("createdAt", "r.created_at", "id", "id");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String SORT = "^(createdAt|id)(,(asc|desc))?$";

    private final Transactions transactions;
    private final OrderRepository orders;
    private final ReturnRepository returns;
    private final Ledger ledger;
    private final AuditLog audit;
    private final Clock clock;
    private final MeterRegistry metrics;

    public ReturnService(Transactions transactions, OrderRepository orders, ReturnRepository returns, Ledger ledger,
            AuditLog audit, Clock clock, MeterRegistry metrics) {
        this.transactions = transactions;
        this.orders = orders;
        this.returns = returns;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
        this.metrics = metrics;
    }

    public Uni<ReturnView> create(Actor actor, long storeId, long orderId, ReturnRequest req) {
        ReturnPlan.requireOneLinePerItem(req.items());
        LocalDate today = LocalDate.now(clock);
        return transactions.write(tx -> Uni.combine().all()
                .unis(orders.lock(tx, storeId, orderId), orders.items(tx, storeId, List.of(orderId)),
                        ledger.lockForAllocations(tx, storeId, orderId), returns.sold(tx, storeId, orderId))
                .asTuple().flatMap(t -> {
                    Order o = OrderChecks.found(t.getItem1(), orderId).order();
                    if (o.status() != OrderStatus.CONFIRMED) {
                        throw ApiException.conflict("Order " + o.orderNumber() + " is " + o.status()
                                + "; only a CONFIRMED order takes returns");
                    }
                    List<Portion> portions = ReturnPlan.portions(req.items(), t.getItem2(), t.getItem4(), today);
                    BigDecimal refund = ReturnPlan.refund(portions);
                    List<Ledger.Delta> back = restock(portions, t.getItem3());
                    return returns.insert(tx, storeId, orderId, req.reason(), refund, actor.username(), portions)
                            .flatMap(h -> {
                                ReturnView view = new ReturnView(h.id(), orderId, req.reason(),
                                        ReturnRepository.items(portions), refund, h.createdAt(), h.createdBy());
                                Ledger.Cause cause = new Ledger.Cause(MovementReason.CUSTOMER_RETURN, null, "RETURN",
                                        h.id(), actor.username(), req.reason());
                                return tx.commitWith(Uni.combine().all().unis(ledger.write(tx, storeId, back, cause),
                                        audit.append(tx, actor, AuditAction.RETURN, EntityType.ORDER, orderId, storeId,
                                                changes(view))).discardItems()).replaceWith(view);
                            });
                }))
                .invoke(v -> metrics.counter("pharmacy.orders.returns").increment());
    }

    public Uni<PageResponse<ReturnView>> list(long storeId, long orderId, PageRequest page) {
        return transactions.read(tx -> Uni.combine().all()
                .unis(orders.find(tx, storeId, orderId), returns.page(tx, storeId, orderId, page)).asTuple()
                .map(t -> {
                    if (t.getItem1() == null) {
                        throw ApiException.notFound("Order " + orderId);
                    }
                    return t.getItem2();
                }));
    }

    public Uni<ReturnView> get(long storeId, long orderId, long returnId) {
        return transactions.read(tx -> tx.commitWith(returns.find(tx, storeId, orderId, returnId))).map(r -> {
            if (r == null) {
                throw ApiException.notFound("Return " + returnId + " of order " + orderId);
            }
            return r;
        });
    }

    /** The restocked units, summed per stock row (locked by the caller), in stock-id order. */
    private static List<Ledger.Delta> restock(List<Portion> portions, List<Ledger.Locked> rows) {
        Map<Long, Long> stockOf = new HashMap<>();
        rows.forEach(r -> stockOf.put(r.batchId(), r.stockId()));
        Map<Long, Integer> back = new TreeMap<>();
        for (Portion p : portions) {
            if (p.restock()) {
                Long stockId = stockOf.get(p.batchId());
                if (stockId == null) {
                    throw new IllegalStateException("No stock row of batch " + p.batchId() + " it was sold from");
                }
                back.merge(stockId, p.quantity(), Integer::sum);
            }
        }
        List<Ledger.Delta> deltas = new ArrayList<>();
        back.forEach((stockId, quantity) -> deltas.add(new Ledger.Delta(stockId, quantity)));
        return deltas;
    }

    /** The audit record of a return: on the order, whose history it belongs to. */
    private static Map<String, Object> changes(ReturnView view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("returnId", view.id());
        m.put("reason", view.reason());
        m.put("items", view.items());
        m.put("refund", view.refund());
        return m;
    }
}
