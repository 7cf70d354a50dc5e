package com.pharmacyops.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.platform.dev.EmbeddedPostgres;

import io.restassured.http.ContentType;

/**
 * SIGTERM while a confirmation is in flight (held on a stock row lock that a test transaction owns): readiness
 * turns DOWN at once, the confirmation still completes and commits once the lock is released, and the process
 * then exits by itself.
 */
class GracefulShutdownIT {

    static EmbeddedPostgres pg;
    static AppProcess app;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        app = AppProcess.start(pg, "graceful-shutdown", "-Dquarkus.shutdown.delay=2s").awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null && app.process().isAlive()) {
            app.process().destroyForcibly();
        }
        if (pg != null) {
            pg.stop();
        }
    }

    @Test
    void aConfirmationInFlightAtSigtermCompletes() throws Exception {
        String url = app.url();
        String token = given().baseUri(url).contentType(ContentType.JSON)
                .body(Map.of("username", PackagedAppResource.ADMIN, "password", PackagedAppResource.ADMIN_PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("accessToken");
        int store = given().baseUri(url).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", "SIG-001", "name", "Shutdown store", "city", "Pune")).post("/api/v1/stores")
                .then().statusCode(201).extract().path("id");
        int medicine = given().baseUri(url).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("sku", "SIG-1", "name", "Shutdown medicine", "prescriptionRequired", false))
                .post("/api/v1/medicines").then().statusCode(201).extract().path("id");
        given().baseUri(url).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("medicineId", medicine, "batchNumber", "S1", "expiryDate",
                        LocalDate.now().plusYears(1).toString(), "mrp", 10, "quantity", 10))))
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201);
        int order = given().baseUri(url).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("medicineId", medicine, "quantity", 3))))
                .post("/api/v1/stores/" + store + "/orders").then().statusCode(201).extract().path("id");

        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, "")) {
            db.setAutoCommit(false);
            db.createStatement().execute("SELECT * FROM stock FOR UPDATE");
            CompletableFuture<HttpResponse<String>> confirm = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create(url + "/api/v1/stores/" + store + "/orders/" + order + "/confirm"))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitLockWaiter();

            long sigterm = System.nanoTime();
            app.process().destroy();
            Thread.sleep(500);
            assertEquals(503, app.ready(), "readiness DOWN during the shutdown delay");
            Thread.sleep(2500);
            assertFalse(confirm.isDone(), "still waiting for the lock");
            assertTrue(app.process().isAlive(), "the process waits for the request in flight");
            db.commit();

            HttpResponse<String> r = confirm.get();
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"status\":\"CONFIRMED\""), r.body());
            assertTrue(app.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "exits after the request");
            System.out.printf("graceful shutdown: confirmation answered 200 %d ms after SIGTERM; exit code %d%n",
                    (System.nanoTime() - sigterm) / 1_000_000, app.process().exitValue());
        }

        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, "")) {
            assertEquals(7, single(c, "SELECT quantity FROM stock"));
            assertEquals(-3, single(c, "SELECT sum(quantity_delta) FROM stock_movements WHERE reason = 'SALE' AND "
                    + "reference_id = " + order));
            assertEquals(1, single(c, "SELECT count(*) FROM orders WHERE status = 'CONFIRMED'"));
        }
    }

    /** Until the service's confirmation waits on the lock this test's transaction holds. */
    private static void awaitLockWaiter() throws Exception {
        try (Connection watcher = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, "")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (single(watcher, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") == 0) {
                assertTrue(System.nanoTime() < deadline, "the confirmation never reached the lock");
                Thread.sleep(50);
            }
        }
    }

    private static long single(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
