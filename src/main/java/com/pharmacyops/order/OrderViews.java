package com.pharmacyops.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pharmacyops.order.OrderDtos.AllocationView;
import com.pharmacyops.order.OrderDtos.ItemView;
import com.pharmacyops.order.OrderDtos.OrderView;
import com.pharmacyops.order.OrderRows.Allocation;
import com.pharmacyops.order.OrderRows.Item;
import com.pharmacyops.order.OrderRows.Order;
import com.pharmacyops.platform.web.Money;

/** Order views from rows at hand: writes answer without reading back what they just wrote. */
final class OrderViews {

    private OrderViews() {
    }

    static OrderView of(Order o, List<Item> items, List<Allocation> allocations) {
        return of(List.of(o), items, allocations, List.of()).get(0);
    }

    static OrderView of(Order o, List<Item> items, List<Allocation> allocations, List<ReturnRows.Returned> returned) {
        return of(List.of(o), items, allocations, returned).get(0);
    }

    /**
     * Each order with its items (in item order), their allocations (in allocation order) and what customers
     * returned of them.
     */
    static List<OrderView> of(List<Order> orders, List<Item> items, List<Allocation> allocations,
            List<ReturnRows.Returned> returned) {
        Map<Long, ReturnRows.Returned> returnedOf = new HashMap<>();
        Map<Long, BigDecimal> refunded = new HashMap<>();
        for (ReturnRows.Returned r : returned) {
            returnedOf.put(r.itemId(), r);
            refunded.merge(r.orderId(), r.refund(), BigDecimal::add);
        }
        Map<Long, List<AllocationView>> byItem = new HashMap<>();
        for (Allocation a : allocations) {
            byItem.computeIfAbsent(a.itemId(), k -> new ArrayList<>()).add(new AllocationView(a.batchId(),
                    a.batchNumber(), a.quantity(), Money.of(a.unitPrice())));
        }
        Map<Long, List<ItemView>> byOrder = new HashMap<>();
        for (Item i : items) {
            ReturnRows.Returned r = returnedOf.get(i.id());
            byOrder.computeIfAbsent(i.orderId(), k -> new ArrayList<>()).add(new ItemView(i.id(), i.medicineId(),
                    i.medicineName(), i.prescriptionRequired(), i.quantity(), r == null ? 0 : r.quantity(),
                    byItem.getOrDefault(i.id(), List.of())));
        }
        return orders.stream().map(o -> new OrderView(o.id(), o.storeId(), o.orderNumber(), o.status(),
                o.customerName(), o.customerPhone(), o.prescriptionReference(), byOrder.getOrDefault(o.id(), List.of()),
                Money.of(o.total()), Money.of(refunded.getOrDefault(o.id(), BigDecimal.ZERO)), o.version(),
                o.createdAt(), o.createdBy(), o.updatedAt(), o.updatedBy(), o.confirmedBy(), o.confirmedAt(),
                o.cancelledBy(), o.cancelledAt(), o.cancelReason())).toList();
    }

    /** What confirmation allocated, as the rows it wrote. */
    static List<Allocation> allocations(Order o, List<FefoAllocator.Allocated> allocated, List<Item> items) {
        Map<Long, Long> medicineOf = new HashMap<>();
        items.forEach(i -> medicineOf.put(i.id(), i.medicineId()));
        return allocated.stream().map(a -> new Allocation(a.itemId(), o.id(), a.batchId(), medicineOf.get(a.itemId()),
                a.batchNumber(), a.quantity(), a.unitPrice())).toList();
    }
}
