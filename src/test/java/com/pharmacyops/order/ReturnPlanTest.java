package com.pharmacyops.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.pharmacyops.order.OrderRows.Item;
import com.pharmacyops.order.ReturnDtos.ReturnLine;
import com.pharmacyops.order.ReturnRows.Portion;
import com.pharmacyops.order.ReturnRows.Sold;
import com.pharmacyops.platform.error.ApiException;

/** The return rules on rows in memory: no database, no Quarkus. */
class ReturnPlanTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
    private static final List<Item> ITEMS = List.of(new Item(1, 9, 7, 6, "M", false));

    /** An allocation of line 1: allocation id, batch id, quantity, already returned, days to expiry, price, status. */
    private static Sold sold(long id, long batchId, int quantity, int returned, int days, String price, String status) {
        return new Sold(id, 1, batchId, 7, quantity, returned, new BigDecimal(price), TODAY.plusDays(days), status);
    }

    private static String taken(List<Portion> portions) {
        return String.join(" ", portions.stream().map(p -> p.batchId() + ":" + p.quantity()).toList());
    }

    @Test
    void latestExpiryFirstThenTheHigherBatchSkippingWhatWasReturned() {
        List<Sold> sold = List.of(sold(1, 100, 2, 0, 30, "1.00"), sold(2, 101, 2, 1, 300, "2.00"),
                sold(3, 102, 2, 0, 300, "3.00"));
        List<Portion> p = ReturnPlan.portions(List.of(new ReturnLine(1L, 4, true)), ITEMS, sold, TODAY);
        assertEquals("102:2 101:1 100:1", taken(p));
        assertEquals(new BigDecimal("9.00"), ReturnPlan.refund(p));
    }

    @Test
    void refusals() {
        List<Sold> sold = List.of(sold(1, 100, 3, 1, 30, "1.00"));
        ApiException over = assertThrows(ApiException.class,
                () -> ReturnPlan.portions(List.of(new ReturnLine(1L, 3, false)), ITEMS, sold, TODAY));
        assertEquals(List.of(new ReturnPlan.Shortage(1, 7, 3, 2)), over.shortages());
        ApiException unknown = assertThrows(ApiException.class,
                () -> ReturnPlan.portions(List.of(new ReturnLine(5L, 1, false)), ITEMS, sold, TODAY));
        assertEquals("items[0].orderItemId", unknown.errors().get(0).field());
        // Expiring today is expired; a held batch is not restocked, but may come back without stock.
        List<Sold> expiring = List.of(sold(1, 100, 3, 0, 0, "1.00"));
        assertTrue(assertThrows(ApiException.class, () -> ReturnPlan.portions(List.of(new ReturnLine(1L, 1, true)),
                ITEMS, expiring, TODAY)).getMessage().contains("expired on " + TODAY));
        List<Sold> held = List.of(sold(1, 100, 3, 0, 30, "1.00", "ON_HOLD"));
        assertThrows(ApiException.class, () -> ReturnPlan.portions(List.of(new ReturnLine(1L, 1, true)), ITEMS,
                held, TODAY));
        assertEquals(1, ReturnPlan.portions(List.of(new ReturnLine(1L, 1, false)), ITEMS, held, TODAY).size());
        assertThrows(ApiException.class, () -> ReturnPlan.requireOneLinePerItem(List.of(new ReturnLine(1L, 1, true),
                new ReturnLine(1L, 1, false))));
    }

    @Test
    void aCancellationGivesBackWhatWasNotReturned() {
        List<Sold> sold = List.of(sold(1, 100, 3, 1, 30, "1.00"), sold(2, 101, 2, 2, 300, "2.00"));
        List<OrderRows.Allocation> rest = ReturnPlan.unreturned(sold, 4);
        assertEquals(1, rest.size());
        assertEquals(100, rest.get(0).batchId());
        assertEquals(2, rest.get(0).quantity());
        ReturnRows.Returned r = ReturnPlan.returned(sold, 4).get(0);
        assertEquals(3, r.quantity());
        assertEquals(0, new BigDecimal("5.00").compareTo(r.refund()));
    }

    private static Sold sold(long id, long batchId, int quantity, int returned, int days, String price) {
        return sold(id, batchId, quantity, returned, days, price, "ACTIVE");
    }
}
