package com.pharmacyops.order;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pharmacyops.order.OrderRows.Item;
import com.pharmacyops.order.ReturnDtos.ReturnLine;
import com.pharmacyops.order.ReturnRows.Portion;
import com.pharmacyops.order.ReturnRows.Sold;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.web.Money;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Decides a return in memory, on rows read under the order's lock: which allocations the units go back to (latest
 * expiry first, ties by the higher batch id: the reverse of first-expiry-first-out, so the stock that stays sold is
 * the one that would have been sold first) and the refund. Refuses with the problem the contract names.
 */
final class ReturnPlan {

    /** A line asking more than it can still return; {@code available} is sold minus already returned. */
    @RegisterForReflection
    record Shortage(long orderItemId, long medicineId, int requested, int available) {
    }

    private static final Comparator<Sold> LATEST_EXPIRY_FIRST = Comparator.comparing(Sold::expiryDate)
            .thenComparingLong(Sold::batchId).reversed();

    private ReturnPlan() {
    }

    /** Each line names one order line, once (400 otherwise); checked before any transaction. */
    static void requireOneLinePerItem(List<ReturnLine> lines) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!seen.add(lines.get(i).orderItemId())) {
                throw ApiException.invalid("items[" + i + "].orderItemId", "one return line per order line");
            }
        }
    }

    /**
     * The portions of a return, in request order then latest expiry first. 400 for a line not of this order, 409
     * with shortages when a line asks more than sold minus returned, 409 when a restocked batch cannot be sold
     * (expired on {@code today}, ON_HOLD or RECALLED).
     */
    static List<Portion> portions(List<ReturnLine> lines, List<Item> items, List<Sold> sold, LocalDate today) {
        Map<Long, Item> itemOf = new HashMap<>();
        items.forEach(i -> itemOf.put(i.id(), i));
        Map<Long, List<Sold>> soldOf = new HashMap<>();
        sold.forEach(s -> soldOf.computeIfAbsent(s.itemId(), k -> new ArrayList<>()).add(s));
        List<Shortage> shortages = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ReturnLine line = lines.get(i);
            Item item = itemOf.get(line.orderItemId());
            if (item == null) {
                throw ApiException.invalid("items[" + i + "].orderItemId", "no such line in this order");
            }
            int returnable = soldOf.getOrDefault(item.id(), List.of()).stream().mapToInt(Sold::returnable).sum();
            if (line.quantity() > returnable) {
                shortages.add(new Shortage(item.id(), item.medicineId(), line.quantity(), returnable));
            }
        }
        if (!shortages.isEmpty()) {
            throw ApiException.shortage("More than sold minus already returned for " + shortages.size()
                    + " line(s)", shortages);
        }
        List<Portion> portions = new ArrayList<>();
        List<String> unsellable = new ArrayList<>();
        for (ReturnLine line : lines) {
            int left = line.quantity();
            List<Sold> from = new ArrayList<>(soldOf.get(line.orderItemId()));
            from.sort(LATEST_EXPIRY_FIRST);
            for (Sold s : from) {
                int take = Math.min(left, s.returnable());
                if (take <= 0) {
                    continue;
                }
                left -= take;
                portions.add(new Portion(s.itemId(), s.allocationId(), s.batchId(), s.medicineId(), take,
                        s.unitPrice(), line.restock()));
                String why = !s.expiryDate().isAfter(today) ? "expired on " + s.expiryDate()
                        : "ACTIVE".equals(s.batchStatus()) ? null : s.batchStatus();
                if (line.restock() && why != null) {
                    unsellable.add("batch " + s.batchId() + " of line " + s.itemId() + " is " + why);
                }
            }
        }
        if (!unsellable.isEmpty()) {
            throw ApiException.conflict("Cannot restock: " + String.join("; ", unsellable)
                    + ". Return these units with restock:false");
        }
        return portions;
    }

    static BigDecimal refund(List<Portion> portions) {
        return Money.of(portions.stream().map(p -> p.unitPrice().multiply(BigDecimal.valueOf(p.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    /** What customers returned of each line of the order, from its allocations. */
    static List<ReturnRows.Returned> returned(List<Sold> sold, long orderId) {
        Map<Long, Integer> units = new HashMap<>();
        Map<Long, BigDecimal> refunds = new HashMap<>();
        for (Sold s : sold) {
            if (s.returned() > 0) {
                units.merge(s.itemId(), s.returned(), Integer::sum);
                refunds.merge(s.itemId(), s.unitPrice().multiply(BigDecimal.valueOf(s.returned())), BigDecimal::add);
            }
        }
        return units.keySet().stream().map(item -> new ReturnRows.Returned(orderId, item, units.get(item),
                refunds.get(item))).toList();
    }

    /** What a cancellation gives back: each allocation less what customers returned of it. */
    static List<OrderRows.Allocation> unreturned(List<Sold> sold, long orderId) {
        return sold.stream().filter(s -> s.returnable() > 0).map(s -> new OrderRows.Allocation(s.itemId(), orderId,
                s.batchId(), s.medicineId(), null, s.returnable(), s.unitPrice())).toList();
    }
}
