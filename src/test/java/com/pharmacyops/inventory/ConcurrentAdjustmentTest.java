package com.pharmacyops.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Row locks, not luck: 100 clients racing for 50 units leave exactly 0, never less. */
@QuarkusTest
class ConcurrentAdjustmentTest {

    @Test
    void hundredConcurrentDecrementsOfFiftyUnits() throws Exception {
        long store = Fixtures.store();
        String admin = "race-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "5.00");
        String number = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", batch);
        Fixtures.as(admin).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("medicineId", medicine, "batchNumber", number, "expiryDate",
                        LocalDate.now().plusYears(1).toString(), "mrp", 5, "quantity", 50))))
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201);

        String token = Fixtures.token(admin);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String body = "{\"reason\":\"LOST\",\"items\":[{\"batchId\":" + batch + ",\"quantityDelta\":-1}]}";
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/v1/stores/" + store + "/stock-adjustments"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();

        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        long ms = (System.nanoTime() - start) / 1_000_000;
        Map<Integer, Long> outcomes = calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertEquals(Map.of(201, 50L, 409, 50L), outcomes);
        assertEquals(0, Catalog.stock(store, batch));
        assertEquals(50, Db.count("SELECT count(*) FROM stock_movements WHERE batch_id = ? AND reason = 'ADJUSTMENT'",
                batch));
        assertEquals(50, Db.count("SELECT count(*) FROM stock_adjustments WHERE store_id = ?", store));
        Ledgers.assertInvariant();
        System.out.printf("100 concurrent adjustments: %s in %d ms%n", outcomes, ms);
    }
}
