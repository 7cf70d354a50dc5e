package com.pharmacyops.inventory;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Held and recalled stock: on hand but not sellable in the inventory and summary; written off as RECALLED. */
@QuarkusTest
class HeldStockTest {

    private static void change(String admin, long medicine, long batch, String action) {
        as(admin).contentType(ContentType.JSON).body(Map.of("reason", "notice"))
                .post("/api/v1/medicines/" + medicine + "/batches/" + batch + "/" + action).then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse adjust(String who, long store, String reason,
            long batch, int delta) {
        return as(who).contentType(ContentType.JSON)
                .body(Map.of("reason", reason, "items", List.of(Map.of("batchId", batch, "quantityDelta", delta))))
                .post("/api/v1/stores/" + store + "/stock-adjustments").then();
    }

    @Test
    void heldStockIsLeftOutOfTheSellableViewsAndShownApart() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine(false, 20);
        long active = Catalog.batch(medicine, LocalDate.now().plusDays(200), "1.00");
        long held = Catalog.batch(medicine, LocalDate.now().plusDays(20), "1.00");
        long recalled = Catalog.batch(medicine, LocalDate.now().plusDays(40), "1.00");
        long expired = Catalog.batch(medicine, LocalDate.now().minusDays(1), "1.00");
        Catalog.seedStock(store, active, 15);
        Catalog.seedStock(store, held, 7);
        Catalog.seedStock(store, recalled, 4);
        Catalog.seedStock(store, expired, 2);
        change(crew.admin(), medicine, held, "hold");
        change(crew.admin(), medicine, recalled, "recall");
        change(crew.admin(), medicine, expired, "hold");
        String inventory = "/api/v1/stores/" + store + "/inventory";

        as(crew.cashier()).queryParam("medicineId", medicine).get(inventory).then().statusCode(200)
                .body("items.batchId", equalTo(List.of((int) active))).body("items[0].status", equalTo("ACTIVE"));
        as(crew.cashier()).queryParam("medicineId", medicine).queryParam("includeHeld", true).get(inventory).then()
                .statusCode(200).body("items.batchId", equalTo(List.of((int) held, (int) recalled, (int) active)))
                .body("items.status", equalTo(List.of("ON_HOLD", "RECALLED", "ACTIVE")));
        as(crew.cashier()).queryParam("medicineId", medicine).queryParam("includeHeld", true)
                .queryParam("includeExpired", true).get(inventory).then().statusCode(200)
                .body("items.size()", equalTo(4)).body("items[0].status", equalTo("ON_HOLD"))
                .body("items[0].expired", equalTo(true));
        String ndjson = as(crew.cashier()).accept("application/x-ndjson").queryParam("medicineId", medicine)
                .get(inventory).then().statusCode(200).extract().asString();
        assertEquals(1, ndjson.lines().count());
        as(crew.cashier()).queryParam("includeHeld", "maybe").get(inventory).then().statusCode(400)
                .body("errors.field", hasItem("includeHeld"));
        // Held and recalled stock not expired is on hand but not sellable; the expired batch counts as expired.
        as(crew.cashier()).queryParam("medicineId", medicine).get(inventory + "/summary").then().statusCode(200)
                .body("items[0].sellableQuantity", equalTo(15)).body("items[0].heldQuantity", equalTo(11))
                .body("items[0].expiredQuantity", equalTo(2))
                .body("items[0].nearestExpiry", equalTo(LocalDate.now().plusDays(200).toString()))
                .body("items[0].belowReorderLevel", equalTo(true));
        change(crew.admin(), medicine, held, "release");
        as(crew.cashier()).queryParam("medicineId", medicine).get(inventory + "/summary").then().statusCode(200)
                .body("items[0].sellableQuantity", equalTo(22)).body("items[0].heldQuantity", equalTo(4))
                .body("items[0].nearestExpiry", equalTo(LocalDate.now().plusDays(20).toString()));
    }

    @Test
    void recalledAdjustmentsWriteOffOnlyHeldOrRecalledBatchesAndOnlyDown() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long active = Catalog.batch(medicine);
        long held = Catalog.batch(medicine);
        long recalled = Catalog.batch(medicine);
        for (long b : List.of(active, held, recalled)) {
            Catalog.seedStock(store, b, 10);
        }
        change(crew.admin(), medicine, held, "hold");
        change(crew.admin(), medicine, recalled, "recall");
        String number = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", active);
        long adjustments = Db.count("SELECT count(*) FROM stock_adjustments WHERE store_id = ?", store);

        adjust(crew.manager(), store, "RECALLED", active, -1).statusCode(409)
                .contentType("application/problem+json").body("detail", containsString(number))
                .body("detail", containsString("ACTIVE"));
        adjust(crew.manager(), store, "RECALLED", held, 1).statusCode(400)
                .body("errors.field", hasItem("items[0].quantityDelta"));
        adjust(crew.manager(), store, "RECALLED", held, -11).statusCode(409).body("shortages[0].available",
                equalTo(10));
        assertEquals(adjustments, Db.count("SELECT count(*) FROM stock_adjustments WHERE store_id = ?", store));
        assertEquals(10, Catalog.stock(store, active));
        assertEquals(10, Catalog.stock(store, held));

        adjust(crew.manager(), store, "RECALLED", held, -10).statusCode(201).body("reason", equalTo("RECALLED"));
        adjust(crew.admin(), store, "RECALLED", recalled, -4).statusCode(201);
        assertEquals(0, Catalog.stock(store, held));
        assertEquals(6, Catalog.stock(store, recalled));
        assertEquals(2, Db.count("SELECT count(*) FROM stock_movements WHERE store_id = ?"
                + " AND adjustment_reason = 'RECALLED'", store));
        // Other reasons still adjust held batches, and RECALLED is refused again once the batch is released.
        adjust(crew.manager(), store, "COUNT_CORRECTION", recalled, 1).statusCode(201);
        change(crew.admin(), medicine, held, "release");
        adjust(crew.manager(), store, "RECALLED", held, -1).statusCode(409).body("detail", containsString("is ACTIVE"));
        Ledgers.assertInvariant();
    }
}
