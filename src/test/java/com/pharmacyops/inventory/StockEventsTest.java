package com.pharmacyops.inventory;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.RawHttp;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class StockEventsTest {

    @Inject
    StockEvents events;

    @Test
    void subscribersSeeCommittedMovementsOnlyOfTheirStore() throws Exception {
        long store = Fixtures.store();
        long other = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "8.00");
        String number = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", batch);

        as(crew.cashier()).accept("text/event-stream").get("/api/v1/stores/" + other + "/stock-events").then()
                .statusCode(404);
        // A store that does not exist is a 404 problem for a role that sees every store too, not a cut 200.
        as(crew.admin()).accept("text/event-stream").get("/api/v1/stores/987654321/stock-events").then()
                .statusCode(404).contentType(startsWith("application/problem+json"));

        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/v1/stores/" + store + "/stock-events"))
                .header("Authorization", "Bearer " + Fixtures.token(crew.cashier()))
                .header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> response.body().filter(l -> l.startsWith("data:"))
                .forEach(l -> events.add(l.substring(5))));
        reader.setDaemon(true);
        reader.start();

        // Refused: rolled back, so nothing is notified.
        as(crew.manager()).contentType(ContentType.JSON)
                .body(Map.of("reason", "LOST", "items", List.of(Map.of("batchId", batch, "quantityDelta", -1))))
                .post("/api/v1/stores/" + store + "/stock-adjustments").then().statusCode(409);
        // Another store's movement is not this subscriber's business.
        as(crew.admin()).contentType(ContentType.JSON).body(receipt(medicine, number, 3))
                .post("/api/v1/stores/" + other + "/stock-receipts").then().statusCode(201);
        assertNull(events.poll(1, TimeUnit.SECONDS));

        int receipt = as(crew.manager()).contentType(ContentType.JSON).body(receipt(medicine, number, 6))
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201).extract().path("id");
        String event = events.poll(10, TimeUnit.SECONDS);
        JsonPath json = JsonPath.from(event);
        assertEquals(store, json.getLong("storeId"));
        assertEquals(batch, json.getLong("batchId"));
        assertEquals(6, json.getInt("quantityDelta"));
        assertEquals(6, json.getInt("balanceAfter"));
        assertEquals("RECEIPT", json.getString("reason"));
        assertEquals(receipt, json.getInt("referenceId"));
        assertEquals(crew.manager(), json.getString("actor"));
        assertNull(events.poll(500, TimeUnit.MILLISECONDS));
        response.body().close();
    }

    @Test
    void aUserHasAtMostFourSubscriptions() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                open.add(RawHttp.get(path(store), crew.cashier(), "text/event-stream"));
                assertEquals(200, open.get(i).status);
            }
            try (RawHttp fifth = RawHttp.get(path(store), crew.cashier(), "text/event-stream")) {
                assertEquals(429, fifth.status);
                assertEquals("5", fifth.header("Retry-After"));
                assertTrue(fifth.body().contains("4 live subscriptions open"));
            }
            // Another user is not affected.
            try (RawHttp others = RawHttp.get(path(store), crew.pharmacist(), "text/event-stream")) {
                assertEquals(200, others.status);
            }
            open.remove(0).close();
            // A subscription that ends gives its permit back.
            assertTrue(within(() -> {
                try (RawHttp again = RawHttp.get(path(store), crew.cashier(), "text/event-stream")) {
                    return again.status == 200;
                }
            }));
        } finally {
            for (RawHttp s : open) {
                s.close();
            }
        }
    }

    @Test
    void aSubscriberThatFallsBehindIsDroppedWithALastEvent() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        assertTrue(within(() -> events.subscribers() == 0));
        try (RawHttp lagging = RawHttp.get(path(store), crew.cashier(), "text/event-stream")) {
            assertEquals(200, lagging.status);
            assertTrue(within(() -> events.subscribers() == 1));
            // Far more movements than the socket buffers and the subscriber's buffer (2 000) hold, read by nobody:
            // one batch's stock and its ledger, consistent, committed at once, then one notification.
            long batch = Catalog.batch(Catalog.medicine());
            long medicine = ((Number) Db.value("SELECT medicine_id FROM batches WHERE id = ?", batch)).longValue();
            Db.exec("""
                    INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by,
                        updated_by) VALUES (?, ?, ?, ?, now(), now(), 'test', 'test')""", store, batch, medicine, BURST);
            Db.exec("""
                    INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason,
                        reference_type, reference_id, actor, occurred_at, created_at, updated_at, created_by, updated_by)
                    SELECT ?, ?, ?, 1, g, 'RECEIPT', 'RECEIPT', 0, 'test', now(), now(), now(), 'test', 'test'
                    FROM generate_series(1, ?) g ORDER BY g""", store, batch, medicine, BURST);
            Db.value("SELECT pg_notify(?, '{}')", Ledger.CHANNEL);
            assertTrue(within(() -> events.subscribers() == 0), "the lagging subscriber was not dropped");

            RawHttp.Body body = lagging.drain();
            assertTrue(body.complete(), "dropped with a last event, then ended properly");
            List<String> lines = body.text().lines().filter(l -> !l.isBlank()).toList();
            assertEquals("event:dropped", lines.get(lines.size() - 2).replace(" ", ""), lines.subList(0, 4)::toString);
            assertTrue(lines.get(lines.size() - 1).contains("fell more than 2000 events behind"));
            List<String> data = lines.stream().filter(l -> l.startsWith("data:")).toList();
            int delivered = data.size() - 1;
            assertTrue(delivered < BURST, delivered + " of " + BURST);
            // What was delivered is a prefix of the stream, in order: no gap in the middle.
            for (int i = 0; i < delivered; i++) {
                assertTrue(data.get(i).contains("\"balanceAfter\":" + (i + 1) + ","), data.get(i));
            }
            System.out.printf("lagging subscriber: %d of %d events delivered, then dropped%n", delivered, BURST);
        }
    }

    private static final int BURST = 50_000;

    private static String path(long store) {
        return "/api/v1/stores/" + store + "/stock-events";
    }

    private static boolean within(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.call();
    }

    private static Map<String, Object> receipt(long medicine, String number, int quantity) {
        return Map.of("items", List.of(Map.of("medicineId", medicine, "batchNumber", number, "expiryDate",
                LocalDate.now().plusYears(1).toString(), "mrp", 8, "quantity", quantity)));
    }
}
