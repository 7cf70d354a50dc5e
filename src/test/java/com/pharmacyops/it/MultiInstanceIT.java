package com.pharmacyops.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.platform.dev.EmbeddedPostgres;

import io.restassured.http.ContentType;

/**
 * Three instances of the packaged service share one PostgreSQL; 300 clients confirm one-unit orders of one
 * hot medicine holding 50 units, round-robin across the instances. Correctness comes from the database's
 * row locks, so exactly 50 sell, whichever instance serves them. Run alone with
 * {@code ./mvnw verify -Dit.test=MultiInstanceIT}.
 */
class MultiInstanceIT {

    static final int INSTANCES = 3;
    static final int CLIENTS = 300;
    static final int UNITS = 50;

    static EmbeddedPostgres pg;
    static final List<AppProcess> apps = new ArrayList<>();
    static final List<String> urls = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        Map<String, String> config = PackagedAppResource.productionConfig(pg);
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

    @Test
    void confirmationsThroughThreeInstancesNeverOversell() throws Exception {
        String token = given().baseUri(urls.get(0)).contentType(ContentType.JSON)
                .body(Map.of("username", PackagedAppResource.ADMIN, "password", PackagedAppResource.ADMIN_PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("accessToken");
        int store = given().baseUri(urls.get(1)).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", "HOT-001", "name", "Hot store", "city", "Pune")).post("/api/v1/stores").then()
                .statusCode(201).extract().path("id");
        int medicine = given().baseUri(urls.get(2)).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("sku", "HOT-1", "name", "Hot seller", "prescriptionRequired", false))
                .post("/api/v1/medicines").then().statusCode(201).extract().path("id");
        given().baseUri(urls.get(0)).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("medicineId", medicine, "batchNumber", "H1", "expiryDate",
                        LocalDate.now().plusYears(1).toString(), "mrp", 10, "quantity", UNITS))))
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201);
        List<Integer> orders = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            orders.add(given().baseUri(urls.get(i % INSTANCES)).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("items", List.of(Map.of("medicineId", medicine, "quantity", 1))))
                    .post("/api/v1/stores/" + store + "/orders").then().statusCode(201).extract().path("id"));
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(urls.get(i % INSTANCES) + "/api/v1/stores/"
                    + store + "/orders/" + orders.get(i) + "/confirm")).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        long ms = (System.nanoTime() - start) / 1_000_000;
        Map<Integer, Long> outcomes = calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Map<String, Long> perInstance = new java.util.TreeMap<>();
        for (int i = 0; i < CLIENTS; i++) {
            if (calls.get(i).join().statusCode() == 200) {
                perInstance.merge(urls.get(i % INSTANCES), 1L, Long::sum);
            }
        }

        assertEquals(Map.of(200, (long) UNITS, 409, (long) (CLIENTS - UNITS)), outcomes);
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, "")) {
            assertEquals(0, single(c, "SELECT quantity FROM stock"));
            assertEquals(UNITS, single(c, "SELECT count(*) FROM stock_movements WHERE reason = 'SALE'"));
            assertEquals(UNITS, single(c, "SELECT count(*) FROM orders WHERE status = 'CONFIRMED'"));
            assertEquals(0, single(c, """
                    SELECT count(*) FROM stock s WHERE s.quantity < 0 OR s.quantity <> (SELECT sum(quantity_delta)
                      FROM stock_movements m WHERE m.store_id = s.store_id AND m.batch_id = s.batch_id)"""));
        }
        System.out.printf("%d instances, %d concurrent confirmations of %d units: %s in %d ms (%.0f/s); "
                + "confirmed per instance %s%n", INSTANCES, CLIENTS, UNITS, outcomes, ms, CLIENTS * 1000.0 / ms,
                perInstance.values());
    }

    private static long single(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
