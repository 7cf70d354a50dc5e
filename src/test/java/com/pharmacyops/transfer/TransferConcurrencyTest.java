package com.pharmacyops.transfer;

import static com.pharmacyops.transfer.Transfers.stocked;
import static com.pharmacyops.transfer.Transfers.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

/** Row locks decide: parallel dispatches never overdraw the source, and of a receipt and a cancellation one wins. */
@QuarkusTest
class TransferConcurrencyTest {

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpRequest post(String token, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static Map<Integer, Long> outcomes(List<CompletableFuture<HttpResponse<String>>> calls) {
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        return calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void twentyParallelDispatchesOfOneBatchNeverOverdrawIt() {
        long a = Fixtures.store();
        long b = Fixtures.store();
        String admin = "tr-race-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
        long scarce = stocked(a, 50);   // 3 a dispatch: 16 fit, 2 units stay
        long plenty = stocked(a, 100);  // 1 a dispatch: always enough, so it shows all-or-nothing
        String token = Fixtures.token(admin);
        String body = "{\"toStoreId\":" + b + ",\"items\":[{\"batchId\":" + plenty + ",\"quantity\":1},{\"batchId\":"
                + scarce + ",\"quantity\":3}]}";
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(http.sendAsync(post(token, url(a), body), HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Long> result = outcomes(calls);
        assertEquals(Map.of(201, 16L, 409, 4L), result);
        calls.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 409).forEach(r -> assertTrue(
                r.body().contains("\"shortages\"") && r.body().contains("\"batchId\":" + scarce), r.body()));
        assertEquals(2, Catalog.stock(a, scarce));
        assertEquals(84, Catalog.stock(a, plenty));
        assertEquals(16, Db.count("SELECT count(*) FROM transfers WHERE from_store_id = ?", a));
        assertEquals(32, Db.count("SELECT count(*) FROM stock_movements WHERE store_id = ? AND reason = 'TRANSFER_OUT'",
                a));
        Ledgers.assertInvariant();
        System.out.printf("20 parallel dispatches of 3 from 50: %s%n", result);
    }

    @Test
    void ofAReceiptAndACancellationRacingExactlyOneWins() {
        long a = Fixtures.store();
        long b = Fixtures.store();
        String admin = "tr-duel-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
        String token = Fixtures.token(admin);
        long batch = stocked(a, 100);
        int transfers = 10;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            ids.add(Fixtures.as(admin).contentType("application/json")
                    .body(Transfers.body(b, batch, 5)).post(url(a)).then().statusCode(201)
                    .extract().jsonPath().getLong("id"));
        }
        List<CompletableFuture<HttpResponse<String>>> receipts = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> cancels = new ArrayList<>();
        for (long id : ids) {
            receipts.add(http.sendAsync(post(token, url(b) + "/" + id + "/receive", "{}"),
                    HttpResponse.BodyHandlers.ofString()));
            cancels.add(http.sendAsync(post(token, url(a) + "/" + id + "/cancel", ""),
                    HttpResponse.BodyHandlers.ofString()));
        }
        outcomes(receipts);
        outcomes(cancels);
        int received = 0;
        for (int i = 0; i < transfers; i++) {
            int r = receipts.get(i).join().statusCode();
            int c = cancels.get(i).join().statusCode();
            assertTrue(r == 200 && c == 409 || r == 409 && c == 200, "receive " + r + ", cancel " + c);
            String status = (String) Db.value("SELECT status FROM transfers WHERE id = ?", ids.get(i));
            assertEquals(r == 200 ? "RECEIVED" : "CANCELLED", status);
            received += r == 200 ? 1 : 0;
        }
        // Every unit is in exactly one store: what was received is at b, the rest came back to a.
        assertEquals(received * 5, Catalog.stock(b, batch));
        assertEquals(100 - received * 5, Catalog.stock(a, batch));
        Ledgers.assertInvariant();
        System.out.printf("receive vs cancel, 10 transfers: %d received, %d cancelled%n", received, transfers - received);
    }
}
