package com.pharmacyops.inventory;

import static com.pharmacyops.support.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class StockEventsTest {

    @Test
    void subscribersSeeCommittedMovementsOnlyOfTheirStore() throws Exception {
        long store = Fixtures.store();
        long other = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "8.00");
        String number = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", batch);

        as(crew.cashier()).accept("text/event-stream").get("/api/v1/stores/" + other + "/stock-events").then()
                .statusCode(404);

        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/v1/stores/" + store + "/stock-events"))
                .header("Authorization", "Bearer " + Fixtures.token(crew.cashier()))
                .header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> response.body().filter(l -> l.startsWith("data:"))
                .forEach(l -> events.add(l.substring(5))));
        reader.setDaemon(true);
        reader.start();

        // Refused: rolled back, so nothing is notified.
        as(crew.manager()).contentType(ContentType.JSON)
                .body(Map.of("reason", "LOST", "items", List.of(Map.of("batchId", batch, "quantityDelta", -1))))
                .post("/api/v1/stores/" + store + "/stock-adjustments").then().statusCode(409);
        // Another store's movement is not this subscriber's business.
        as(crew.admin()).contentType(ContentType.JSON).body(receipt(medicine, number, 3))
                .post("/api/v1/stores/" + other + "/stock-receipts").then().statusCode(201);
        assertNull(events.poll(1, TimeUnit.SECONDS));

        int receipt = as(crew.manager()).contentType(ContentType.JSON).body(receipt(medicine, number, 6))
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201).extract().path("id");
        String event = events.poll(10, TimeUnit.SECONDS);
        JsonPath json = JsonPath.from(event);
        assertEquals(store, json.getLong("storeId"));
        assertEquals(batch, json.getLong("batchId"));
        assertEquals(6, json.getInt("quantityDelta"));
        assertEquals(6, json.getInt("balanceAfter"));
        assertEquals("RECEIPT", json.getString("reason"));
        assertEquals(receipt, json.getInt("referenceId"));
        assertEquals(crew.manager(), json.getString("actor"));
        assertNull(events.poll(500, TimeUnit.MILLISECONDS));
        response.body().close();
    }

    private static Map<String, Object> receipt(long medicine, String number, int quantity) {
        return Map.of("items", List.of(Map.of("medicineId", medicine, "batchNumber", number, "expiryDate",
                LocalDate.now().plusYears(1).toString(), "mrp", 8, "quantity", quantity)));
    }
}
