package com.pharmacyops.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.pharmacyops.inventory.Ledger;
import com.pharmacyops.order.FefoAllocator.Allocated;
import com.pharmacyops.order.FefoAllocator.Line;
import com.pharmacyops.order.FefoAllocator.Result;
import com.pharmacyops.order.OrderDtos.Shortage;

/** The allocation rules on rows in memory: no database, no Quarkus. */
class FefoAllocatorTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

    /** A stock row: stock id, batch id, medicine, quantity, days to expiry, MRP. */
    private static Ledger.Sellable row(long stockId, long batchId, long medicineId, int quantity, int days, String mrp) {
        return new Ledger.Sellable(stockId, batchId, medicineId, quantity, TODAY.plusDays(days), new BigDecimal(mrp),
                "B" + batchId);
    }

    private static String taken(Result r) {
        return r.allocations().stream().map(a -> a.batchId() + ":" + a.quantity()).reduce((a, b) -> a + " " + b)
                .orElse("");
    }

    @Test
    void nearestExpiryFirstThenTheNext() {
        Result r = FefoAllocator.allocate(List.of(new Line(1, 7, 5)),
                List.of(row(10, 100, 7, 10, 300, "12.00"), row(11, 101, 7, 3, 30, "10.00")), TODAY);
        assertTrue(r.filled());
        assertEquals("101:3 100:2", taken(r));
        assertEquals(new BigDecimal("54.00"), r.total());
        assertEquals(List.of(new Ledger.Delta(10, -2), new Ledger.Delta(11, -3)), r.deductions());
    }

    @Test
    void tiesOnExpiryGoByBatchId() {
        Result r = FefoAllocator.allocate(List.of(new Line(1, 7, 4)),
                List.of(row(10, 205, 7, 10, 60, "5.00"), row(11, 201, 7, 10, 60, "5.00")), TODAY);
        assertEquals("201:4", taken(r));
    }

    @Test
    void expiredAndMinimumShelfLifeAreNotSellable() {
        List<Ledger.Sellable> rows = List.of(row(10, 100, 7, 50, 0, "5.00"), row(11, 101, 7, 50, -3, "5.00"),
                row(12, 102, 7, 2, 10, "5.00"), row(13, 103, 7, 5, 40, "6.00"));
        Result today = FefoAllocator.allocate(List.of(new Line(1, 7, 3)), rows, TODAY);
        assertEquals("102:2 103:1", taken(today));
        Result shelfLife = FefoAllocator.allocate(List.of(new Line(1, 7, 3)), rows, TODAY.plusDays(30));
        assertEquals("103:3", taken(shelfLife));
        Result tooMuch = FefoAllocator.allocate(List.of(new Line(1, 7, 8)), rows, TODAY.plusDays(30));
        assertEquals(List.of(new Shortage(7, 8, 5)), tooMuch.shortages());
    }

    @Test
    void exactFitEmptiesTheRows() {
        Result r = FefoAllocator.allocate(List.of(new Line(1, 7, 7)),
                List.of(row(10, 100, 7, 4, 10, "1.00"), row(11, 101, 7, 3, 20, "1.00")), TODAY);
        assertEquals("100:4 101:3", taken(r));
        assertEquals(List.of(new Ledger.Delta(10, -4), new Ledger.Delta(11, -3)), r.deductions());
    }

    @Test
    void linesOfOneMedicineShareItsBatchesWithoutDoubleCounting() {
        List<Ledger.Sellable> rows = List.of(row(10, 100, 7, 3, 10, "2.00"), row(11, 101, 7, 4, 20, "2.00"));
        Result r = FefoAllocator.allocate(List.of(new Line(1, 7, 2), new Line(2, 7, 4)), rows, TODAY);
        assertEquals("100:2 100:1 101:3", taken(r));
        assertEquals(List.of(new Ledger.Delta(10, -3), new Ledger.Delta(11, -3)), r.deductions());
        Result over = FefoAllocator.allocate(List.of(new Line(1, 7, 5), new Line(2, 7, 3)), rows, TODAY);
        assertEquals(List.of(new Shortage(7, 3, 2)), over.shortages());
    }

    @Test
    void aShortSecondLineRefusesTheWholeOrder() {
        Result r = FefoAllocator.allocate(List.of(new Line(1, 7, 2), new Line(2, 8, 5)),
                List.of(row(10, 100, 7, 10, 10, "2.00"), row(11, 200, 8, 4, 10, "3.00")), TODAY);
        assertFalse(r.filled());
        assertEquals(List.of(new Shortage(8, 5, 4)), r.shortages());
        assertTrue(r.deductions().isEmpty());
        assertTrue(r.allocations().isEmpty());
    }

    @Test
    void severalLinesAndBatchesKeepTheirPricesAndStockIdOrder() {
        Result r = FefoAllocator.allocate(List.of(new Line(1, 8, 5), new Line(2, 7, 1)),
                List.of(row(30, 300, 8, 2, 5, "3.50"), row(20, 200, 8, 9, 90, "4.00"), row(10, 100, 7, 1, 15, "9.99")),
                TODAY);
        assertEquals("300:2 200:3 100:1", taken(r));
        List<Allocated> a = r.allocations();
        assertEquals(1, a.get(0).itemId());
        assertEquals(2, a.get(2).itemId());
        assertEquals(new BigDecimal("28.99"), r.total());
        assertEquals(List.of(new Ledger.Delta(10, -1), new Ledger.Delta(20, -3), new Ledger.Delta(30, -2)),
                r.deductions());
    }

    @Test
    void noRowsIsAShortageOfEverything() {
        Result r = FefoAllocator.allocate(List.of(new Line(1, 7, 1)), List.of(), TODAY);
        assertEquals(List.of(new Shortage(7, 1, 0)), r.shortages());
    }
}
