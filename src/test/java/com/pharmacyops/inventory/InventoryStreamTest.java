package com.pharmacyops.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * 100 000 inventory rows streamed as NDJSON: counted line by line as they arrive (never collected on either
 * side), while the heap of this JVM, which also runs the server, is sampled.
 */
@QuarkusTest
class InventoryStreamTest {

    static final int ROWS = 100_000;

    static long store;
    static String reader;

    @org.junit.jupiter.api.BeforeAll
    static void seed() {
        store = Fixtures.store();
        String suffix = Fixtures.unique();
        Db.exec("""
                INSERT INTO medicines (sku, name, prescription_required, reorder_level, active, created_at, updated_at,
                                       created_by, updated_by)
                SELECT 'STRM-' || ? || '-' || g, 'Stream medicine ' || g, FALSE, 0, TRUE, now(), now(), 'test', 'test'
                FROM generate_series(1, 100) g""", suffix);
        Db.exec("""
                INSERT INTO batches (medicine_id, batch_number, expiry_date, mrp, created_at, updated_at, created_by,
                                     updated_by)
                SELECT m.id, 'S' || g, current_date + 100 + g % 300, 10 + g % 90, now(), now(), 'test', 'test'
                FROM medicines m CROSS JOIN generate_series(1, 1000) g WHERE m.sku LIKE 'STRM-' || ? || '-%'""", suffix);
        Db.exec("""
                INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by,
                                   updated_by)
                SELECT ?, b.id, b.medicine_id, 1 + b.id % 50, now(), now(), 'test', 'test'
                FROM batches b JOIN medicines m ON m.id = b.medicine_id WHERE m.sku LIKE 'STRM-' || ? || '-%'""",
                store, suffix);
        Db.exec("""
                INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason,
                    reference_type, reference_id, actor, occurred_at, created_at, updated_at, created_by, updated_by)
                SELECT store_id, batch_id, medicine_id, quantity, quantity, 'RECEIPT', 'RECEIPT', 0, 'test', now(),
                       now(), now(), 'test', 'test' FROM stock WHERE store_id = ?""", store);
        assertEquals(ROWS, Db.count("SELECT count(*) FROM stock WHERE store_id = ?", store));
        reader = "stream-" + Fixtures.unique().toLowerCase();
        Fixtures.user(reader, "AUDITOR");
    }

    private static HttpRequest request() {
        return HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/v1/stores/" + store + "/inventory"))
                .header("Authorization", "Bearer " + Fixtures.token(reader)).header("Accept", "application/x-ndjson")
                .build();
    }

    @Test
    void aClientThatLeavesReleasesTheConnection() throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> body = response.body()) {
            assertEquals(10, body.limit(10).count());
        }
        // The cursor's transaction ends when the server sees the client go.
        long open = -1;
        for (int i = 0; i < 50 && open != 0; i++) {
            Thread.sleep(100);
            open = Db.count("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
                    + " AND query LIKE '%s.medicine_name, s.sku%'");
        }
        assertEquals(0, open, "stream transactions still open after the client left");
    }

    @Test
    void streamsHundredThousandRowsWithFlatMemory() throws Exception {
        HttpRequest request = request();

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        long start = System.nanoTime();
        long count;
        long firstBatch;
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        AtomicLong lines = new AtomicLong();
        AtomicLong blank = new AtomicLong();
        AtomicLong first = new AtomicLong();
        try (Stream<String> body = response.body()) {
            body.forEach(l -> {
                if (l.isBlank()) {
                    blank.incrementAndGet();
                    return;
                }
                if (lines.incrementAndGet() == 1) {
                    first.set(JsonPath.from(l).getLong("batchId"));
                }
                if (lines.get() % 20_000 == 0) {
                    // The live set mid-stream: what the server (and this client) still hold after a collection.
                    System.gc();
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                }
            });
        }
        count = lines.get();
        firstBatch = first.get();
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ROWS, count);
        assertEquals(0, blank.get(), "NDJSON has no blank lines");
        assertTrue(firstBatch > 0);
        long growth = peak.get() - baseline;
        assertTrue(growth < 64L << 20, "live heap grew by " + (growth >> 20) + " MB while streaming");
        System.out.printf("streamed %d inventory rows as NDJSON in %d ms (%.0f rows/s); live heap before %d MB, "
                + "peak live heap during the stream %d MB%n", count, ms, count * 1000.0 / ms, baseline >> 20,
                peak.get() >> 20);
    }
}
