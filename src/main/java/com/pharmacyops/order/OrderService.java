package com.pharmacyops.order;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.inventory.Ledger;
import com.pharmacyops.inventory.MovementReason;
import com.pharmacyops.order.OrderDtos.AllocationView;
import com.pharmacyops.order.OrderDtos.ItemView;
import com.pharmacyops.order.OrderDtos.OrderFilter;
import com.pharmacyops.order.OrderDtos.OrderLine;
import com.pharmacyops.order.OrderDtos.OrderRequest;
import com.pharmacyops.order.OrderDtos.OrderView;
import com.pharmacyops.order.OrderDtos.Shortage;
import com.pharmacyops.platform.Money;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.error.ErrorKind;
import com.pharmacyops.platform.paging.PageRequest;
import com.pharmacyops.platform.paging.PageResponse;
import com.pharmacyops.platform.persistence.Entities;
import com.pharmacyops.platform.persistence.Where;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.product.Batch;
import com.pharmacyops.product.Medicine;
import com.pharmacyops.store.Store;
import com.pharmacyops.store.StoreService;
import com.pharmacyops.user.Role;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * The order lifecycle. Every transition runs in one transaction that first locks the order row, so two
 * requests on one order are serialized; confirmation then locks the stock it needs (see {@link Ledger}).
 */
@ApplicationScoped
public class OrderService {

    public static final Map<String, String> SORTABLE = Map.of("createdAt", "createdAt", "id", "id",
            "orderNumber", "orderNumber", "status", "status");
    private static final Role[] STORE_ROLES = { Role.ADMIN, Role.STORE_MANAGER, Role.PHARMACIST, Role.CASHIER };

    private final StoreService stores;
    private final Ledger ledger;
    private final AuditLog audit;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final int minShelfLifeDays;

    public OrderService(StoreService stores, Ledger ledger, AuditLog audit, MeterRegistry metrics, Clock clock,
            @ConfigProperty(name = "pharmacy.orders.min-shelf-life-days") int minShelfLifeDays) {
        this.stores = stores;
        this.ledger = ledger;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.minShelfLifeDays = minShelfLifeDays;
    }

    @WithTransaction
    public Uni<OrderView> create(Actor actor, long storeId, OrderRequest req) {
        return stores.forWrite(actor, storeId, STORE_ROLES)
                .flatMap(store -> checkLines(req.items()).flatMap(medicines -> nextNumber(store).flatMap(number -> {
                    SaleOrder o = new SaleOrder();
                    o.storeId = storeId;
                    o.orderNumber = number;
                    o.status = OrderStatus.CREATED;
                    apply(o, req);
                    o.stamp(actor.username(), Instant.now());
                    return o.<SaleOrder>persist().flatMap(saved -> replaceItems(actor, o, req.items())
                            .flatMap(items -> audit.record(actor, "CREATE", "ORDER", o.id, storeId, withItems(o, req))
                                    .map(v -> assemble(o, items, List.of(), medicines, Map.of()))));
                })))
                .invoke(() -> metrics.counter("pharmacy.orders.created").increment());
    }

    @WithTransaction
    public Uni<OrderView> replace(Actor actor, long storeId, long orderId, Long ifMatch, OrderRequest req) {
        return stores.forWrite(actor, storeId, STORE_ROLES)
                .flatMap(s -> locked(storeId, orderId))
                .flatMap(o -> {
                    requireCreated(o, "replaced");
                    if (ifMatch != null && ifMatch != o.version) {
                        throw new ApiException(ErrorKind.PRECONDITION_FAILED,
                                "The order changed (version " + o.version + "); reload it and retry");
                    }
                    Map<String, Object> before = o.auditState();
                    return checkLines(req.items()).flatMap(m -> {
                        apply(o, req);
                        o.stamp(actor.username(), Instant.now());
                        Map<String, Object> changes = AuditLog.diff(before, o.auditState());
                        changes.put("items", req.items());
                        return OrderItem.delete("orderId", o.id)
                                .flatMap(n -> replaceItems(actor, o, req.items()))
                                .flatMap(items -> audit.record(actor, "UPDATE", "ORDER", o.id, storeId, changes)
                                        .flatMap(v -> Panache.getSession().flatMap(session -> session.flush()))
                                        .map(v -> assemble(o, items, List.of(), m, Map.of())));
                    });
                });
    }

    @WithTransaction
    public Uni<Void> delete(Actor actor, long storeId, long orderId) {
        return stores.visible(actor, storeId).invoke(s -> actor.require(STORE_ROLES))
                .flatMap(s -> locked(storeId, orderId))
                .flatMap(o -> {
                    requireCreated(o, "deleted");
                    return OrderItem.delete("orderId", o.id).flatMap(n -> o.delete())
                            .flatMap(v -> audit.record(actor, "DELETE", "ORDER", orderId, storeId, o.auditState()));
                });
    }

    @WithTransaction
    public Uni<OrderView> confirm(Actor actor, long storeId, long orderId) {
        Timer.Sample latency = Timer.start(metrics);
        LocalDate sellableAfter = LocalDate.now(clock).plusDays(minShelfLifeDays);
        return stores.forWrite(actor, storeId, STORE_ROLES)
                .flatMap(s -> locked(storeId, orderId))
                .flatMap(o -> {
                    if (o.status != OrderStatus.CREATED) {
                        throw ApiException.conflict("Order " + o.orderNumber + " is " + o.status
                                + " and cannot be confirmed");
                    }
                    return OrderItem.<OrderItem>list("orderId", Sort.by("id"), o.id).flatMap(items -> {
                        List<Long> medicineIds = items.stream().map(i -> i.medicineId).toList();
                        return Entities.byIds(Medicine.class, medicineIds)
                                .invoke(medicines -> checkPrescription(actor, o, medicines))
                                .flatMap(medicines -> {
                                    Timer.Sample wait = Timer.start(metrics);
                                    return ledger.lockMedicines(storeId, medicineIds)
                                            .invoke(rows -> wait.stop(metrics.timer("pharmacy.orders.lock.wait")))
                                            .flatMap(rows -> allocateAndSell(actor, o, items, medicines, rows,
                                                    sellableAfter));
                                });
                    });
                })
                .invoke(v -> {
                    latency.stop(metrics.timer("pharmacy.orders.confirmation"));
                    metrics.counter("pharmacy.orders.confirmed").increment();
                });
    }

    @WithTransaction
    public Uni<OrderView> cancel(Actor actor, long storeId, long orderId, String reason) {
        return stores.visible(actor, storeId).invoke(s -> actor.require(STORE_ROLES))
                .flatMap(s -> locked(storeId, orderId))
                .flatMap(o -> {
                    if (o.status == OrderStatus.CANCELLED) {
                        throw ApiException.conflict("Order " + o.orderNumber + " is already cancelled");
                    }
                    Uni<?> restore = Uni.createFrom().voidItem();
                    if (o.status == OrderStatus.CONFIRMED) {
                        actor.require(Role.ADMIN, Role.STORE_MANAGER);
                        restore = OrderAllocation.<OrderAllocation>list("orderId", o.id).flatMap(allocations -> {
                            List<Ledger.Change> back = new ArrayList<>();
                            return Entities.byIds(Batch.class, allocations.stream().map(a -> a.batchId).toList())
                                    .flatMap(batches -> {
                                        Map<Long, Long> medicineOf = new HashMap<>();
                                        batches.forEach(b -> medicineOf.put(b.id, b.medicineId));
                                        allocations.forEach(a -> back.add(new Ledger.Change(a.batchId,
                                                medicineOf.get(a.batchId), a.quantity)));
                                        return ledger.apply(storeId, back, new Ledger.Cause(
                                                MovementReason.SALE_CANCELLATION, null, "ORDER", o.id,
                                                actor.username(), reason));
                                    });
                        });
                    }
                    OrderStatus from = o.status;
                    return restore.flatMap(v -> {
                        Instant now = Instant.now();
                        o.status = OrderStatus.CANCELLED;
                        o.cancelledBy = actor.username();
                        o.cancelledAt = now;
                        o.cancelReason = reason;
                        o.stamp(actor.username(), now);
                        Map<String, Object> changes = new LinkedHashMap<>();
                        changes.put("status", Map.of("from", from, "to", OrderStatus.CANCELLED));
                        changes.put("reason", reason);
                        return audit.record(actor, "CANCEL", "ORDER", o.id, storeId, changes)
                                .invoke(() -> metrics.counter("pharmacy.orders.cancelled", "from", from.name())
                                        .increment())
                                .flatMap(x -> Panache.getSession().flatMap(session -> session.flush()))
                                .flatMap(x -> view(o));
                    });
                });
    }

    @WithSession
    public Uni<OrderView> get(Actor actor, long storeId, long orderId) {
        return stores.visible(actor, storeId).flatMap(s -> SaleOrder.<SaleOrder>findById(orderId)).flatMap(o -> {
            if (o == null || o.storeId != storeId) {
                throw ApiException.notFound("Order " + orderId);
            }
            return view(o);
        });
    }

    @WithSession
    public Uni<PageResponse<OrderView>> list(Actor actor, long storeId, OrderFilter f, PageRequest page) {
        Where w = new Where().and("storeId = :storeId", "storeId", storeId)
                .and("status = :status", "status", f.status())
                .and("createdAt >= :from", "from", f.from())
                .and("createdAt < :to", "to", f.to());
        return stores.visible(actor, storeId).flatMap(s -> {
            var query = SaleOrder.<SaleOrder>find(w.query(), page.sort(), w.params());
            return query.page(page.panache()).list().flatMap(orders -> query.count()
                    .flatMap(total -> views(orders).map(v -> new PageResponse<>(v, page.page(), page.size(), total))));
        });
    }

    /** FEFO over sellable batches, all lines or none; then the sale is written through the ledger. */
    private Uni<OrderView> allocateAndSell(Actor actor, SaleOrder o, List<OrderItem> items, List<Medicine> medicines,
            List<Ledger.Sellable> rows, LocalDate sellableAfter) {
        Map<Long, String> batchNumbers = new HashMap<>();
        rows.forEach(r -> batchNumbers.put(r.batchId(), r.batchNumber()));
        List<Shortage> shortages = new ArrayList<>();
        List<Ledger.Delta> deltas = new ArrayList<>();
        List<OrderAllocation> allocations = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        Instant now = Instant.now();
        for (OrderItem item : items) {
            List<Ledger.Sellable> candidates = rows.stream()
                    .filter(r -> r.medicineId() == item.medicineId && r.quantity() > 0
                            && r.expiryDate().isAfter(sellableAfter))
                    .sorted(Comparator.comparing(Ledger.Sellable::expiryDate).thenComparing(Ledger.Sellable::batchId))
                    .toList();
            int available = candidates.stream().mapToInt(Ledger.Sellable::quantity).sum();
            if (available < item.quantity) {
                shortages.add(new Shortage(item.medicineId, item.quantity, available));
                continue;
            }
            int wanted = item.quantity;
            for (Ledger.Sellable r : candidates) {
                if (wanted == 0) {
                    break;
                }
                int take = Math.min(wanted, r.quantity());
                wanted -= take;
                deltas.add(new Ledger.Delta(r.stockId(), r.batchId(), r.medicineId(), -take, r.quantity() - take));
                OrderAllocation a = new OrderAllocation();
                a.orderItemId = item.id;
                a.orderId = o.id;
                a.storeId = o.storeId;
                a.batchId = r.batchId();
                a.quantity = take;
                a.unitPrice = Money.of(r.mrp());
                a.stamp(actor.username(), now);
                allocations.add(a);
                total = total.add(a.unitPrice.multiply(BigDecimal.valueOf(take)));
            }
        }
        if (!shortages.isEmpty()) {
            metrics.counter("pharmacy.orders.shortages").increment();
            throw ApiException.shortage("Not enough sellable stock for " + shortages.size() + " line(s)", shortages);
        }
        BigDecimal orderTotal = Money.of(total);
        return ledger.write(o.storeId, deltas, new Ledger.Cause(MovementReason.SALE, null, "ORDER", o.id,
                actor.username(), null))
                .flatMap(m -> OrderAllocation.persist(allocations))
                .flatMap(v -> {
                    o.status = OrderStatus.CONFIRMED;
                    o.total = orderTotal;
                    o.confirmedBy = actor.username();
                    o.confirmedAt = now;
                    o.stamp(actor.username(), now);
                    Map<String, Object> changes = new LinkedHashMap<>();
                    changes.put("status", Map.of("from", OrderStatus.CREATED, "to", OrderStatus.CONFIRMED));
                    changes.put("total", orderTotal);
                    return audit.record(actor, "CONFIRM", "ORDER", o.id, o.storeId, changes);
                })
                .flatMap(v -> Panache.getSession().flatMap(session -> session.flush()))
                .map(v -> assemble(o, items, allocations, medicines, batchNumbers));
    }

    /** A prescription-only line needs a PHARMACIST (403) and a prescription reference (409). */
    private static void checkPrescription(Actor actor, SaleOrder o, List<Medicine> medicines) {
        if (medicines.stream().noneMatch(m -> m.prescriptionRequired)) {
            return;
        }
        if (!actor.is(Role.PHARMACIST)) {
            throw ApiException.forbidden("Only a PHARMACIST may confirm an order with prescription-only medicines");
        }
        if (o.prescriptionReference == null || o.prescriptionReference.isBlank()) {
            throw ApiException.conflict("The order has prescription-only medicines and no prescription reference");
        }
    }

    /** The order, locked for this transaction; another store's order answers like a missing one. */
    private Uni<SaleOrder> locked(long storeId, long orderId) {
        return SaleOrder.<SaleOrder>findById(orderId, LockModeType.PESSIMISTIC_WRITE).map(o -> {
            if (o == null || o.storeId != storeId) {
                throw ApiException.notFound("Order " + orderId);
            }
            return o;
        });
    }

    private static void requireCreated(SaleOrder o, String what) {
        if (o.status != OrderStatus.CREATED) {
            throw ApiException.conflict("Order " + o.orderNumber + " is " + o.status + " and cannot be " + what);
        }
    }

    /** Known, active medicines, one line each. */
    private Uni<List<Medicine>> checkLines(List<OrderLine> lines) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!seen.add(lines.get(i).medicineId())) {
                throw ApiException.invalid("items[" + i + "].medicineId", "one line per medicine");
            }
        }
        return Entities.byIds(Medicine.class, seen).map(found -> {
            Map<Long, Medicine> byId = new HashMap<>();
            found.forEach(m -> byId.put(m.id, m));
            for (int i = 0; i < lines.size(); i++) {
                Medicine m = byId.get(lines.get(i).medicineId());
                if (m == null) {
                    throw ApiException.invalid("items[" + i + "].medicineId", "no such medicine");
                }
                if (!m.active) {
                    throw ApiException.conflict("Medicine " + m.sku + " is inactive and cannot be ordered");
                }
            }
            return found;
        });
    }

    private static void apply(SaleOrder o, OrderRequest req) {
        o.customerName = req.customerName();
        o.customerPhone = req.customerPhone();
        o.prescriptionReference = req.prescriptionReference();
    }

    private Uni<List<OrderItem>> replaceItems(Actor actor, SaleOrder o, List<OrderLine> lines) {
        Instant now = Instant.now();
        List<OrderItem> items = lines.stream().map(l -> {
            OrderItem i = new OrderItem();
            i.orderId = o.id;
            i.storeId = o.storeId;
            i.medicineId = l.medicineId();
            i.quantity = l.quantity();
            i.stamp(actor.username(), now);
            return i;
        }).toList();
        return OrderItem.persist(items).replaceWith(items);
    }

    /** Human-readable and unique: the store code and a per-store sequence, e.g. BLR-001-000123. */
    private Uni<String> nextNumber(Store store) {
        return Panache.getSession().flatMap(s -> s.<Object>createNativeQuery("""
                INSERT INTO order_counters (store_id, last_number, created_at, updated_at, created_by, updated_by)
                VALUES (?1, 1, now(), now(), 'system', 'system')
                ON CONFLICT (store_id) DO UPDATE SET last_number = order_counters.last_number + 1, updated_at = now()
                RETURNING last_number""").setParameter(1, store.id).getSingleResult())
                .map(n -> number(store.code, ((Number) n).longValue()));
    }

    /** {@code code-NNNNNN}, at least six digits (String.format was a visible cost per order). */
    static String number(String storeCode, long n) {
        String digits = Long.toString(n);
        return storeCode + "-" + (digits.length() < 6 ? "0".repeat(6 - digits.length()) + digits : digits);
    }

    private static Map<String, Object> withItems(SaleOrder o, OrderRequest req) {
        Map<String, Object> m = o.auditState();
        m.put("items", req.items());
        return m;
    }

    private Uni<OrderView> view(SaleOrder o) {
        return views(List.of(o)).map(v -> v.get(0));
    }

    private Uni<List<OrderView>> views(List<SaleOrder> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Long> ids = orders.stream().map(o -> o.id).toList();
        return OrderItem.<OrderItem>list("orderId in ?1", Sort.by("id"), ids)
                .flatMap(items -> OrderAllocation.<OrderAllocation>list("orderId in ?1", Sort.by("id"), ids)
                        .flatMap(allocations -> Entities.byIds(Medicine.class,
                                items.stream().map(i -> i.medicineId).distinct().toList())
                                .flatMap(medicines -> (allocations.isEmpty() ? Uni.createFrom().item(List.<Batch>of())
                                        : Entities.byIds(Batch.class,
                                                allocations.stream().map(a -> a.batchId).distinct().toList()))
                                        .map(batches -> {
                                            Map<Long, String> numbers = new HashMap<>();
                                            batches.forEach(b -> numbers.put(b.id, b.batchNumber));
                                            return orders.stream().map(o -> assemble(o, items, allocations,
                                                    medicines, numbers)).toList();
                                        }))));
    }

    /** The view of one order from rows at hand: writes answer without reading back what they just wrote. */
    private static OrderView assemble(SaleOrder o, List<OrderItem> items, List<OrderAllocation> allocations,
            List<Medicine> medicines, Map<Long, String> batchNumbers) {
        Map<Long, Medicine> medicineById = new HashMap<>();
        medicines.forEach(m -> medicineById.put(m.id, m));
        List<ItemView> lines = items.stream().filter(i -> i.orderId.equals(o.id)).map(i -> {
            Medicine m = medicineById.get(i.medicineId);
            List<AllocationView> from = allocations.stream().filter(a -> a.orderItemId.equals(i.id))
                    .map(a -> new AllocationView(a.batchId, batchNumbers.get(a.batchId), a.quantity,
                            Money.of(a.unitPrice)))
                    .toList();
            return new ItemView(i.medicineId, m.name, m.prescriptionRequired, i.quantity, from);
        }).toList();
        return new OrderView(o.id, o.storeId, o.orderNumber, o.status, o.customerName, o.customerPhone,
                o.prescriptionReference, lines, Money.of(o.total), o.version, o.createdAt, o.createdBy,
                o.updatedAt, o.updatedBy, o.confirmedBy, o.confirmedAt, o.cancelledBy, o.cancelledAt,
                o.cancelReason);
    }
}
