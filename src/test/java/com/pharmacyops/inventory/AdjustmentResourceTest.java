package com.pharmacyops.inventory;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class AdjustmentResourceTest {

    static long store;
    static long other;
    static Crew crew;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        other = Fixtures.store();
        crew = Crew.in(store);
    }

    /** Receives {@code quantity} of a new batch into {@code storeId} through the API; returns the batch. */
    static long stocked(long storeId, int quantity) {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "10.00");
        String number = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", batch);
        as(crew.admin()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("medicineId", medicine, "batchNumber", number, "expiryDate",
                        LocalDate.now().plusYears(1).toString(), "mrp", 10, "quantity", quantity))))
                .post("/api/v1/stores/" + storeId + "/stock-receipts").then().statusCode(201);
        return batch;
    }

    static Map<String, Object> adjustment(String reason, Object... batchAndDelta) {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (int i = 0; i < batchAndDelta.length; i += 2) {
            items.add(Map.of("batchId", batchAndDelta[i], "quantityDelta", batchAndDelta[i + 1]));
        }
        return Map.of("reason", reason, "note", "shelf check", "items", items);
    }

    /** role, own store, other store. */
    @ParameterizedTest
    @CsvSource({ "ADMIN,201,201", "STORE_MANAGER,201,404", "PHARMACIST,403,404", "CASHIER,403,404",
            "AUDITOR,403,403" })
    void roleMatrix(String role, int own, int otherStore) {
        long batch = stocked(store, 10);
        long otherBatch = stocked(other, 10);
        as(crew.of(role)).contentType(ContentType.JSON).body(adjustment("LOST", batch, -1))
                .post("/api/v1/stores/" + store + "/stock-adjustments").then().statusCode(own);
        as(crew.of(role)).contentType(ContentType.JSON).body(adjustment("LOST", otherBatch, -1))
                .post("/api/v1/stores/" + other + "/stock-adjustments").then().statusCode(otherStore);
        assertEquals(own == 201 ? 9 : 10, Catalog.stock(store, batch));
        assertEquals(otherStore == 201 ? 9 : 10, Catalog.stock(other, otherBatch));
        as(crew.of(role)).get("/api/v1/stores/" + store + "/stock-adjustments").then().statusCode(200);
        Ledgers.assertInvariant();
    }

    @ParameterizedTest
    @EnumSource(AdjustmentReason.class)
    void everyReasonIsLedgered(AdjustmentReason reason) {
        long batch = stocked(store, 20);
        if (reason == AdjustmentReason.RECALLED) {
            Db.exec("UPDATE batches SET status = 'ON_HOLD' WHERE id = ?", batch); // only held stock is recalled
        }
        String location = as(crew.manager()).contentType(ContentType.JSON)
                .body(adjustment(reason.name(), batch, reason == AdjustmentReason.COUNT_CORRECTION ? 5 : -3))
                .post("/api/v1/stores/" + store + "/stock-adjustments").then().statusCode(201)
                .body("reason", equalTo(reason.name())).body("items[0].batchId", equalTo((int) batch))
                .extract().header("Location");
        assertEquals(reason == AdjustmentReason.COUNT_CORRECTION ? 25 : 17, Catalog.stock(store, batch));
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        assertEquals(1, Db.count("SELECT count(*) FROM stock_movements WHERE reason = 'ADJUSTMENT'"
                + " AND adjustment_reason = ? AND reference_id = ? AND note = 'shelf check'", reason.name(), id));
        as(crew.cashier()).get(location).then().statusCode(200).body("note", equalTo("shelf check"));
        Ledgers.assertInvariant();
    }

    @Test
    void belowZeroIsAConflictWithShortagesAndChangesNothing() {
        long a = stocked(store, 5);
        long b = stocked(store, 2);
        long movements = Db.count("SELECT count(*) FROM stock_movements");
        long adjustments = Db.count("SELECT count(*) FROM stock_adjustments");
        as(crew.manager()).contentType(ContentType.JSON).body(adjustment("DAMAGED", a, -5, b, -3))
                .post("/api/v1/stores/" + store + "/stock-adjustments").then().statusCode(409)
                .contentType("application/problem+json")
                .body("shortages.batchId", contains((int) b)).body("shortages[0].requested", equalTo(3))
                .body("shortages[0].available", equalTo(2));
        assertEquals(5, Catalog.stock(store, a));
        assertEquals(2, Catalog.stock(store, b));
        assertEquals(movements, Db.count("SELECT count(*) FROM stock_movements"));
        assertEquals(adjustments, Db.count("SELECT count(*) FROM stock_adjustments"));

        // A batch the store never held has nothing to take.
        long elsewhere = stocked(other, 4);
        as(crew.admin()).contentType(ContentType.JSON).body(adjustment("LOST", elsewhere, -1))
                .post("/api/v1/stores/" + store + "/stock-adjustments").then().statusCode(409)
                .body("shortages[0].available", equalTo(0));
        Ledgers.assertInvariant();
    }

    @Test
    void badAdjustmentsAreRefused() {
        long batch = stocked(store, 5);
        String url = "/api/v1/stores/" + store + "/stock-adjustments";
        long before = Db.count("SELECT count(*) FROM stock_adjustments");
        as(crew.manager()).contentType(ContentType.JSON).body(adjustment("LOST", batch, 0)).post(url).then()
                .statusCode(400).body("errors.field", hasItem("items[0].quantityDelta"));
        as(crew.manager()).contentType(ContentType.JSON).body(adjustment("STOLEN", batch, -1)).post(url).then()
                .statusCode(400).body("errors.field", hasItem("reason"));
        as(crew.manager()).contentType(ContentType.JSON).body(adjustment("LOST", 987654321L, -1)).post(url).then()
                .statusCode(400).body("errors.field", hasItem("items[0].batchId"));
        as(crew.manager()).contentType(ContentType.JSON).body(adjustment("LOST", batch, -1, batch, -1)).post(url)
                .then().statusCode(400);
        as(crew.manager()).contentType(ContentType.JSON).body(Map.of("reason", "LOST", "items", List.of())).post(url)
                .then().statusCode(400);
        as(crew.manager()).contentType(ContentType.JSON).body("{\"reason\":\"LOST\",\"items\":[{\"batchId\":" + batch
                + ",\"quantityDelta\":\"many\"}]}").post(url).then().statusCode(400);
        assertEquals(before, Db.count("SELECT count(*) FROM stock_adjustments"));
        assertEquals(5, Catalog.stock(store, batch));
    }
}
