package com.pharmacyops.inventory;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The stock row's copies of its batch's number and price and its medicine's name and SKU (V11), which the inventory
 * list reads instead of joining: taken on insert, following the batch and the medicine, never set apart.
 */
@QuarkusTest
class StockListingColumnsTest {

    private static List<Object> copies(long store, long batch) {
        return List.of(Db.value("SELECT batch_number FROM stock WHERE store_id = ? AND batch_id = ?", store, batch),
                Db.value("SELECT mrp FROM stock WHERE store_id = ? AND batch_id = ?", store, batch),
                Db.value("SELECT medicine_name FROM stock WHERE store_id = ? AND batch_id = ?", store, batch),
                Db.value("SELECT sku FROM stock WHERE store_id = ? AND batch_id = ?", store, batch));
    }

    private static List<Object> master(long batch) {
        return List.of(Db.value("SELECT batch_number FROM batches WHERE id = ?", batch),
                Db.value("SELECT mrp FROM batches WHERE id = ?", batch),
                Db.value("SELECT m.name FROM batches b JOIN medicines m ON m.id = b.medicine_id WHERE b.id = ?", batch),
                Db.value("SELECT m.sku FROM batches b JOIN medicines m ON m.id = b.medicine_id WHERE b.id = ?", batch));
    }

    @Test
    void aRenamedMedicineIsListedUnderItsNewName() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        long later = Catalog.batch(medicine);
        long other = Fixtures.store();
        Catalog.seedStock(store, batch, 4);
        Catalog.seedStock(other, later, 2);
        long unrelated = Catalog.batch(Catalog.medicine());
        Catalog.seedStock(other, unrelated, 1);
        assertEquals(master(batch), copies(store, batch));

        as(crew.admin()).contentType(ContentType.JSON).body(Map.of("name", "Renamed tablet"))
                .patch("/api/v1/medicines/" + medicine).then().statusCode(200);

        // Every stock row of the medicine, in every store and batch, follows; no other row does.
        assertEquals("Renamed tablet", copies(store, batch).get(2));
        assertEquals("Renamed tablet", copies(other, later).get(2));
        assertEquals(master(unrelated), copies(other, unrelated));
        as(crew.cashier()).queryParam("medicineId", medicine).get("/api/v1/stores/" + store + "/inventory")
                .then().statusCode(200).body("items[0].medicineName", equalTo("Renamed tablet"));
        String line = as(crew.cashier()).accept("application/x-ndjson").queryParam("medicineId", medicine)
                .get("/api/v1/stores/" + store + "/inventory").then().statusCode(200).extract().asString();
        assertEquals("Renamed tablet", io.restassured.path.json.JsonPath.from(line.trim()).getString("medicineName"));
    }

    @Test
    void theCopiesFollowTheirBatchAndCannotBeSetApart() {
        long store = Fixtures.store();
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        // A stock row without a movement: V2 freezes a batch once it has moved, and this one is corrected below.
        Db.exec("INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by,"
                + " updated_by) VALUES (?, ?, ?, 2, now(), now(), 'test', 'test')", store, batch, medicine);
        assertEquals(master(batch), copies(store, batch));

        Db.exec("UPDATE batches SET batch_number = 'FIXED-' || id, mrp = 12.34 WHERE id = ?", batch);
        assertEquals(new BigDecimal("12.34"), copies(store, batch).get(1));
        assertEquals(master(batch), copies(store, batch));
        Db.exec("UPDATE medicines SET sku = 'SKU2-' || id WHERE id = ?", medicine);
        assertEquals(master(batch), copies(store, batch));

        Db.exec("UPDATE stock SET batch_number = 'X', mrp = 1, medicine_name = 'X', sku = 'X' WHERE batch_id = ?",
                batch);
        assertEquals(master(batch), copies(store, batch), "the copies cannot be set apart");
        Db.exec("DELETE FROM stock WHERE store_id = ?", store); // a row without a ledger, gone for the suite's check
    }
}
