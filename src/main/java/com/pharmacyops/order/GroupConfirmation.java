package com.pharmacyops.order;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import com.pharmacyops.platform.idempotency.Idempotency;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.security.Actor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * The confirmation of a group of orders of one store in the caller's transaction, in the same two bursts as one
 * order's ({@link Confirmation}). First, together: lock the group's order rows (id order), read their lines, lock
 * the union of their medicines' sellable stock rows (stock-id order). Then each order is decided in arrival order
 * on what the earlier ones left: the same rules and FEFO allocation as alone, and a refused order gets its own
 * problem and writes nothing. Last, together with COMMIT: every confirmed order's deductions and movements (one
 * statement), allocations and new state (one statement), audit events, and the response of each idempotent
 * request (then COMMIT waits for the orders' new versions, so it is one more round trip).
 */
@ApplicationScoped
class GroupConfirmation {

    /** A confirmation to decide: who asks, which order, and the idempotency claim to complete, if any. */
    record Request(Actor actor, long orderId, Long claim) {
    }

    /** Each request's answer: its order, or the refusal it gets. */
    record Outcome(OrderView view, ApiException refusal) {
    }

    private record Sold(int index, Request request, Order order, List<Item> items, FefoAllocator.Result result) {
    }

    private final OrderRepository orders;
    private final Ledger ledger;
    private final AuditLog audit;
    private final Idempotency idempotency;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final int minShelfLifeDays;

    GroupConfirmation(OrderRepository orders, Ledger ledger, AuditLog audit, Idempotency idempotency,
            MeterRegistry metrics, Clock clock, PharmacyConfig config) {
        this.orders = orders;
        this.ledger = ledger;
        this.audit = audit;
        this.idempotency = idempotency;
        this.metrics = metrics;
        this.clock = clock;
        this.minShelfLifeDays = config.orders().minShelfLifeDays();
    }

    /** The outcomes in the requests' order; the transaction commits whatever they are. */
    Uni<List<Outcome>> run(Tx tx, long storeId, List<Request> requests) {
        LocalDate sellableAfter = LocalDate.now(clock).plusDays(minShelfLifeDays);
        List<Long> ids = List.copyOf(new LinkedHashSet<>(requests.stream().map(Request::orderId).toList()));
        Timer.Sample wait = Timer.start(metrics);
        return Uni.combine().all().unis(orders.lockAll(tx, storeId, ids), orders.items(tx, storeId, ids),
                ledger.lockForOrders(tx, storeId, ids, sellableAfter).invoke(rows -> requests.forEach(
                        r -> wait.stop(metrics.timer("pharmacy.orders.lock.wait")))))
                .asTuple()
                .flatMap(t -> write(tx, storeId, requests, decide(requests, t.getItem1(), t.getItem2(),
                        t.getItem3(), sellableAfter)));
    }

    /** What each request gets on the locked rows, in arrival order; the sold orders' quantities are spent. */
    private List<Object> decide(List<Request> requests, Map<Long, Locked> locked, List<Item> items,
            List<Ledger.Sellable> rows, LocalDate sellableAfter) {
        Map<Long, List<Item>> itemsOf = new HashMap<>();
        items.forEach(i -> itemsOf.computeIfAbsent(i.orderId(), k -> new ArrayList<>()).add(i));
        Map<Long, Integer> left = new HashMap<>();
        rows.forEach(r -> left.put(r.stockId(), r.quantity()));
        Set<Long> sold = new HashSet<>();
        List<Object> decided = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            try {
                Order o = OrderChecks.writable(locked.get(r.orderId()), r.orderId());
                if (sold.contains(o.id())) {
                    // The same order twice in a group: the second sees what the first did.
                    throw ApiException.conflict("Order " + o.orderNumber() + " is " + OrderStatus.CONFIRMED
                            + " and cannot be confirmed");
                }
                OrderChecks.requireCreated(o, "confirmed");
                List<Item> its = itemsOf.getOrDefault(o.id(), List.of());
                OrderChecks.checkPrescription(r.actor(), o, its);
                FefoAllocator.Result result = FefoAllocator.allocate(lines(its), remaining(rows, left), sellableAfter);
                if (!result.filled()) {
                    metrics.counter("pharmacy.orders.shortages").increment();
                    throw ApiException.shortage("Not enough sellable stock for " + result.shortages().size()
                            + " line(s)", result.shortages());
                }
                result.deductions().forEach(d -> left.merge(d.stockId(), d.delta(), Integer::sum));
                sold.add(o.id());
                decided.add(new Sold(i, r, o, its, result));
            } catch (ApiException refusal) {
                decided.add(refusal);
            }
        }
        return decided;
    }

    private Uni<List<Outcome>> write(Tx tx, long storeId, List<Request> requests, List<Object> decided) {
        List<Sold> sold = decided.stream().filter(Sold.class::isInstance).map(Sold.class::cast).toList();
        if (sold.isEmpty()) {
            return tx.commitWith(Uni.createFrom().item(outcomes(decided, Map.of())));
        }
        List<Ledger.Entry> entries = new ArrayList<>();
        List<OrderRepository.Confirming> confirming = new ArrayList<>();
        List<Uni<Void>> writes = new ArrayList<>();
        for (Sold s : sold) {
            String actor = s.request().actor().username();
            s.result().deductions().forEach(d -> entries.add(new Ledger.Entry(d.stockId(), d.delta(), s.order().id(),
                    actor)));
            confirming.add(new OrderRepository.Confirming(s.order().id(), actor, s.result().total(),
                    s.result().allocations()));
        }
        writes.add(ledger.writeEach(tx, storeId, MovementReason.SALE, "ORDER", entries).replaceWithVoid());
        Uni<Map<Long, Order>> confirmed = orders.confirmAll(tx, storeId, confirming).memoize().indefinitely();
        writes.add(confirmed.replaceWithVoid());
        for (Sold s : sold) {
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("status", Map.of("from", OrderStatus.CREATED, "to", OrderStatus.CONFIRMED));
            changes.put("total", s.result().total());
            writes.add(audit.append(tx, s.request().actor(), AuditAction.CONFIRM, EntityType.ORDER, s.order().id(),
                    storeId, changes));
        }
        Uni<List<Outcome>> done = Uni.combine().all().unis(writes).discardItems().replaceWith(confirmed)
                .map(byId -> outcomes(decided, byId));
        if (sold.stream().noneMatch(s -> s.request().claim() != null)) {
            return tx.commitWith(done);
        }
        // The stored responses hold the orders' new versions and times: they follow the answer, with COMMIT.
        return done.flatMap(outcomes -> {
            List<Uni<Void>> responses = new ArrayList<>();
            for (Sold s : sold) {
                if (s.request().claim() != null) {
                    responses.add(idempotency.complete(tx, s.request().claim(), 200, outcomes.get(s.index()).view(),
                            null));
                }
            }
            return tx.commitWith(Uni.combine().all().unis(responses).discardItems()).replaceWith(outcomes);
        });
    }

    private static List<Outcome> outcomes(List<Object> decided, Map<Long, Order> confirmed) {
        return decided.stream().map(d -> {
            if (d instanceof Sold s) {
                Order o = confirmed.get(s.order().id());
                if (o == null) {
                    throw new IllegalStateException("Order " + s.order().id() + " was locked but not confirmed");
                }
                return new Outcome(OrderViews.of(o, s.items(), OrderViews.allocations(o, s.result().allocations(),
                        s.items())), null);
            }
            return new Outcome(null, (ApiException) d);
        }).toList();
    }

    private static List<FefoAllocator.Line> lines(List<Item> items) {
        return items.stream().map(i -> new FefoAllocator.Line(i.id(), i.medicineId(), i.quantity())).toList();
    }

    /** The locked rows with what the orders decided before this one left of them. */
    private static List<Ledger.Sellable> remaining(List<Ledger.Sellable> rows, Map<Long, Integer> left) {
        return rows.stream().map(r -> new Ledger.Sellable(r.stockId(), r.batchId(), r.medicineId(),
                left.get(r.stockId()), r.expiryDate(), r.mrp(), r.batchNumber())).toList();
    }
}
