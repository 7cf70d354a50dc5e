package com.pharmacyops.product;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class MedicineResourceTest {

    static long store;
    static Crew crew;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        crew = Crew.in(store);
    }

    private static Map<String, Object> newMedicine() {
        Map<String, Object> body = new HashMap<>();
        body.put("sku", "SKU-" + Fixtures.unique());
        body.put("name", "Paracetamol 500");
        body.put("genericName", "Paracetamol");
        body.put("prescriptionRequired", false);
        body.put("reorderLevel", 10);
        return body;
    }

    private static Map<String, Object> newBatch() {
        Map<String, Object> body = new HashMap<>();
        body.put("batchNumber", "BN-" + Fixtures.unique());
        body.put("expiryDate", LocalDate.now().plusYears(2).toString());
        body.put("mrp", 42.5);
        body.put("manufacturedOn", LocalDate.now().minusMonths(1).toString());
        return body;
    }

    private static long medicines() {
        return Db.count("SELECT count(*) FROM medicines");
    }

    private static long batches() {
        return Db.count("SELECT count(*) FROM batches");
    }

    @ParameterizedTest
    @CsvSource({ "ADMIN,201", "AUDITOR,403", "STORE_MANAGER,403", "PHARMACIST,403", "CASHIER,403" })
    void roleMatrix(String role, int write) {
        String who = crew.of(role);
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        as(who).get("/api/v1/medicines").then().statusCode(200);
        as(who).get("/api/v1/medicines/" + medicine).then().statusCode(200);
        as(who).get("/api/v1/medicines/" + medicine + "/batches").then().statusCode(200)
                .body("id", contains((int) batch));

        long before = medicines();
        as(who).contentType(ContentType.JSON).body(newMedicine()).post("/api/v1/medicines").then().statusCode(write);
        assertEquals(write == 201 ? before + 1 : before, medicines());

        as(who).contentType(ContentType.JSON).body(Map.of("reorderLevel", 77)).patch("/api/v1/medicines/" + medicine)
                .then().statusCode(write == 201 ? 200 : 403);
        assertEquals(write == 201 ? 77 : 0, ((Number) Db.value("SELECT reorder_level FROM medicines WHERE id = ?",
                medicine)).intValue());

        long beforeBatches = batches();
        as(who).contentType(ContentType.JSON).body(newBatch()).post("/api/v1/medicines/" + medicine + "/batches")
                .then().statusCode(write);
        assertEquals(write == 201 ? beforeBatches + 1 : beforeBatches, batches());
    }

    @Test
    void createSearchAndStream() {
        Map<String, Object> body = newMedicine();
        body.put("name", "Zyzzyvamycin " + Fixtures.unique());
        body.put("prescriptionRequired", true);
        int id = as(crew.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/medicines").then()
                .statusCode(201).body("sku", equalTo(body.get("sku"))).body("prescriptionRequired", equalTo(true))
                .body("active", equalTo(true)).body("createdBy", equalTo(crew.admin())).extract().path("id");

        as(crew.cashier()).queryParam("q", "zyzzyva").get("/api/v1/medicines").then().statusCode(200)
                .body("items.id", contains(id));
        as(crew.cashier()).queryParam("q", body.get("sku").toString().toLowerCase()).get("/api/v1/medicines").then()
                .body("items.id", contains(id));
        as(crew.cashier()).queryParam("prescriptionRequired", true).queryParam("size", 100).get("/api/v1/medicines")
                .then().body("items.prescriptionRequired", everyItem(equalTo(true))).body("items.id", hasItem(id));

        String ndjson = as(crew.cashier()).accept("application/x-ndjson").queryParam("q", "zyzzyva")
                .get("/api/v1/medicines").then().statusCode(200).extract().asString();
        List<String> lines = ndjson.lines().toList();
        assertEquals(1, lines.size());
        assertEquals(id, JsonPath.from(lines.get(0)).getInt("id"));

        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE entity_type = 'MEDICINE' AND entity_id = ?",
                String.valueOf(id)));
    }

    @Test
    void duplicateSkuIsAConflict() {
        Map<String, Object> body = newMedicine();
        as(crew.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/medicines").then().statusCode(201);
        long before = medicines();
        body.put("sku", body.get("sku").toString().toLowerCase());
        as(crew.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/medicines").then().statusCode(409);
        assertEquals(before, medicines());
    }

    @Test
    void badMedicinesAreRefused() {
        long before = medicines();
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(Map.entry("sku", "x"), Map.entry("name", ""),
                Map.entry("reorderLevel", -1), Map.entry("packSize", 0), Map.entry("prescriptionRequired", "maybe"),
                Map.entry("active", true), Map.entry("id", 5))) {
            Map<String, Object> body = newMedicine();
            body.put(bad.getKey(), bad.getValue());
            as(crew.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/medicines").then()
                    .statusCode(400).body("errors.field", hasItem(bad.getKey()));
        }
        assertEquals(before, medicines());
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-1", "1.234", "123456789.00" })
    void mrpMustBePositiveWithTwoDecimals(String mrp) {
        long medicine = Catalog.medicine();
        Map<String, Object> body = newBatch();
        body.put("mrp", new java.math.BigDecimal(mrp));
        as(crew.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/medicines/" + medicine + "/batches")
                .then().statusCode(400).body("errors.field", hasItem("mrp"));
        assertEquals(0, Db.count("SELECT count(*) FROM batches WHERE medicine_id = ?", medicine));
    }

    @Test
    void batchRules() {
        long medicine = Catalog.medicine();
        Map<String, Object> late = newBatch();
        late.put("manufacturedOn", LocalDate.now().plusYears(3).toString());
        as(crew.admin()).contentType(ContentType.JSON).body(late).post("/api/v1/medicines/" + medicine + "/batches")
                .then().statusCode(400).body("errors.field", hasItem("manufacturedOn"));

        Map<String, Object> body = newBatch();
        int batch = as(crew.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/medicines/" + medicine + "/batches").then().statusCode(201)
                .body("mrp", equalTo(42.5f)).body("batchNumber", equalTo(body.get("batchNumber")))
                .extract().path("id");
        as(crew.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/medicines/" + medicine + "/batches")
                .then().statusCode(409);
        as(crew.admin()).contentType(ContentType.JSON).body(newBatch()).post("/api/v1/medicines/99999999/batches")
                .then().statusCode(404);
        assertEquals(1, Db.count("SELECT count(*) FROM batches WHERE medicine_id = ?", medicine));

        // Editable until stock moves...
        as(crew.admin()).contentType(ContentType.JSON).body(Map.of("mrp", 45))
                .patch("/api/v1/medicines/" + medicine + "/batches/" + batch).then().statusCode(200)
                .body("mrp", equalTo(45.0f));
        as(crew.admin()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("medicineId", medicine, "batchNumber", body.get("batchNumber"),
                        "expiryDate", body.get("expiryDate"), "mrp", 45, "quantity", 5))))
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201);
        // ...then immutable, in the service and in the database itself.
        as(crew.admin()).contentType(ContentType.JSON).body(Map.of("mrp", 50))
                .patch("/api/v1/medicines/" + medicine + "/batches/" + batch).then().statusCode(409);
        assertThrows(IllegalStateException.class, () -> Db.exec("UPDATE batches SET mrp = 1 WHERE id = ?", (long) batch));
        assertEquals(0, new java.math.BigDecimal("45.00").compareTo(
                (java.math.BigDecimal) Db.value("SELECT mrp FROM batches WHERE id = ?", (long) batch)));
    }
}
