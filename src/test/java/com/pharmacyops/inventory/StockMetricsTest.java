package com.pharmacyops.inventory;

import static com.pharmacyops.support.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.net.URL;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class StockMetricsTest {

    /** Health, metrics and OpenAPI live on the management interface, not the API port. */
    @TestHTTPResource(value = "/", management = true)
    URL management;


    private double metric(String name) {
        String text = given().port(management.getPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " ([0-9.E+-]+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void receiptsAdjustmentsAndMovementsAreCounted() {
        long store = Fixtures.store();
        String admin = "metrics-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "3.00");
        String number = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", batch);
        as(admin).get("/api/v1/me").then().statusCode(200);

        double receipts = metric("pharmacy_stock_receipts_total");
        double damaged = metric("pharmacy_stock_adjustments_total{reason=\"DAMAGED\"}");
        double receiptMoves = metric("pharmacy_stock_movements_total{reason=\"RECEIPT\"}");
        double adjustMoves = metric("pharmacy_stock_movements_total{reason=\"ADJUSTMENT\"}");

        as(admin).contentType(ContentType.JSON).body(Map.of("items", List.of(Map.of("medicineId", medicine,
                "batchNumber", number, "expiryDate", LocalDate.now().plusYears(1).toString(), "mrp", 3,
                "quantity", 10)))).post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201);
        as(admin).contentType(ContentType.JSON).body(Map.of("reason", "DAMAGED", "items",
                List.of(Map.of("batchId", batch, "quantityDelta", -2)))).post("/api/v1/stores/" + store
                        + "/stock-adjustments").then().statusCode(201);
        as(admin).contentType(ContentType.JSON).body(Map.of("reason", "DAMAGED", "items",
                List.of(Map.of("batchId", batch, "quantityDelta", -20)))).post("/api/v1/stores/" + store
                        + "/stock-adjustments").then().statusCode(409);

        assertEquals(receipts + 1, metric("pharmacy_stock_receipts_total"));
        assertEquals(damaged + 1, metric("pharmacy_stock_adjustments_total{reason=\"DAMAGED\"}"));
        assertEquals(receiptMoves + 1, metric("pharmacy_stock_movements_total{reason=\"RECEIPT\"}"));
        assertEquals(adjustMoves + 1, metric("pharmacy_stock_movements_total{reason=\"ADJUSTMENT\"}"));
    }
}
