package com.pharmacyops.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.RawHttp;
import com.pharmacyops.support.Snapshot;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A store with 100 000 receipts of two lines each: streamed with flat memory (the lines are read a fetch at a
 * time), and, as every list stream, within the per-user cap (test default 4).
 */
@QuarkusTest
class DocumentStreamLimitsTest {

    static final int RECEIPTS = 100_000;

    static long store;

    @BeforeAll
    static void seed() {
        store = Fixtures.store();
        long medicine = Catalog.medicine();
        long first = Catalog.batch(medicine);
        long second = Catalog.batch(medicine);
        Db.exec("""
                INSERT INTO stock_receipts (store_id, supplier, invoice_number, created_at, updated_at, created_by,
                                            updated_by)
                SELECT ?, 'Supplier ' || g, 'INV-' || g, now() - g * interval '1 second', now(), 'test', 'test'
                FROM generate_series(1, ?) g""", store, RECEIPTS);
        Db.exec("""
                INSERT INTO stock_receipt_items (receipt_id, store_id, batch_id, quantity, created_at, updated_at,
                                                 created_by, updated_by)
                SELECT r.id, r.store_id, b.id, 1 + r.id % 50, now(), now(), 'test', 'test'
                FROM stock_receipts r CROSS JOIN (VALUES (?::bigint), (?::bigint)) AS b(id) WHERE r.store_id = ?
                ORDER BY r.id, b.id""", first, second, store);
    }

    @Test
    void streamsHundredThousandReceiptsWithFlatMemory() throws Exception {
        String reader = "receipts-" + Fixtures.unique().toLowerCase();
        Fixtures.user(reader, "AUDITOR");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + "/api/v1/stores/" + store + "/stock-receipts")).header("Authorization", "Bearer "
                        + Fixtures.token(reader)).header("Accept", "application/x-ndjson").build();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicLong lines = new AtomicLong();
        AtomicLong withTwoLines = new AtomicLong();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        try (Stream<String> body = response.body()) {
            body.forEach(l -> {
                lines.incrementAndGet();
                if (l.split("\"batchNumber\"", -1).length == 3) { // two lines (no JSON parser per line: too slow)
                    withTwoLines.incrementAndGet();
                }
                if (lines.get() % 20_000 == 0) {
                    System.gc(); // the live set mid-stream, server and client (one JVM)
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                }
            });
        }
        assertEquals(RECEIPTS, lines.get());
        assertEquals(RECEIPTS, withTwoLines.get());
        long growth = peak.get() - baseline;
        assertTrue(growth < 64L << 20, "live heap grew by " + (growth >> 20) + " MB while streaming");
    }

    @Test
    void documentStreamsCountAgainstTheUsersCap() throws Exception {
        String hog = "hog-" + Fixtures.unique().toLowerCase();
        Fixtures.user(hog, "AUDITOR");
        String receipts = "/api/v1/stores/" + store + "/stock-receipts";
        List<RawHttp> open = new ArrayList<>();
        try {
            // Four streams that stop reading after the head (far more than the socket buffers hold) stay open.
            for (int i = 0; i < 4; i++) {
                RawHttp stream = RawHttp.get(receipts, hog, i % 2 == 0 ? "application/x-ndjson" : "text/event-stream");
                assertEquals(200, stream.status);
                open.add(stream);
            }
            String before = Snapshot.of();
            for (String path : List.of(receipts, "/api/v1/stores/" + store + "/stock-adjustments",
                    "/api/v1/stores/" + store + "/orders")) {
                for (String accept : List.of("application/x-ndjson", "text/event-stream")) {
                    try (RawHttp refused = RawHttp.get(path, hog, accept)) {
                        assertEquals(429, refused.status, path + " " + accept);
                        assertEquals("5", refused.header("Retry-After"));
                        assertTrue(refused.header("Content-Type").startsWith("application/problem+json"));
                        assertTrue(refused.body().contains("the most one user may have"));
                    }
                }
            }
            assertEquals(before, Snapshot.of());
        } finally {
            for (RawHttp stream : open) {
                stream.close();
            }
        }
    }
}
