package com.pharmacyops.platform.streaming;

import static com.pharmacyops.support.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.RawHttp;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Streams cannot starve the pool (test defaults: 4 lists per user, half of the 20 connections in all) and end
 * when their user loses access. The clients here stop reading after the head, as a slow or hostile client would,
 * on a list far larger than the socket buffers, so each stream holds its connection until something ends it.
 */
@QuarkusTest
class StreamLimitsTest {

    /** Rows of the big store: about 9 MB of NDJSON, more than loopback socket buffers hold. */
    static final int ROWS = 50_000;
    /** Open stream transactions: a stalled cursor is idle in its transaction. */
    static final String OPEN_STREAMS = "SELECT count(*) FROM pg_stat_activity WHERE (state = 'active'"
            + " OR state LIKE 'idle in transaction%') AND query LIKE '%s.medicine_name, s.sku%'"
            + " AND query NOT LIKE '%pg_stat_activity%'";

    static long store;

    @BeforeAll
    static void seed() {
        store = bigStore(ROWS);
    }

    /** A store holding {@code rows} batches (with their movements, so the ledger still adds up). */
    static long bigStore(int rows) {
        long id = Fixtures.store();
        String suffix = Fixtures.unique();
        Db.exec("""
                INSERT INTO medicines (sku, name, prescription_required, reorder_level, active, created_at, updated_at,
                                       created_by, updated_by)
                SELECT 'BIG-' || ? || '-' || g, 'Big store medicine ' || g, FALSE, 0, TRUE, now(), now(), 'test',
                       'test' FROM generate_series(1, ?) g""", suffix, rows / 1000);
        Db.exec("""
                INSERT INTO batches (medicine_id, batch_number, expiry_date, mrp, created_at, updated_at, created_by,
                                     updated_by)
                SELECT m.id, 'BIG' || g, current_date + 100 + g % 300, 10 + g % 90, now(), now(), 'test', 'test'
                FROM medicines m CROSS JOIN generate_series(1, 1000) g WHERE m.sku LIKE 'BIG-' || ? || '-%'""", suffix);
        Db.exec("""
                INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by,
                                   updated_by)
                SELECT ?, b.id, b.medicine_id, 1 + b.id % 50, now(), now(), 'test', 'test'
                FROM batches b JOIN medicines m ON m.id = b.medicine_id WHERE m.sku LIKE 'BIG-' || ? || '-%'""",
                id, suffix);
        Db.exec("""
                INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason,
                    reference_type, reference_id, actor, occurred_at, created_at, updated_at, created_by, updated_by)
                SELECT store_id, batch_id, medicine_id, quantity, quantity, 'RECEIPT', 'RECEIPT', 0, 'test', now(),
                       now(), now(), 'test', 'test' FROM stock WHERE store_id = ?""", id);
        assertEquals(rows, Db.count("SELECT count(*) FROM stock WHERE store_id = ?", id));
        return id;
    }

    static RawHttp inventory(long store, String user) throws Exception {
        return RawHttp.get("/api/v1/stores/" + store + "/inventory", user, "application/x-ndjson");
    }

    /** Waits up to {@code seconds} for the condition; false if it never held. */
    static boolean within(int seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    @Test
    void streamsThatStopReadingNeverStarveOtherRequests() throws Exception {
        String s = Fixtures.unique().toLowerCase();
        List<String> readers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            readers.add("hog" + i + "-" + s);
            Fixtures.user(readers.get(i), "AUDITOR");
            Fixtures.token(readers.get(i));
        }
        String other = "patient-" + s;
        Fixtures.user(other, "CASHIER", store);
        Fixtures.token(other);

        List<RawHttp> open = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        try {
            // 30 attempts: each user's fifth is over the per-user cap, and after 10 the service-wide one holds.
            for (String reader : readers) {
                for (int i = 0; i < 5; i++) {
                    RawHttp stream = inventory(store, reader);
                    if (stream.status == 200) {
                        open.add(stream);
                        continue;
                    }
                    assertEquals(429, stream.status);
                    assertEquals("5", stream.header("Retry-After"));
                    assertTrue(stream.header("Content-Type").startsWith("application/problem+json"));
                    refusals.add(readers.indexOf(reader) + ":" + i + ":" + stream.body());
                    stream.close();
                }
            }
            assertEquals(10, open.size(), refusals::toString);
            assertEquals(20, refusals.size());
            assertTrue(refusals.get(0).startsWith("0:4:") && refusals.get(0).contains("the most one user may have"),
                    refusals.get(0));
            assertTrue(refusals.get(1).startsWith("1:4:") && refusals.get(1).contains("the most one user may have"));
            assertTrue(refusals.get(2).startsWith("2:2:") && refusals.get(2).contains("as many streams open as it"));
            assertTrue(refusals.get(19).startsWith("5:4:") && refusals.get(19).contains("as many streams open"));
            // Each permitted stream holds one connection in its transaction: half the pool, no more.
            assertEquals(10, Db.count(OPEN_STREAMS));

            long start = System.nanoTime();
            as(other).get("/api/v1/me").then().statusCode(200);
            as(other).get("/api/v1/stores/" + store + "/inventory?size=1").then().statusCode(200);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms < 5000, "ordinary requests waited " + ms + " ms beside the streams");
        } finally {
            for (RawHttp stream : open) {
                stream.close();
            }
        }
        // Clients that go away give their connections and permits back: all six users may stream again.
        assertTrue(within(30, () -> Db.count(OPEN_STREAMS) == 0), "stream transactions left open");
        for (String reader : readers) {
            try (RawHttp again = inventory(store, reader)) {
                assertEquals(200, again.status, reader);
            }
        }
    }

    @Test
    void streamsEndWhenTheirUserLosesAccess() throws Exception {
        String s = Fixtures.unique().toLowerCase();
        String admin = "admin-" + s;
        Fixtures.user(admin, "ADMIN");
        long other = Fixtures.store();
        // A cashier's live events of the store end when the store is taken from her.
        String cashier = "cashier-" + s;
        long cashierId = Fixtures.user(cashier, "CASHIER", store);
        HttpResponse<Stream<String>> events = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/v1/stores/" + store + "/stock-events"))
                .header("Authorization", "Bearer " + Fixtures.token(cashier)).header("Accept", "text/event-stream")
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, events.statusCode());
        AtomicLong lines = new AtomicLong();
        Thread reader = new Thread(() -> {
            try {
                events.body().forEach(l -> lines.incrementAndGet());
            } catch (RuntimeException e) {
                // the server cut the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        // An auditor's NDJSON list ends when the auditor is deactivated (well before the 30 s idle limit).
        String auditor = "auditor-" + s;
        long auditorId = Fixtures.user(auditor, "AUDITOR");
        try (RawHttp list = inventory(store, auditor)) {
            assertEquals(200, list.status);
            assertTrue(within(10, () -> Db.count(OPEN_STREAMS) == 1));

            as(admin).contentType(ContentType.JSON).body(Map.of("storeIds", List.of(other)))
                    .patch("/api/v1/users/" + cashierId).then().statusCode(200);
            as(admin).contentType(ContentType.JSON).body(Map.of("active", false))
                    .patch("/api/v1/users/" + auditorId).then().statusCode(200);

            reader.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(reader.isAlive(), "the live stream outlived the store assignment");
            assertTrue(within(20, () -> Db.count(OPEN_STREAMS) == 0), "the list outlived its user");
            RawHttp.Body rest = list.drain();
            assertFalse(rest.complete(), "a withdrawn list must not look complete");
            assertTrue(rest.text().lines().count() < ROWS);
        }
    }
}
