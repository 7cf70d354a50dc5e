package com.pharmacyops.order;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.restassured.RestAssured;

/**
 * Helpers to put confirmations in one group on purpose: a JDBC transaction holds a stock row's lock, so the group
 * in flight waits on it while the next requests queue behind it; the queue gauge tells when they have.
 */
final class Groups {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Groups() {
    }

    /** A store's stock row of a batch, locked until {@link Connection#rollback()} / close. */
    static Connection lockStock(long store, long batch) throws SQLException {
        Connection c = Db.connect();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM stock WHERE store_id = ? AND batch_id = ? FOR UPDATE")) {
            ps.setLong(1, store);
            ps.setLong(2, batch);
            ps.executeQuery().close();
        }
        return c;
    }

    /** Until a confirmation of the service waits on a stock row lock. */
    static void awaitLockWaiter() {
        await(() -> Db.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE '%FOR UPDATE OF s%'") > 0, "a confirmation waiting on the stock lock");
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static CompletableFuture<HttpResponse<String>> confirm(String who, long store, long order, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + "/api/v1/stores/" + store + "/orders/" + order + "/confirm"))
                .header("Authorization", "Bearer " + Fixtures.token(who)).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A sample of the Prometheus text at /q/metrics (0 when absent). */
    static double metric(URL management, String name) {
        String text = given().port(management.getPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " ([0-9.E+-]+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Sends a confirmation and waits until it is queued behind the group in flight. */
    static CompletableFuture<HttpResponse<String>> queue(URL management, String who, long store, long order,
            String key) {
        double before = metric(management, "pharmacy_orders_group_queue");
        CompletableFuture<HttpResponse<String>> call = confirm(who, store, order, key);
        await(() -> metric(management, "pharmacy_orders_group_queue") >= before + 1, "order " + order + " queued");
        return call;
    }
}
