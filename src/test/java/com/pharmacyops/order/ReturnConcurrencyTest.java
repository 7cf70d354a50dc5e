package com.pharmacyops.order;

import static com.pharmacyops.order.Returns.body;
import static com.pharmacyops.order.Returns.cancel;
import static com.pharmacyops.order.Returns.lines;
import static com.pharmacyops.order.Returns.post;
import static com.pharmacyops.order.Returns.sold;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Returns under contention and in random sequences with cancellations: never more back than was sold. */
@QuarkusTest
class ReturnConcurrencyTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    /** Per order line: units sold less units returned, from the database; never negative. */
    private static void assertNeverMoreReturnedThanSold(long store) {
        assertEquals(0, Db.count("""
                SELECT count(*) FROM order_allocations a
                LEFT JOIN (SELECT allocation_id, sum(quantity) AS returned FROM order_return_items
                           GROUP BY allocation_id) r ON r.allocation_id = a.id
                WHERE a.store_id = ? AND a.quantity - COALESCE(r.returned, 0) < 0""", store));
    }

    @Test
    void twentyConcurrentReturnsOfOneLineNeverExceedWhatWasSold() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long near = Catalog.batch(medicine, TODAY.plusDays(40), "3.00");
        long far = Catalog.batch(medicine, TODAY.plusDays(400), "3.50");
        Catalog.seedStock(store, near, 6);
        Catalog.seedStock(store, far, 20);
        long order = sold(crew.cashier(), store, medicine, 10); // near 6, far 4
        long line = lines(crew.cashier(), store, order).get(0);
        String token = Fixtures.token(crew.pharmacist());
        String json = "{\"reason\":\"rush\",\"items\":[{\"orderItemId\":" + line
                + ",\"quantity\":1,\"restock\":true}]}";
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                    + Orders.url(store, order) + "/returns")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Long> outcomes = calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertEquals(Map.of(201, 10L, 409, 10L), outcomes);
        assertEquals(10, Db.count("SELECT coalesce(sum(quantity), 0) FROM order_return_items WHERE order_item_id = ?",
                line));
        assertEquals(6, Catalog.stock(store, near));
        assertEquals(20, Catalog.stock(store, far));
        assertEquals(10, Db.count("SELECT count(*) FROM stock_movements WHERE reason = 'CUSTOMER_RETURN'"
                + " AND store_id = ?", store));
        assertNeverMoreReturnedThanSold(store);
        Ledgers.assertInvariant();
    }

    /**
     * Random returns (some asking too much, some not restocked) and cancellations over a few orders, each answer
     * checked against a model of what each line can still return, and the database against the model after.
     */
    @Test
    void aRandomSequenceKeepsTheLedgerAndEveryLineExact() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        List<Long> medicines = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            long medicine = Catalog.medicine();
            medicines.add(medicine);
            for (int b = 0; b < 3; b++) {
                Catalog.seedStock(store, Catalog.batch(medicine, TODAY.plusDays(30 + 100L * b), (5 + b) + ".00"), 30);
            }
        }
        long shelf = 3 * 3 * 30; // units the model expects on the shelf
        Map<Long, Integer> returnable = new HashMap<>(); // line → units it can still return
        Map<Long, Long> orderOf = new HashMap<>();
        List<Long> open = new ArrayList<>();
        for (int o = 0; o < 8; o++) {
            long order = sold(crew.cashier(), store, medicines.get(0), 2 + random.nextInt(6),
                    medicines.get(1 + o % 2), 2 + random.nextInt(6));
            open.add(order);
            for (long line : lines(crew.cashier(), store, order)) {
                int quantity = ((Number) Db.value("SELECT quantity FROM order_items WHERE id = ?", line)).intValue();
                returnable.put(line, quantity);
                shelf -= quantity;
                orderOf.put(line, order);
            }
        }
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (int step = 0; step < 60 && !open.isEmpty(); step++) {
            long order = open.get(random.nextInt(open.size()));
            List<Long> orderLines = returnable.keySet().stream().filter(l -> orderOf.get(l) == order).sorted().toList();
            int left = orderLines.stream().mapToInt(returnable::get).sum();
            String where = "seed " + seed + ", step " + step + ", order " + order;
            if (random.nextInt(10) == 0) {
                cancel(crew.manager(), store, order).then().statusCode(left > 0 ? 200 : 409);
                outcomes.merge("cancel " + (left > 0 ? 200 : 409), 1, Integer::sum);
                if (left > 0) {
                    open.remove(order);
                    shelf += left;
                    assertEquals(left, Db.count("SELECT sum(quantity_delta) FROM stock_movements WHERE reference_id = ?"
                            + " AND reason = 'SALE_CANCELLATION'", order), where);
                }
                continue;
            }
            long line = orderLines.get(random.nextInt(orderLines.size()));
            int quantity = 1 + random.nextInt(3);
            int expected = quantity <= returnable.get(line) ? 201 : 409;
            boolean restock = random.nextInt(3) > 0;
            int status = post(crew.pharmacist(), store, order, body("step " + step, line, quantity, restock ? 1 : 0))
                    .then().extract().statusCode();
            assertEquals(expected, status, where);
            outcomes.merge("return " + status, 1, Integer::sum);
            if (status == 201) {
                returnable.merge(line, -quantity, Integer::sum);
                shelf += restock ? quantity : 0;
            }
        }
        for (var e : returnable.entrySet()) {
            long returned = Db.count("SELECT coalesce(sum(quantity), 0) FROM order_return_items"
                    + " WHERE order_item_id = ?", e.getKey());
            long sold = Db.count("SELECT quantity FROM order_items WHERE id = ?", e.getKey());
            assertEquals(sold - e.getValue(), returned, "seed " + seed + ", line " + e.getKey());
        }
        System.out.printf("random returns and cancels, seed %d: %s%n", seed, outcomes);
        // Every unit is where the model puts it: sold, back from restocked returns and cancellations.
        assertEquals(shelf, Db.count("SELECT coalesce(sum(quantity), 0) FROM stock WHERE store_id = ?", store),
                "seed " + seed);
        assertNeverMoreReturnedThanSold(store);
        Ledgers.assertInvariant();
    }
}
