package com.pharmacyops.inventory;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class StockEventsResumeTest {

    @Test
    void aClientThatReconnectsWithLastEventIdSeesEveryMovementExactlyOnce() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "8.00");
        String number = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", batch);
        // Subscribed before the first receipt: a subscriber without Last-Event-ID starts at what is committed then.
        Events first = Events.open(store, crew.cashier(), null);
        AtomicBoolean stop = new AtomicBoolean();
        // Two writers, several receipts a second each, so that ledger ids now and then commit out of order.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            writers.add(pool.submit(() -> {
                int n = 0;
                while (!stop.get()) {
                    as(crew.manager()).contentType(ContentType.JSON).body(receipt(medicine, number, 1 + n % 3))
                            .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201);
                    n++;
                    Thread.sleep(50);
                }
                return n;
            }));
        }
        List<Long> seen = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                seen.add(first.next());
            }
            first.kill(); // mid-stream: receipts go on
            long last = seen.get(seen.size() - 1);
            assertTrue(within(() -> Db.count("SELECT count(*) FROM stock_movements WHERE store_id = ? AND id > ?",
                    store, last) >= 5), "movements committed while the client was away");
            Events second = Events.open(store, crew.cashier(), Long.toString(last));
            for (int i = 0; i < 10; i++) {
                seen.add(second.next());
            }
            stop.set(true);
            for (Future<Integer> w : writers) {
                assertTrue(w.get(60, TimeUnit.SECONDS) > 0);
            }
            long end = ((Number) Db.value("SELECT max(id) FROM stock_movements WHERE store_id = ?", store)).longValue();
            while (seen.get(seen.size() - 1) < end) {
                seen.add(second.next());
            }
            second.kill();
        } finally {
            stop.set(true);
            pool.shutdown();
        }
        List<Long> ledger = new ArrayList<>();
        try (var c = Db.connect(); var s = c.prepareStatement(
                "SELECT id FROM stock_movements WHERE store_id = ? ORDER BY id")) {
            s.setLong(1, store);
            var rs = s.executeQuery();
            while (rs.next()) {
                ledger.add(rs.getLong(1));
            }
        }
        // Every movement of the store, each once, in ledger order.
        assertEquals(ledger, seen);
        System.out.printf("resume: %d movements seen exactly once across a killed connection%n", seen.size());
    }

    @Test
    void aMovementWaitsUntilEverySmallerLedgerIdHasCommitted() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long held = Catalog.batch(medicine, LocalDate.now().plusYears(1), "8.00");
        Catalog.batch(medicine, LocalDate.now().plusYears(2), "8.00");
        String number = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", held);
        Events events = Events.open(store, crew.cashier(), null);
        try (var c = Db.connect()) {
            c.setAutoCommit(false);
            // Draws a ledger id and keeps it uncommitted.
            try (var s = c.prepareStatement("""
                    WITH s AS (INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at,
                        created_by, updated_by) VALUES (?, ?, ?, 5, now(), now(), 'test', 'test'))
                    INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason,
                        reference_type, reference_id, actor, occurred_at, created_at, updated_at, created_by, updated_by)
                    VALUES (?, ?, ?, 5, 5, 'RECEIPT', 'RECEIPT', 0, 'test', now(), now(), now(), 'test', 'test')
                    RETURNING id""")) {
                for (int i = 0; i < 2; i++) {
                    s.setLong(1 + 3 * i, store);
                    s.setLong(2 + 3 * i, held);
                    s.setLong(3 + 3 * i, medicine);
                }
                var rs = s.executeQuery();
                rs.next();
                long first = rs.getLong(1);
                // A larger id commits first (another batch: no lock in common).
                String other = (String) Db.value("SELECT batch_number FROM batches WHERE medicine_id = ? AND id <> ?",
                        medicine, held);
                as(crew.manager()).contentType(ContentType.JSON).body(Map.of("items", List.of(Map.of("medicineId",
                        medicine, "batchNumber", other, "expiryDate", LocalDate.now().plusYears(2).toString(), "mrp", 8,
                        "quantity", 2)))).post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201);
                // Not sent while a smaller id may still commit: a client that saw it would skip that one on resume.
                assertEquals(null, events.ids.poll(1500, TimeUnit.MILLISECONDS));
                c.commit();
                assertEquals(first, events.next());
                assertTrue(events.next() > first);
            }
        } finally {
            events.kill();
        }
        assertTrue(number != null);
    }

    @Test
    void aResumeTheLedgerCannotServeIsA409AndAMalformedIdA400() {
        long store = Fixtures.store();
        long other = Fixtures.store();
        Crew crew = Crew.in(store);
        long batch = Catalog.batch(Catalog.medicine());
        long medicine = ((Number) Db.value("SELECT medicine_id FROM batches WHERE id = ?", batch)).longValue();
        Db.exec("""
                INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by, updated_by)
                VALUES (?, ?, ?, 5, now(), now(), 'test', 'test')""", store, batch, medicine);
        long old = Db.insert("""
                INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason,
                    reference_type, reference_id, actor, occurred_at, created_at, updated_at, created_by, updated_by)
                VALUES (?, ?, ?, 5, 5, 'RECEIPT', 'RECEIPT', 0, 'test', now() - interval '25 hours', now(), now(),
                    'test', 'test')""", store, batch, medicine);
        long before = Db.count("SELECT count(*) FROM stock_movements WHERE store_id = ?", store);

        // A movement older than 24 h was missed.
        resume(crew.cashier(), store, Long.toString(old - 1)).statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("older than 24 h")).body("detail", containsString("/inventory"));
        // An id the ledger has not reached (another database, a restored one).
        resume(crew.cashier(), store, "999999999999").statusCode(409)
                .body("detail", containsString("not in the ledger"));
        resume(crew.cashier(), store, "12abc").statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", startsWith("Last-Event-ID"));
        resume(crew.cashier(), store, "0").statusCode(400);
        // Another store: 404 before anything is read.
        resume(crew.cashier(), other, Long.toString(old - 1)).statusCode(404);
        assertEquals(before, Db.count("SELECT count(*) FROM stock_movements WHERE store_id = ?", store));
    }

    @Test
    void moreMissedMovementsThanTheLimitAreRefused() {
        assertEquals(null, StockEventReads.refusal(10, 100_000, false, 20, 100_000, java.time.Duration.ofHours(24)));
        assertNotNull(StockEventReads.refusal(10, 100_001, false, 20, 100_000, java.time.Duration.ofHours(24)));
        assertNotNull(StockEventReads.refusal(10, 0, true, 20, 100_000, java.time.Duration.ofHours(24)));
        assertNotNull(StockEventReads.refusal(21, 0, false, 20, 100_000, java.time.Duration.ofHours(24)));
    }

    private static io.restassured.response.ValidatableResponse resume(String user, long store, String lastEventId) {
        return as(user).accept("text/event-stream").header("Last-Event-ID", lastEventId)
                .get("/api/v1/stores/" + store + "/stock-events").then();
    }

    /** An SSE client: the ids of the events it reads, each checked against its data. */
    private static final class Events {

        private final BlockingQueue<Long> ids = new LinkedBlockingQueue<>();
        private final HttpResponse<Stream<String>> response;

        private Events(HttpResponse<Stream<String>> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                Long id = null;
                try {
                    for (var it = response.body().iterator(); it.hasNext();) {
                        String line = it.next();
                        if (line.startsWith("id:")) {
                            id = Long.parseLong(line.substring(3).trim());
                        } else if (line.startsWith("data:")) {
                            assertEquals(id, JsonPath.from(line.substring(5)).getLong("id"));
                            ids.add(id);
                        }
                    }
                } catch (RuntimeException e) {
                    // killed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Events open(long store, String user, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                    + "/api/v1/stores/" + store + "/stock-events"))
                    .header("Authorization", "Bearer " + Fixtures.token(user)).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            return new Events(response);
        }

        long next() throws InterruptedException {
            Long id = ids.poll(30, TimeUnit.SECONDS);
            assertNotNull(id, "no event within 30 s");
            return id;
        }

        void kill() {
            response.body().close();
        }
    }

    private static boolean within(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.call();
    }

    private static Map<String, Object> receipt(long medicine, String number, int quantity) {
        return Map.of("items", List.of(Map.of("medicineId", medicine, "batchNumber", number, "expiryDate",
                LocalDate.now().plusYears(1).toString(), "mrp", 8, "quantity", quantity)));
    }
}
