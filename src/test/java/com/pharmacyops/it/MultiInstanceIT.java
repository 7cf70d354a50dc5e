package com.pharmacyops.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.pharmacyops.platform.dev.EmbeddedPostgres;

import io.restassured.http.ContentType;

/**
 * Three instances of the packaged service share one PostgreSQL, each grouping confirmations on its own; 500
 * clients confirm one-unit orders of one hot medicine holding 200 units, round-robin across the instances.
 * Correctness comes from the database's row locks, so exactly 200 sell, whichever instance serves them, and no
 * group deadlocks with another instance's. Then one instance is killed (-9) with groups in flight: after its
 * restart every order is wholly confirmed or untouched. Run alone with {@code ./mvnw verify -Dit.test=MultiInstanceIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {

    static final int INSTANCES = 3;
    static final int CLIENTS = 500;
    static final int UNITS = 200;

    static EmbeddedPostgres pg;
    static Map<String, String> config;
    static final List<AppProcess> apps = new ArrayList<>();
    static final List<String> urls = new ArrayList<>();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        config = PackagedAppResource.productionConfig(pg);
        // The first instance migrates the schema and creates the admin; the others join it.
        for (int i = 0; i < INSTANCES; i++) {
            AppProcess app = AppProcess.start(config, "multi-instance-" + i);
            apps.add(i == 0 ? app.awaitReady() : app);
            urls.add(app.url());
        }
        for (AppProcess app : apps) {
            app.awaitReady();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AppProcess app : apps) {
            app.process().destroy();
        }
        for (AppProcess app : apps) {
            app.stop();
        }
        if (pg != null) {
            pg.stop();
        }
    }

    /** A store with one hot medicine holding {@code units}, and {@code count} one-unit orders of it. */
    private record Hot(String token, int store, List<Integer> orders) {
    }

    private static Hot hot(String code, int units, int count) {
        String token = given().baseUri(urls.get(0)).contentType(ContentType.JSON)
                .body(Map.of("username", PackagedAppResource.ADMIN, "password", PackagedAppResource.ADMIN_PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("accessToken");
        int store = given().baseUri(urls.get(1)).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "Hot store", "city", "Pune")).post("/api/v1/stores").then()
                .statusCode(201).extract().path("id");
        int medicine = given().baseUri(urls.get(2)).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("sku", code, "name", "Hot seller " + code, "prescriptionRequired", false))
                .post("/api/v1/medicines").then().statusCode(201).extract().path("id");
        given().baseUri(urls.get(0)).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("medicineId", medicine, "batchNumber", code, "expiryDate",
                        LocalDate.now().plusYears(1).toString(), "mrp", 10, "quantity", units))))
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201);
        List<Integer> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orders.add(given().baseUri(urls.get(i % INSTANCES)).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("items", List.of(Map.of("medicineId", medicine, "quantity", 1))))
                    .post("/api/v1/stores/" + store + "/orders").then().statusCode(201).extract().path("id"));
        }
        return new Hot(token, store, orders);
    }

    private static List<CompletableFuture<HttpResponse<String>>> confirmAll(Hot hot) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < hot.orders().size(); i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(urls.get(i % INSTANCES) + "/api/v1/stores/"
                    + hot.store() + "/orders/" + hot.orders().get(i) + "/confirm"))
                    .header("Authorization", "Bearer " + hot.token()).timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
        }
        return calls;
    }

    /** Sum and count of the group sizes an instance recorded. */
    private static double[] groups(AppProcess app) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(app.management() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new double[] { sample(text, "pharmacy_orders_group_size_sum"),
                sample(text, "pharmacy_orders_group_size_count") };
    }

    private static double sample(String text, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " ([0-9.E+-]+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    @Order(1)
    void confirmationsThroughThreeInstancesNeverOversell() throws Exception {
        Hot hot = hot("HOT-001", UNITS, CLIENTS);
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = confirmAll(hot);
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        long ms = (System.nanoTime() - start) / 1_000_000;
        Map<Integer, Long> outcomes = new TreeMap<>();
        Map<String, Long> perInstance = new TreeMap<>();
        for (int i = 0; i < CLIENTS; i++) {
            int status = calls.get(i).join().statusCode();
            outcomes.merge(status, 1L, Long::sum);
            if (status == 200) {
                perInstance.merge(urls.get(i % INSTANCES), 1L, Long::sum);
            }
        }

        assertEquals(Map.of(200, (long) UNITS, 409, (long) (CLIENTS - UNITS)), outcomes);
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, "")) {
            assertEquals(0, single(c, "SELECT quantity FROM stock WHERE store_id = " + hot.store()));
            assertEquals(UNITS, single(c, "SELECT count(*) FROM stock_movements WHERE reason = 'SALE' AND store_id = "
                    + hot.store()));
            assertEquals(UNITS, single(c, "SELECT count(*) FROM orders WHERE status = 'CONFIRMED' AND store_id = "
                    + hot.store()));
            assertEquals(UNITS, single(c, "SELECT count(*) FROM order_allocations WHERE store_id = " + hot.store()));
            assertLedgerExact(c);
        }
        double sum = 0;
        double count = 0;
        for (AppProcess app : apps) {
            double[] g = groups(app);
            sum += g[0];
            count += g[1];
        }
        assertTrue(sum >= CLIENTS && count < sum, "groups " + count + " for " + sum + " confirmations");
        System.out.printf("%d instances, %d concurrent confirmations of %d units: %s in %d ms (%.0f/s); "
                + "confirmed per instance %s; %.0f groups%n", INSTANCES, CLIENTS, UNITS, outcomes, ms,
                CLIENTS * 1000.0 / ms, perInstance.values(), count);
    }

    @Test
    @Order(2)
    void anInstanceKilledWithGroupsInFlightLeavesEveryOrderWholeOrUntouched() throws Exception {
        int clients = 300;
        Hot hot = hot("KILL-001", clients, clients);
        List<CompletableFuture<HttpResponse<String>>> calls = confirmAll(hot);
        // Kill the second instance as soon as it has answered one confirmation: it is confirming groups, and the
        // rest of its requests are queued or in flight.
        List<CompletableFuture<HttpResponse<String>>> victims = new ArrayList<>();
        for (int i = 1; i < clients; i += INSTANCES) {
            victims.add(calls.get(i));
        }
        CompletableFuture.anyOf(victims.toArray(CompletableFuture[]::new)).join();
        AppProcess victim = apps.get(1);
        victim.process().destroyForcibly().waitFor();
        Map<String, Long> outcomes = new TreeMap<>();
        long victimConfirmed = 0;
        for (int i = 0; i < clients; i++) {
            String outcome;
            try {
                outcome = String.valueOf(calls.get(i).join().statusCode());
            } catch (Exception e) {
                outcome = "cut";
            }
            outcomes.merge(outcome, 1L, Long::sum);
            victimConfirmed += i % INSTANCES == 1 && outcome.equals("200") ? 1 : 0;
        }
        AppProcess restarted = AppProcess.start(config, "multi-instance-1-restarted").awaitReady();
        apps.set(1, restarted);
        urls.set(1, restarted.url());

        long store = hot.store();
        long confirmed;
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, "")) {
            assertEquals(0, single(c, wholeOrUntouched(store)));
            confirmed = single(c, "SELECT count(*) FROM orders WHERE status = 'CONFIRMED' AND store_id = " + store);
            assertEquals(clients - confirmed, single(c, "SELECT quantity FROM stock WHERE store_id = " + store));
            // The survivors confirmed all theirs; the victim's answered ones are committed.
            assertTrue(confirmed >= clients - clients / INSTANCES + victimConfirmed, "confirmed " + confirmed);
            assertLedgerExact(c);
        }
        // What the killed instance left unconfirmed is confirmed by a retry on the restarted one.
        for (int i = 1; i < clients; i += INSTANCES) {
            int status = given().baseUri(restarted.url()).auth().oauth2(hot.token())
                    .post("/api/v1/stores/" + store + "/orders/" + hot.orders().get(i) + "/confirm").then().extract()
                    .statusCode();
            assertTrue(status == 200 || status == 409, "retry: " + status);
        }
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, "")) {
            assertEquals(clients, single(c, "SELECT count(*) FROM orders WHERE status = 'CONFIRMED' AND store_id = "
                    + store));
            assertEquals(0, single(c, "SELECT quantity FROM stock WHERE store_id = " + store));
            assertEquals(0, single(c, wholeOrUntouched(store)));
            assertLedgerExact(c);
        }
        System.out.printf("kill -9 of one of %d instances during %d confirmations: answers %s (victim %d x 200),"
                + " %d confirmed in the database before the retries%n", INSTANCES, clients, outcomes,
                victimConfirmed, confirmed);
    }

    /** Orders of the store that are neither wholly confirmed (allocation, movement, audit event) nor untouched. */
    private static String wholeOrUntouched(long store) {
        return "SELECT count(*) FROM orders o WHERE o.store_id = " + store + " AND NOT ("
                + "(o.status = 'CONFIRMED'"
                + " AND (SELECT count(*) FROM order_allocations a WHERE a.order_id = o.id) = 1"
                + " AND (SELECT count(*) FROM stock_movements m WHERE m.reference_type = 'ORDER'"
                + "      AND m.reference_id = o.id AND m.reason = 'SALE') = 1"
                + " AND (SELECT count(*) FROM audit_events e WHERE e.entity_type = 'ORDER'"
                + "      AND e.entity_id = o.id::text AND e.action = 'CONFIRM') = 1)"
                + " OR (o.status = 'CREATED'"
                + " AND NOT EXISTS (SELECT 1 FROM order_allocations a WHERE a.order_id = o.id)"
                + " AND NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.reference_type = 'ORDER'"
                + "      AND m.reference_id = o.id)))";
    }

    private static void assertLedgerExact(Connection c) throws Exception {
        assertEquals(0, single(c, """
                SELECT count(*) FROM stock s WHERE s.quantity < 0 OR s.quantity <> (SELECT sum(quantity_delta)
                  FROM stock_movements m WHERE m.store_id = s.store_id AND m.batch_id = s.batch_id)"""));
        assertEquals(0, single(c, """
                SELECT count(*) FROM (SELECT balance_after, quantity_delta,
                    lag(balance_after, 1, 0) OVER (PARTITION BY store_id, batch_id ORDER BY id) AS before
                  FROM stock_movements) x WHERE balance_after <> before + quantity_delta OR balance_after < 0"""));
    }

    private static long single(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
