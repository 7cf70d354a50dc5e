package com.pharmacyops.order;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pharmacyops.inventory.Ledger;
import com.pharmacyops.order.OrderDtos.OrderLine;
import com.pharmacyops.order.OrderRows.Allocation;
import com.pharmacyops.order.OrderRows.Item;
import com.pharmacyops.order.OrderRows.Locked;
import com.pharmacyops.order.OrderRows.Medicine;
import com.pharmacyops.order.OrderRows.Order;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.Role;

/** The order rules that decide on rows already read: each refuses with the problem the contract names. */
final class OrderChecks {

    private OrderChecks() {
    }

    /** The create statement wrote the order, or this says why it did not. */
    static void requireWritten(long storeId, OrderSql.Inserted created) {
        if (!created.storeFound()) {
            throw ApiException.notFound("Store " + storeId);
        }
        if (!created.storeActive()) {
            throw inactiveStore(String.valueOf(storeId));
        }
        for (int i = 0; i < created.lines().size(); i++) {
            OrderSql.Line line = created.lines().get(i);
            if (line.sku() == null) {
                throw ApiException.invalid("items[" + i + "].medicineId", "no such medicine");
            }
            if (!line.active()) {
                throw inactiveMedicine(line.sku());
            }
        }
        if (created.order() == null) {
            throw new IllegalStateException("Order of store " + storeId + " passed every check but was not written");
        }
    }

    static Locked found(Locked locked, long orderId) {
        if (locked == null) {
            throw ApiException.notFound("Order " + orderId);
        }
        return locked;
    }

    /** The order, in a store that takes new orders and stock (409 if it is inactive). */
    static Order writable(Locked locked, long orderId) {
        found(locked, orderId);
        if (!locked.storeActive()) {
            throw inactiveStore(locked.storeCode());
        }
        return locked.order();
    }

    static void requireCreated(Order o, String what) {
        if (o.status() != OrderStatus.CREATED) {
            throw ApiException.conflict("Order " + o.orderNumber() + " is " + o.status() + " and cannot be " + what);
        }
    }

    /** Known, active medicines for every line (400 for an unknown one, 409 for an inactive one), by id. */
    static Map<Long, Medicine> orderable(List<OrderLine> lines, List<Medicine> found) {
        Map<Long, Medicine> byId = new HashMap<>();
        found.forEach(m -> byId.put(m.id(), m));
        for (int i = 0; i < lines.size(); i++) {
            Medicine m = byId.get(lines.get(i).medicineId());
            if (m == null) {
                throw ApiException.invalid("items[" + i + "].medicineId", "no such medicine");
            }
            if (!m.active()) {
                throw inactiveMedicine(m.sku());
            }
        }
        return byId;
    }

    /** Not cancelled yet (409); a CONFIRMED order only by ADMIN or STORE_MANAGER (403), a rule that depends on its state. */
    static void requireCancellable(Actor actor, Order o) {
        if (o.status() == OrderStatus.CANCELLED) {
            throw ApiException.conflict("Order " + o.orderNumber() + " is already cancelled");
        }
        if (o.status() == OrderStatus.CONFIRMED) {
            actor.require(Role.ADMIN, Role.STORE_MANAGER);
        }
    }

    /** A prescription-only line needs a PHARMACIST (403) and a prescription reference (409). */
    static void checkPrescription(Actor actor, Order o, List<Item> items) {
        if (items.stream().noneMatch(Item::prescriptionRequired)) {
            return;
        }
        if (!actor.is(Role.PHARMACIST)) {
            throw ApiException.forbidden("Only a PHARMACIST may confirm an order with prescription-only medicines");
        }
        if (o.prescriptionReference() == null || o.prescriptionReference().isBlank()) {
            throw ApiException.conflict("The order has prescription-only medicines and no prescription reference");
        }
    }

    /** What cancelling gives back: each allocation to its batch's stock row (locked by the caller). */
    static List<Ledger.Delta> restock(List<Allocation> allocations, List<Ledger.Locked> rows) {
        Map<Long, Long> stockOf = new HashMap<>();
        rows.forEach(r -> stockOf.put(r.batchId(), r.stockId()));
        Map<Long, Integer> back = new TreeMap<>();
        for (Allocation a : allocations) {
            Long stockId = stockOf.get(a.batchId());
            if (stockId == null) {
                throw new IllegalStateException("No stock row of batch " + a.batchId() + " for order " + a.orderId());
            }
            back.merge(stockId, a.quantity(), Integer::sum);
        }
        List<Ledger.Delta> deltas = new ArrayList<>();
        back.forEach((stockId, quantity) -> deltas.add(new Ledger.Delta(stockId, quantity)));
        return deltas;
    }

    private static ApiException inactiveStore(String store) {
        return ApiException.conflict("Store " + store + " is inactive and takes no new stock or orders");
    }

    private static ApiException inactiveMedicine(String sku) {
        return ApiException.conflict("Medicine " + sku + " is inactive and cannot be ordered");
    }
}
