package com.pharmacyops.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.platform.dev.EmbeddedPostgres;

import io.restassured.http.ContentType;

/**
 * The packaged service in the prod profile under a running load of order creations and confirmations while
 * its PostgreSQL stops (fast shutdown: sessions terminated, connections refused) and comes back on the same
 * port. While it is down, readiness is DOWN and every request is a quick 503 problem; after it returns, the
 * service confirms again within 10 s on its own; the ledger holds throughout. Run alone with
 * {@code ./mvnw verify -Dit.test=DatabaseOutageIT}.
 */
class DatabaseOutageIT {

    static final int CLIENTS = 8;
    static final int MEDICINES = 20;
    static final Duration OUTAGE = Duration.ofSeconds(6);

    static EmbeddedPostgres pg;
    static AppProcess app;
    static String url;

    record Call(String kind, long startMs, long endMs, int status, String contentType, String retryAfter,
            String body, Integer order) {
    }

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        // Users are re-read from the database every second, so authentication meets the outage too.
        app = AppProcess.start(pg, "database-outage", "-Dpharmacy.security.user-cache-ttl=PT1S").awaitReady();
        url = app.url();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.stop();
        }
        if (pg != null) {
            pg.stop();
        }
    }

    @Test
    void confirmationsSurviveADatabaseOutage() throws Exception {
        String token = given().baseUri(url).contentType(ContentType.JSON)
                .body(Map.of("username", PackagedAppResource.ADMIN, "password", PackagedAppResource.ADMIN_PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("accessToken");
        int store = given().baseUri(url).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", "OUT-001", "name", "Outage store", "city", "Pune")).post("/api/v1/stores")
                .then().statusCode(201).extract().path("id");
        List<Integer> medicines = new ArrayList<>();
        List<Map<String, Object>> receipt = new ArrayList<>();
        for (int i = 0; i < MEDICINES; i++) {
            int id = given().baseUri(url).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("sku", "OUT-" + i, "name", "Outage medicine " + i, "prescriptionRequired", false))
                    .post("/api/v1/medicines").then().statusCode(201).extract().path("id");
            medicines.add(id);
            receipt.add(Map.of("medicineId", id, "batchNumber", "B" + i, "expiryDate",
                    LocalDate.now().plusYears(1).toString(), "mrp", 10, "quantity", 100_000));
        }
        given().baseUri(url).auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("items", receipt))
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        long t0 = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Thread client = new Thread(() -> {
                while (running.get()) {
                    int medicine = medicines.get(ThreadLocalRandom.current().nextInt(MEDICINES));
                    Call created = call(http, token, t0, "create", "/api/v1/stores/" + store + "/orders",
                            "{\"items\":[{\"medicineId\":" + medicine + ",\"quantity\":1}]}", null);
                    calls.add(created);
                    if (created.status() == 201) {
                        calls.add(call(http, token, t0, "confirm", "/api/v1/stores/" + store + "/orders/"
                                + created.order() + "/confirm", null, created.order()));
                    } else {
                        sleep(50);
                    }
                }
            }, "outage-client-" + c);
            client.start();
            clients.add(client);
        }

        Thread.sleep(3000);
        long haltMs = ms(t0);
        pg.halt();
        long downMs = -1;
        while (ms(t0) - haltMs < OUTAGE.toMillis()) {
            if (downMs < 0 && app.ready() == 503) {
                downMs = ms(t0) - haltMs;
            }
            Thread.sleep(100);
        }
        long restartMs = ms(t0);
        pg.restart();
        long upMs = ms(t0);
        long readyAgainMs = -1;
        while (ms(t0) - upMs < 12_000) {
            if (app.ready() == 200) {
                readyAgainMs = ms(t0) - upMs;
                break;
            }
            Thread.sleep(100);
        }
        Thread.sleep(3000);
        running.set(false);
        for (Thread t : clients) {
            t.join();
        }

        List<Call> all = new ArrayList<>(calls);
        long firstConfirmAfterRestart = all.stream()
                .filter(c -> c.kind().equals("confirm") && c.status() == 200 && c.startMs() >= upMs)
                .mapToLong(c -> c.endMs() - upMs).min().orElse(-1);
        List<Call> failed = all.stream().filter(c -> c.status() == 503).toList();
        Map<Integer, Long> statuses = all.stream()
                .collect(Collectors.groupingBy(Call::status, java.util.TreeMap::new, Collectors.counting()));
        long slowest503 = failed.stream().mapToLong(c -> c.endMs() - c.startMs()).max().orElse(-1);
        System.out.printf("database outage: halted at %d ms for %d ms; readiness DOWN after %d ms, UP %d ms after "
                + "restart; first confirmation %d ms after restart; statuses %s; slowest 503 %d ms%n", haltMs,
                restartMs - haltMs, downMs, readyAgainMs, firstConfirmAfterRestart, statuses, slowest503);

        // Before the outage the load ran; during it, the service said so, quickly and in the problem format.
        assertTrue(all.stream().anyMatch(c -> c.kind().equals("confirm") && c.status() == 200 && c.endMs() < haltMs),
                "confirmations before the outage");
        assertTrue(downMs >= 0 && downMs < 3000, "readiness DOWN within 3 s of the outage: " + downMs);
        List<Call> unexpected = all.stream().filter(c -> !Set.of(200, 201, 503).contains(c.status())).toList();
        assertTrue(unexpected.isEmpty(), "only 200, 201 and 503: " + unexpected.stream().limit(3).toList());
        List<Call> duringOutage = all.stream().filter(c -> c.startMs() > haltMs + 1000 && c.endMs() < restartMs)
                .toList();
        assertTrue(duringOutage.size() > 20 && duringOutage.stream().allMatch(c -> c.status() == 503),
                "every request while the database is down is a 503: " + duringOutage.size() + " calls, "
                        + duringOutage.stream().filter(c -> c.status() != 503).limit(3).toList());
        for (Call c : failed) {
            assertTrue(c.contentType().startsWith("application/problem+json") && "5".equals(c.retryAfter())
                    && c.body().contains("\"status\":503") && c.body().contains("\"traceId\""), c.toString());
        }
        assertTrue(slowest503 < 3000, "a 503 within 3 s, slowest " + slowest503 + " ms");
        // Back by itself, quickly.
        assertTrue(readyAgainMs >= 0 && readyAgainMs <= 10_000, "ready within 10 s: " + readyAgainMs);
        assertTrue(firstConfirmAfterRestart >= 0 && firstConfirmAfterRestart <= 10_000,
                "confirming within 10 s: " + firstConfirmAfterRestart);

        // Nothing half-written: every sale is one confirmed order's, every confirmed order sold its line,
        // stock is the ledger's sum and never negative.
        Set<Integer> confirmed200 = all.stream().filter(c -> c.kind().equals("confirm") && c.status() == 200)
                .map(Call::order).collect(Collectors.toSet());
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, "")) {
            assertEquals(0, single(c, """
                    SELECT count(*) FROM stock s WHERE s.quantity < 0 OR s.quantity <> (SELECT sum(quantity_delta)
                      FROM stock_movements m WHERE m.store_id = s.store_id AND m.batch_id = s.batch_id)"""));
            assertEquals(0, single(c, """
                    SELECT count(*) FROM orders o WHERE (o.status = 'CONFIRMED') <> EXISTS (SELECT 1
                      FROM stock_movements m WHERE m.reason = 'SALE' AND m.reference_type = 'ORDER' AND m.reference_id = o.id)"""));
            assertEquals(0, single(c, """
                    SELECT count(*) FROM orders o WHERE o.status = 'CONFIRMED' AND (SELECT sum(l.quantity)
                      FROM order_items l WHERE l.order_id = o.id) <> -(SELECT sum(m.quantity_delta)
                      FROM stock_movements m WHERE m.reason = 'SALE' AND m.reference_type = 'ORDER' AND m.reference_id = o.id)"""));
            long confirmedInDb = single(c, "SELECT count(*) FROM orders WHERE status = 'CONFIRMED'");
            assertTrue(confirmedInDb >= confirmed200.size(), confirmedInDb + " < " + confirmed200.size());
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM orders WHERE status = 'CONFIRMED'")) {
                Set<Integer> inDb = new java.util.HashSet<>();
                while (rs.next()) {
                    inDb.add(rs.getInt(1));
                }
                assertTrue(inDb.containsAll(confirmed200), "every 200 confirmation is in the database");
            }
        }

        // The JSON log names the request id that the 503 problems carried.
        String log = Files.readString(app.log().toPath());
        Matcher id = Pattern.compile("\"traceId\":\"([^\"]+)\"").matcher(failed.get(failed.size() / 2).body());
        assertTrue(id.find());
        assertTrue(log.contains("\"requestId\":\"" + id.group(1) + "\""), "log line with requestId " + id.group(1));
    }

    private static Call call(HttpClient http, String token, long t0, String kind, String path, String json,
            Integer order) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        long start = ms(t0);
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Integer id = order;
            if (r.statusCode() == 201) {
                Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(r.body());
                id = m.find() ? Integer.valueOf(m.group(1)) : null;
            }
            return new Call(kind, start, ms(t0), r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Retry-After").orElse(null), r.body(), id);
        } catch (Exception e) {
            // A timeout or a broken connection: recorded as status 0, which the test rejects.
            return new Call(kind, start, ms(t0), 0, "", null, e.toString(), order);
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long single(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
