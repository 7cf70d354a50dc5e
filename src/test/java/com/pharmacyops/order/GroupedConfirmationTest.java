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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Grouped confirmations (#17): one transaction for many orders, each still decided and answered on its own. */
@QuarkusTest
class GroupedConfirmationTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private double groups() {
        return metric(management, "pharmacy_orders_group_size_count");
    }

    private double grouped() {
        return metric(management, "pharmacy_orders_group_size_sum");
    }

    @Test
    void fiveHundredClientsOnTwoHundredUnitsSellExactlyTwoHundred() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "3.00");
        Catalog.seedStock(store, batch, 200);
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            orders.add(create(crew.cashier(), store, order(null, medicine, 1)));
        }
        double groupsBefore = groups();
        double groupedBefore = grouped();

        ExecutorService clients = Executors.newFixedThreadPool(50);
        List<Future<Integer>> calls = new ArrayList<>();
        for (long o : orders) {
            calls.add(clients.submit(() -> Groups.confirm(crew.cashier(), store, o, null).join().statusCode()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : calls) {
            statuses.add(f.get());
        }
        clients.shutdown();

        Map<Integer, Long> outcomes = statuses.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(Map.of(200, 200L, 409, 300L), outcomes);
        assertEquals(0, Catalog.stock(store, batch));
        assertEquals(200, Db.count("SELECT count(*) FROM stock_movements WHERE batch_id = ? AND reason = 'SALE'",
                batch));
        assertEquals(200, Db.count("SELECT count(*) FROM orders WHERE store_id = ? AND status = 'CONFIRMED'", store));
        assertEquals(0, Db.count("""
                SELECT count(*) FROM orders o WHERE o.store_id = ? AND o.status = 'CONFIRMED'
                  AND NOT EXISTS (SELECT 1 FROM order_allocations a WHERE a.order_id = o.id)""", store));
        assertEquals(200, Db.count("SELECT count(*) FROM order_allocations WHERE store_id = ?", store));
        assertEquals(200, Db.count("SELECT count(*) FROM audit_events WHERE store_id = ? AND action = 'CONFIRM'",
                store));
        Ledgers.assertInvariant();
        double n = groups() - groupsBefore;
        double size = grouped() - groupedBefore;
        // 500 confirmations in fewer transactions than confirmations: some group held more than one.
        assertEquals(500, size);
        assertTrue(n < size, "groups " + n + " for " + size + " confirmations");
        System.out.printf("500 concurrent confirmations of 200 units: %s in %.0f groups%n", outcomes, n);
    }

    @Test
    void aShortOrderInAGroupChangesNothingAndTheOthersConfirm() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long blocker = Catalog.medicine();
        long blockerBatch = Catalog.batch(blocker);
        Catalog.seedStock(store, blockerBatch, 1);
        long plenty = Catalog.medicine();
        long plentyBatch = Catalog.batch(plenty);
        Catalog.seedStock(store, plentyBatch, 10);
        long scarce = Catalog.medicine();
        long scarceBatch = Catalog.batch(scarce);
        Catalog.seedStock(store, scarceBatch, 1);
        long first = create(crew.cashier(), store, order(null, blocker, 1));
        long before = create(crew.cashier(), store, order(null, plenty, 2));
        long shortOne = create(crew.cashier(), store, order(null, plenty, 2, scarce, 5));
        long after = create(crew.cashier(), store, order(null, plenty, 3));
        double groupsBefore = groups();
        double groupedBefore = grouped();

        CompletableFuture<HttpResponse<String>> a;
        CompletableFuture<HttpResponse<String>> b;
        CompletableFuture<HttpResponse<String>> c;
        CompletableFuture<HttpResponse<String>> d;
        try (Connection lock = Groups.lockStock(store, blockerBatch)) {
            a = Groups.confirm(crew.cashier(), store, first, null);
            Groups.awaitLockWaiter();
            b = Groups.queue(management, crew.cashier(), store, before, null);
            c = Groups.queue(management, crew.cashier(), store, shortOne, null);
            d = Groups.queue(management, crew.cashier(), store, after, null);
            lock.rollback();
        }

        assertEquals(200, a.join().statusCode());
        assertEquals(200, b.join().statusCode());
        assertEquals(200, d.join().statusCode());
        HttpResponse<String> refused = c.join();
        assertEquals(409, refused.statusCode(), refused.body());
        JsonPath problem = JsonPath.from(refused.body());
        assertEquals(1, problem.getList("shortages").size());
        assertEquals(scarce, problem.getLong("shortages[0].medicineId"));
        assertEquals(5, problem.getInt("shortages[0].requested"));
        assertEquals(1, problem.getInt("shortages[0].available"));
        // Two groups: the first order alone, then the three queued behind it together.
        assertEquals(2, groups() - groupsBefore);
        assertEquals(4, grouped() - groupedBefore);
        assertEquals("CREATED", Db.value("SELECT status FROM orders WHERE id = ?", shortOne));
        assertEquals(0, Db.count("SELECT count(*) FROM order_allocations WHERE order_id = ?", shortOne));
        assertEquals(0, Db.count("SELECT count(*) FROM stock_movements WHERE reference_type = 'ORDER'"
                + " AND reference_id = ?", shortOne));
        assertEquals(0, Db.count("SELECT count(*) FROM audit_events WHERE entity_id = ? AND action = 'CONFIRM'",
                String.valueOf(shortOne)));
        assertEquals(5, Catalog.stock(store, plentyBatch));
        assertEquals(1, Catalog.stock(store, scarceBatch));
        assertEquals(0, Catalog.stock(store, blockerBatch));
        for (long o : List.of(first, before, after)) {
            assertEquals("CONFIRMED", Db.value("SELECT status FROM orders WHERE id = ?", o));
        }
        Ledgers.assertInvariant();
    }

    @Test
    void aGroupedConfirmationReplaysAndAPrescriptionOrderOfACashierIsRefusedAlone() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long blocker = Catalog.medicine();
        long blockerBatch = Catalog.batch(blocker);
        Catalog.seedStock(store, blockerBatch, 1);
        long plain = Catalog.medicine();
        long plainBatch = Catalog.batch(plain);
        Catalog.seedStock(store, plainBatch, 10);
        long rx = Catalog.medicine(true, 0);
        long rxBatch = Catalog.batch(rx);
        Catalog.seedStock(store, rxBatch, 10);
        long first = create(crew.cashier(), store, order(null, blocker, 1));
        long prescription = create(crew.cashier(), store, order("RX-1", rx, 1));
        long keyed = create(crew.cashier(), store, order(null, plain, 2));
        long other = create(crew.cashier(), store, order(null, plain, 1));
        String key = "group-" + keyed;
        double groupsBefore = groups();

        CompletableFuture<HttpResponse<String>> a;
        CompletableFuture<HttpResponse<String>> p;
        CompletableFuture<HttpResponse<String>> k;
        CompletableFuture<HttpResponse<String>> o;
        try (Connection lock = Groups.lockStock(store, blockerBatch)) {
            a = Groups.confirm(crew.cashier(), store, first, null);
            Groups.awaitLockWaiter();
            p = Groups.queue(management, crew.cashier(), store, prescription, "group-rx-" + prescription);
            k = Groups.queue(management, crew.pharmacist(), store, keyed, key);
            o = Groups.queue(management, crew.cashier(), store, other, null);
            lock.rollback();
        }

        assertEquals(200, a.join().statusCode());
        assertEquals(403, p.join().statusCode(), p.join().body());
        assertEquals(200, o.join().statusCode());
        HttpResponse<String> confirmed = k.join();
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals(2, groups() - groupsBefore);
        assertEquals("CREATED", Db.value("SELECT status FROM orders WHERE id = ?", prescription));
        assertEquals(0, Db.count("SELECT count(*) FROM order_allocations WHERE order_id = ?", prescription));
        assertEquals(10, Catalog.stock(store, rxBatch));
        // The refused request's key is released; the confirmed one's response is on record with its commit.
        assertEquals(0, Db.count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", "group-rx-" + prescription));
        assertEquals(1, Db.count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ? AND completed", key));

        var replay = as(crew.pharmacist()).header("Idempotency-Key", key).post(Orders.url(store, keyed) + "/confirm")
                .then().statusCode(200).header("Idempotent-Replayed", "true").extract();
        Map<String, Object> original = JsonPath.from(confirmed.body()).getMap("");
        assertEquals(original, replay.jsonPath().getMap(""));
        assertEquals(1, Db.count("SELECT count(*) FROM stock_movements WHERE reference_type = 'ORDER'"
                + " AND reference_id = ?", keyed));
        assertEquals(7, Catalog.stock(store, plainBatch));
        Ledgers.assertInvariant();
    }

    @Test
    void mixedHotAndUniformLoadWithCancelsKeepsTheLedgerExact() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        Random random = new Random(17);
        long hot = Catalog.medicine();
        Catalog.seedStock(store, Catalog.batch(hot, LocalDate.now().plusDays(90), "2.00"), 60);
        Catalog.seedStock(store, Catalog.batch(hot, LocalDate.now().plusDays(300), "2.50"), 60);
        List<Long> uniform = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long m = Catalog.medicine();
            uniform.add(m);
            Catalog.seedStock(store, Catalog.batch(m, LocalDate.now().plusDays(30 + random.nextInt(400)), "1.00"), 15);
        }
        long initial = 120 + 10 * 15;
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long m = uniform.get(random.nextInt(uniform.size()));
            orders.add(create(crew.cashier(), store, i % 2 == 0 ? order(null, hot, 1)
                    : order(null, m, 1 + random.nextInt(3), hot, random.nextInt(4) == 0 ? 2 : 1)));
        }
        double groupsBefore = groups();

        ExecutorService clients = Executors.newFixedThreadPool(30);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            long o = orders.get(i);
            boolean cancel = i % 3 == 0;
            calls.add(clients.submit(() -> {
                int status = Groups.confirm(crew.cashier(), store, o, null).join().statusCode();
                if (status == 200 && cancel) {
                    return "200+cancel " + as(crew.manager()).contentType(ContentType.JSON)
                            .body(Map.of("reason", "returned")).post(Orders.url(store, o) + "/cancel")
                            .then().extract().statusCode();
                }
                return String.valueOf(status);
            }));
        }
        Map<String, Long> outcomes = new TreeMap<>();
        for (Future<String> f : calls) {
            outcomes.merge(f.get(), 1L, Long::sum);
        }
        clients.shutdown();

        assertTrue(outcomes.keySet().stream().allMatch(k -> k.equals("200") || k.equals("409")
                || k.equals("200+cancel 200")), outcomes.toString());
        long sold = Db.count("SELECT COALESCE(sum(a.quantity), 0) FROM order_allocations a JOIN orders o"
                + " ON o.id = a.order_id WHERE o.store_id = ? AND o.status = 'CONFIRMED'", store);
        long left = Db.count("SELECT sum(quantity) FROM stock WHERE store_id = ?", store);
        assertEquals(initial, left + sold);
        assertEquals(0, Db.count("SELECT count(*) FROM orders o WHERE o.store_id = ? AND o.status = 'CREATED'"
                + " AND EXISTS (SELECT 1 FROM order_allocations a WHERE a.order_id = o.id)", store));
        Ledgers.assertInvariant();
        // Fewer transactions than confirmations: the load was grouped.
        assertTrue(groups() - groupsBefore < 300, "groups: " + (groups() - groupsBefore));
        System.out.printf("mixed hot and uniform load with cancels: %s, %d of %d units sold%n", outcomes, sold,
                initial);
    }
}
