package com.pharmacyops.order;

import static com.pharmacyops.order.Groups.metric;
import static com.pharmacyops.order.Orders.create;
import static com.pharmacyops.order.Orders.order;
import static com.pharmacyops.support.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Held batches are never allocated, also by confirmations that were already waiting when the hold committed. */
@QuarkusTest
class HeldBatchConfirmationTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** A hold as the service writes it (the V8 trigger locks the batch's stock rows), left open. */
    private static Connection openHold(long batch) throws Exception {
        Connection c = Db.connect();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("UPDATE batches SET status = 'ON_HOLD' WHERE id = ?")) {
            ps.setLong(1, batch);
            ps.executeUpdate();
        }
        return c;
    }

    private static long allocated(long order, long batch) {
        return Db.count("SELECT coalesce(sum(quantity), 0) FROM order_allocations WHERE order_id = ? AND batch_id = ?",
                order, batch);
    }

    @Test
    void confirmationsWaitingWhenTheHoldCommitsAndTheGroupAfterItSkipTheHeldBatch() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long held = Catalog.batch(medicine, LocalDate.now().plusDays(30), "1.00");
        long other = Catalog.batch(medicine, LocalDate.now().plusDays(300), "2.00");
        Catalog.seedStock(store, held, 10);
        Catalog.seedStock(store, other, 10);
        long waiting = create(crew.cashier(), store, order(null, medicine, 2));
        long queued1 = create(crew.cashier(), store, order(null, medicine, 3));
        long queued2 = create(crew.cashier(), store, order(null, medicine, 4));
        double groupsBefore = metric(management, "pharmacy_orders_group_size_count");

        HttpResponse<String> a;
        HttpResponse<String> b;
        HttpResponse<String> c;
        try (Connection hold = openHold(held)) {
            var first = Groups.confirm(crew.cashier(), store, waiting, null);
            // It locked nothing yet: it waits on the held batch's row, which the hold's UPDATE has locked.
            Groups.awaitLockWaiter();
            var second = Groups.queue(management, crew.cashier(), store, queued1, null);
            var third = Groups.queue(management, crew.cashier(), store, queued2, null);
            hold.commit();
            a = first.join();
            b = second.join();
            c = third.join();
        }
        assertEquals(200, a.statusCode(), a.body());
        assertEquals(200, b.statusCode(), b.body());
        assertEquals(200, c.statusCode(), c.body());
        // FEFO would take the held batch (it expires first); every unit came from the other one instead.
        for (long o : List.of(waiting, queued1, queued2)) {
            assertEquals(0, allocated(o, held));
        }
        assertEquals(2, allocated(waiting, other));
        assertEquals(3, allocated(queued1, other));
        assertEquals(4, allocated(queued2, other));
        assertEquals(10, Catalog.stock(store, held));
        assertEquals(1, Catalog.stock(store, other));
        // The waiting order alone, then the two queued behind it in one group.
        assertEquals(2, metric(management, "pharmacy_orders_group_size_count") - groupsBefore);
        Ledgers.assertInvariant();
    }

    @Test
    void aHeldBatchAloneIsAShortage() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        Catalog.seedStock(store, batch, 10);
        as(crew.admin()).contentType(ContentType.JSON).body(Map.of("reason", "lab"))
                .post("/api/v1/medicines/" + medicine + "/batches/" + batch + "/hold").then().statusCode(200);
        long o = create(crew.cashier(), store, order(null, medicine, 1));
        as(crew.cashier()).post(Orders.url(store, o) + "/confirm").then().statusCode(409)
                .body("shortages[0].available", org.hamcrest.Matchers.equalTo(0));
        assertEquals(10, Catalog.stock(store, batch));
        as(crew.admin()).post("/api/v1/medicines/" + medicine + "/batches/" + batch + "/release").then()
                .statusCode(200);
        as(crew.cashier()).post(Orders.url(store, o) + "/confirm").then().statusCode(200);
        assertEquals(9, Catalog.stock(store, batch));
    }

    /**
     * The "hold during load": 100 confirmations while the first-expiring batch is put on hold. The hold's
     * audit event records the units on hand when it committed (its UPDATE held every stock row of the batch): the
     * batch must end with exactly those, so no unit of it was sold after the hold committed. The first 20
     * confirmations complete before the hold is sent (so the held batch did sell: not vacuous) and the last 10
     * start after it answered (so there are sales after it, all from the other batch); the 70 between run during it.
     */
    @Test
    void holdDuringLoad() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long held = Catalog.batch(medicine, LocalDate.now().plusDays(30), "1.00");
        long other = Catalog.batch(medicine, LocalDate.now().plusDays(300), "2.00");
        Catalog.seedStock(store, held, 1000);
        Catalog.seedStock(store, other, 1000);
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            orders.add(create(crew.cashier(), store, order(null, medicine, 3)));
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        CountDownLatch first20 = new CountDownLatch(20);
        AtomicInteger doneBeforeHoldAnswered = new AtomicInteger();
        List<Future<Integer>> calls = new ArrayList<>();
        try {
            for (long o : orders.subList(0, 90)) {
                calls.add(clients.submit(() -> {
                    int status = Groups.confirm(crew.cashier(), store, o, null).join().statusCode();
                    doneBeforeHoldAnswered.incrementAndGet();
                    first20.countDown();
                    return status;
                }));
            }
            assertTrue(first20.await(120, TimeUnit.SECONDS));
            int atHold = doneBeforeHoldAnswered.get();
            as(crew.admin()).contentType(ContentType.JSON).body(Map.of("reason", "recall notice"))
                    .post("/api/v1/medicines/" + medicine + "/batches/" + held + "/hold").then().statusCode(200);
            int afterHold = doneBeforeHoldAnswered.get();
            for (long o : orders.subList(90, 100)) {
                calls.add(clients.submit(() -> Groups.confirm(crew.cashier(), store, o, null).join().statusCode()));
            }
            for (Future<Integer> call : calls) {
                assertEquals(200, call.get(120, TimeUnit.SECONDS));
            }
            System.out.printf("hold during load: %d confirmations done when the hold was sent, %d when it answered,"
                    + " 100 in all%n", atHold, afterHold);
        } finally {
            clients.shutdownNow();
        }
        long onHand = Long.parseLong(String.valueOf(Db.value("SELECT changes->>'onHand' FROM audit_events"
                + " WHERE entity_type = 'BATCH' AND entity_id = ? AND action = 'HOLD'", String.valueOf(held))));
        assertTrue(onHand <= 1000 - 20 * 3, "the first 20 sold from the held batch: " + onHand);
        assertEquals(onHand, Catalog.stock(store, held), "units of the held batch sold after the hold committed");
        assertEquals(1000 - onHand, Db.count("SELECT coalesce(-sum(quantity_delta), 0) FROM stock_movements"
                + " WHERE store_id = ? AND batch_id = ? AND reason = 'SALE'", store, held));
        for (long o : orders.subList(90, 100)) {
            assertEquals(0, allocated(o, held));
            assertEquals(3, allocated(o, other));
        }
        assertEquals(300, 2000 - Catalog.stock(store, held) - Catalog.stock(store, other));
        assertEquals(100, Db.count("SELECT count(*) FROM orders WHERE store_id = ? AND status = 'CONFIRMED'", store));
        Ledgers.assertInvariant();
        System.out.printf("hold during load: the held batch sold %d units before the hold, none after%n",
                1000 - onHand);
    }
}
