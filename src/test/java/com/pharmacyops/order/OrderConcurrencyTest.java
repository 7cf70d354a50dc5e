package com.pharmacyops.order;

import static com.pharmacyops.order.Orders.create;
import static com.pharmacyops.order.Orders.order;
import static com.pharmacyops.support.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Confirmation under contention: never oversold, never deadlocked, the ledger always exact. */
@QuarkusTest
class OrderConcurrencyTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static Map<Integer, Long> confirmAll(String who, long store, List<Long> orders) {
        String token = Fixtures.token(who);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (long order : orders) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                    + "/api/v1/stores/" + store + "/orders/" + order + "/confirm"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        return calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void theFirstOrdersOfAStoreAtOnceAllGetDistinctNumbers() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        String token = Fixtures.token(crew.cashier());
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                    + "/api/v1/stores/" + store + "/orders")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"medicineId\":" + medicine
                            + ",\"quantity\":1}]}")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Long> outcomes = calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        // They all miss the store's number block at once and share one reservation; each still runs in its own
        // transaction.
        assertEquals(Map.of(201, 60L), outcomes);
        assertEquals(60, Db.count("SELECT count(DISTINCT order_number) FROM orders WHERE store_id = ?", store));
        assertEquals(60, Db.count("SELECT count(*) FROM audit_events WHERE store_id = ? AND action = 'CREATE'"
                + " AND entity_type = 'ORDER'", store));
    }

    @Test
    void twoHundredClientsNeverOversellFiftyUnits() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "7.00");
        Catalog.seedStock(store, batch, 50);
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            orders.add(create(crew.cashier(), store, order(null, medicine, 1)));
        }

        long start = System.nanoTime();
        Map<Integer, Long> outcomes = confirmAll(crew.cashier(), store, orders);
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Map.of(200, 50L, 409, 150L), outcomes);
        assertEquals(0, Catalog.stock(store, batch));
        assertEquals(50, Db.count("SELECT count(*) FROM stock_movements WHERE batch_id = ? AND reason = 'SALE'", batch));
        assertEquals(50, Db.count("SELECT count(*) FROM orders WHERE store_id = ? AND status = 'CONFIRMED'", store));
        assertEquals(50, Db.count("SELECT count(*) FROM order_allocations WHERE store_id = ?", store));
        Ledgers.assertInvariant();
        System.out.printf("200 concurrent confirmations of 50 units: %s in %d ms (%.0f confirmations/s)%n", outcomes,
                ms, 200_000.0 / ms);
    }

    @Test
    void oppositeLineOrdersNeverDeadlock() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        List<Long> medicines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long m = Catalog.medicine();
            medicines.add(m);
            Catalog.seedStock(store, Catalog.batch(m, LocalDate.now().plusDays(60), "1.00"), 40);
            Catalog.seedStock(store, Catalog.batch(m, LocalDate.now().plusDays(400), "1.50"), 40);
        }
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            List<Long> lines = new ArrayList<>(medicines);
            if (i % 2 == 1) {
                java.util.Collections.reverse(lines);
            }
            long[] body = new long[10];
            for (int j = 0; j < 5; j++) {
                body[2 * j] = lines.get(j);
                body[2 * j + 1] = 1;
            }
            orders.add(create(crew.cashier(), store, order(null, body)));
        }
        Map<Integer, Long> outcomes = confirmAll(crew.cashier(), store, orders);
        // 80 units of each medicine: the first 80 orders in lock order win, the rest are short. No 500, no deadlock.
        assertEquals(Map.of(200, 80L, 409, 40L), outcomes);
        for (long m : medicines) {
            assertEquals(0L, ((Number) Db.value("SELECT sum(quantity) FROM stock WHERE store_id = ? AND medicine_id = ?",
                    store, m)).longValue());
        }
        Ledgers.assertInvariant();
        System.out.printf("120 concurrent 5-line confirmations in opposite orders: %s%n", outcomes);
    }

    @Test
    void randomizedLifecycleKeepsTheLedgerExact() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        Random random = new Random(2026);
        List<Long> medicines = new ArrayList<>();
        long initial = 0;
        for (int i = 0; i < 4; i++) {
            long m = Catalog.medicine();
            medicines.add(m);
            for (int b = 0; b < 2; b++) {
                int q = 5 + random.nextInt(20);
                Catalog.seedStock(store, Catalog.batch(m, LocalDate.now().plusDays(30 + random.nextInt(500)), "2.00"),
                        q);
                initial += q;
            }
        }
        List<Long> confirmed = new ArrayList<>();
        int refused = 0;
        for (int op = 0; op < 60; op++) {
            long m = medicines.get(random.nextInt(medicines.size()));
            long order = create(crew.cashier(), store, order(null, m, 1 + random.nextInt(8)));
            int status = as(crew.cashier()).post(Orders.url(store, order) + "/confirm").then().extract().statusCode();
            assertTrue(status == 200 || status == 409, "status " + status);
            if (status == 200) {
                confirmed.add(order);
            } else {
                refused++;
            }
            if (!confirmed.isEmpty() && random.nextInt(4) == 0) {
                long back = confirmed.remove(random.nextInt(confirmed.size()));
                as(crew.manager()).contentType(ContentType.JSON).body(Map.of("reason", "return"))
                        .post(Orders.url(store, back) + "/cancel").then().statusCode(200);
            }
        }
        long sold = Db.count("SELECT COALESCE(sum(quantity), 0) FROM order_allocations a JOIN orders o ON o.id = a.order_id"
                + " WHERE o.store_id = ? AND o.status = 'CONFIRMED'", store);
        long left = Db.count("SELECT sum(quantity) FROM stock WHERE store_id = ?", store);
        assertEquals(initial, left + sold);
        Ledgers.assertInvariant();
        System.out.printf("randomized lifecycle: %d still confirmed, %d refused, %d of %d units sold%n",
                confirmed.size(), refused, sold, initial);
    }
}
