package com.pharmacyops.order;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pharmacyops.inventory.Ledger;
import com.pharmacyops.order.OrderDtos.Shortage;
import com.pharmacyops.platform.web.Money;

/**
 * First-expiry-first-out allocation on stock rows the caller has locked; pure, so its rules are tested without a
 * database. A batch is sellable when it has stock and expires after {@code sellableAfter}; batches are taken by
 * expiry date, then batch id. Lines are served in their order from what earlier lines left, and an order is all
 * or nothing: any shortage means no deductions at all.
 */
public final class FefoAllocator {

    private FefoAllocator() {
    }

    /** A line to serve: the order item, its medicine and quantity. */
    public record Line(long itemId, long medicineId, int quantity) {
    }

    /** Units of one line (its item and medicine) served from one batch's stock row, at that batch's MRP. */
    public record Allocated(long itemId, long medicineId, long stockId, long batchId, String batchNumber, int quantity,
            BigDecimal unitPrice) {
    }

    /**
     * The outcome: either shortages (and nothing else) or, per stock row, the deduction with the allocations and
     * the total price.
     */
    public record Result(List<Shortage> shortages, List<Ledger.Delta> deductions, List<Allocated> allocations,
            BigDecimal total) {

        public boolean filled() {
            return shortages.isEmpty();
        }
    }

    private static final Comparator<Ledger.Sellable> FEFO = Comparator.comparing(Ledger.Sellable::expiryDate)
            .thenComparingLong(Ledger.Sellable::batchId);

    public static Result allocate(List<Line> lines, List<Ledger.Sellable> rows, LocalDate sellableAfter) {
        Map<Long, Integer> left = new HashMap<>();
        rows.forEach(r -> left.put(r.stockId(), r.quantity()));
        List<Ledger.Sellable> sellable = rows.stream()
                .filter(r -> r.quantity() > 0 && r.expiryDate().isAfter(sellableAfter)).sorted(FEFO).toList();
        List<Shortage> shortages = new ArrayList<>();
        List<Allocated> allocations = new ArrayList<>();
        for (Line line : lines) {
            List<Ledger.Sellable> candidates = sellable.stream().filter(r -> r.medicineId() == line.medicineId())
                    .toList();
            int available = candidates.stream().mapToInt(r -> left.get(r.stockId())).sum();
            if (available < line.quantity()) {
                shortages.add(new Shortage(line.medicineId(), line.quantity(), available));
                continue;
            }
            int wanted = line.quantity();
            for (Ledger.Sellable r : candidates) {
                int take = Math.min(wanted, left.get(r.stockId()));
                if (take > 0) {
                    left.merge(r.stockId(), -take, Integer::sum);
                    allocations.add(new Allocated(line.itemId(), line.medicineId(), r.stockId(), r.batchId(),
                            r.batchNumber(), take, Money.of(r.mrp())));
                    wanted -= take;
                }
                if (wanted == 0) {
                    break;
                }
            }
        }
        if (!shortages.isEmpty()) {
            return new Result(List.copyOf(shortages), List.of(), List.of(), null);
        }
        return new Result(List.of(), deductions(allocations), List.copyOf(allocations), total(allocations));
    }

    /** One deduction per stock row, in stock-id order (the order the rows were locked in). */
    private static List<Ledger.Delta> deductions(List<Allocated> allocations) {
        Map<Long, Integer> byStock = new TreeMap<>();
        allocations.forEach(a -> byStock.merge(a.stockId(), -a.quantity(), Integer::sum));
        return byStock.entrySet().stream().map(e -> new Ledger.Delta(e.getKey(), e.getValue())).toList();
    }

    private static BigDecimal total(List<Allocated> allocations) {
        BigDecimal total = BigDecimal.ZERO;
        for (Allocated a : allocations) {
            total = total.add(a.unitPrice().multiply(BigDecimal.valueOf(a.quantity())));
        }
        return Money.of(total);
    }
}
