package com.pharmacyops.order;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;


import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.inventory.Ledger;
import com.pharmacyops.inventory.MovementReason;
import com.pharmacyops.order.OrderDtos.OrderView;
import com.pharmacyops.order.OrderRows.Item;
import com.pharmacyops.order.OrderRows.Locked;
import com.pharmacyops.order.OrderRows.Order;
import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.security.Actor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Confirmation in two round trips. First, together: lock the order row, read its lines, lock the store's
 * sellable stock rows of its medicines in stock-id order (the lines are read by the lock statement itself, so
 * nothing waits for an answer). Then, after the rules and the FEFO allocation decided in memory: the
 * deductions with their ledger rows, the allocations with the order's new state, the audit event and COMMIT.
 * Any refusal (404, 409, 403, shortages) rolls back, having changed nothing.
 */
@ApplicationScoped
class Confirmation {

    private final OrderRepository orders;
    private final Ledger ledger;
    private final AuditLog audit;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final int minShelfLifeDays;

    Confirmation(OrderRepository orders, Ledger ledger, AuditLog audit, MeterRegistry metrics, Clock clock,
            PharmacyConfig config) {
        this.orders = orders;
        this.ledger = ledger;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.minShelfLifeDays = config.orders().minShelfLifeDays();
    }

    Uni<OrderView> run(Tx tx, Actor actor, long storeId, long orderId) {
        LocalDate sellableAfter = LocalDate.now(clock).plusDays(minShelfLifeDays);
        Timer.Sample wait = Timer.start(metrics);
        return Uni.combine().all().unis(orders.lock(tx, storeId, orderId), orders.items(tx, storeId, List.of(orderId)),
                ledger.lockForOrder(tx, storeId, orderId, sellableAfter)
                        .invoke(rows -> wait.stop(metrics.timer("pharmacy.orders.lock.wait"))))
                .asTuple()
                .flatMap(t -> sell(tx, actor, t.getItem1(), orderId, t.getItem2(), t.getItem3(), sellableAfter));
    }

    private Uni<OrderView> sell(Tx tx, Actor actor, Locked locked, long orderId, List<Item> items,
            List<Ledger.Sellable> rows, LocalDate sellableAfter) {
        Order o = OrderChecks.writable(locked, orderId);
        OrderChecks.requireCreated(o, "confirmed");
        OrderChecks.checkPrescription(actor, o, items);
        List<FefoAllocator.Line> lines = items.stream()
                .map(i -> new FefoAllocator.Line(i.id(), i.medicineId(), i.quantity())).toList();
        FefoAllocator.Result r = FefoAllocator.allocate(lines, rows, sellableAfter);
        if (!r.filled()) {
            metrics.counter("pharmacy.orders.shortages").increment();
            throw ApiException.shortage("Not enough sellable stock for " + r.shortages().size() + " line(s)",
                    r.shortages());
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("status", Map.of("from", OrderStatus.CREATED, "to", OrderStatus.CONFIRMED));
        changes.put("total", r.total());
        Ledger.Cause cause = new Ledger.Cause(MovementReason.SALE, null, "ORDER", o.id(), actor.username(), null);
        return tx.commitWith(Uni.combine().all().unis(ledger.write(tx, o.storeId(), r.deductions(), cause),
                orders.confirm(tx, o, actor.username(), r.total(), r.allocations()),
                audit.append(tx, actor, AuditAction.CONFIRM, EntityType.ORDER, o.id(), o.storeId(), changes))
                .with((movements, confirmed, x) -> confirmed))
                .map(confirmed -> OrderViews.of(confirmed, items,
                        OrderViews.allocations(confirmed, r.allocations(), items)));
    }
}
