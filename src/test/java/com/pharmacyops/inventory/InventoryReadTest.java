package com.pharmacyops.inventory;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class InventoryReadTest {

    static long store;
    static long other;
    static Crew crew;
    static long medicine;
    static long expired;
    static long near;
    static long far;
    static long empty;
    static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);

    /** Stock entered the way history would have it: a row and its RECEIPT movement (expired batches included). */
    static void seed(long storeId, long batch, long medicineId, int quantity) {
        Db.exec("""
                INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by, updated_by)
                VALUES (?, ?, ?, ?, now(), now(), 'test', 'test')""", storeId, batch, medicineId, quantity);
        Db.exec("""
                INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason,
                    reference_type, reference_id, actor, occurred_at, created_at, updated_at, created_by, updated_by)
                VALUES (?, ?, ?, ?, ?, 'RECEIPT', 'RECEIPT', 0, 'test', now(), now(), now(), 'test', 'test')""",
                storeId, batch, medicineId, quantity, quantity);
    }

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        other = Fixtures.store();
        crew = Crew.in(store);
        medicine = Catalog.medicine(false, 50);
        expired = Catalog.batch(medicine, TODAY.minusDays(1), "9.00");
        near = Catalog.batch(medicine, TODAY.plusDays(10), "10.00");
        far = Catalog.batch(medicine, TODAY.plusDays(400), "11.00");
        empty = Catalog.batch(medicine, TODAY.plusDays(200), "10.50");
        seed(store, expired, medicine, 4);
        seed(store, near, medicine, 20);
        seed(store, far, medicine, 25);
        seed(store, empty, medicine, 3);
        // ...and emptied by an adjustment.
        Db.exec("UPDATE stock SET quantity = 0 WHERE store_id = ? AND batch_id = ?", store, empty);
        Db.exec("""
                INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason,
                    adjustment_reason, reference_type, reference_id, actor, occurred_at, created_at, updated_at,
                    created_by, updated_by)
                VALUES (?, ?, ?, -3, 0, 'ADJUSTMENT', 'DAMAGED', 'ADJUSTMENT', 0, ?, now(), now(), now(), 'test',
                    'test')""", store, empty, medicine, crew.manager());
    }

    private static io.restassured.response.ValidatableResponse inventory(String who, Map<String, ?> query) {
        return as(who).queryParams(query).queryParam("medicineId", medicine)
                .get("/api/v1/stores/" + store + "/inventory").then();
    }

    @Test
    void sellableRowsByDefaultInExpiryOrder() {
        inventory(crew.cashier(), Map.of()).statusCode(200)
                .body("items.batchId", contains((int) near, (int) far))
                .body("items[0].quantity", equalTo(20)).body("items[0].mrp", equalTo(10.0f))
                .body("items[0].expired", equalTo(false)).body("items[0].medicineId", equalTo((int) medicine))
                .body("items[0].expiryDate", equalTo(TODAY.plusDays(10).toString()))
                .body("totalItems", equalTo(2));
    }

    @Test
    void filters() {
        inventory(crew.cashier(), Map.of("includeExpired", true)).body("items.batchId",
                contains((int) expired, (int) near, (int) far)).body("items[0].expired", equalTo(true));
        inventory(crew.cashier(), Map.of("includeEmpty", true)).body("items.batchId",
                contains((int) near, (int) empty, (int) far));
        inventory(crew.cashier(), Map.of("expiringWithinDays", 30)).body("items.batchId", contains((int) near));
        inventory(crew.cashier(), Map.of("sort", "quantity,desc")).body("items.batchId",
                contains((int) far, (int) near));
        String sku = (String) Db.value("SELECT sku FROM medicines WHERE id = ?", medicine);
        as(crew.cashier()).queryParam("q", sku.toLowerCase()).get("/api/v1/stores/" + store + "/inventory").then()
                .body("totalItems", equalTo(2));
        inventory(crew.cashier(), Map.of("size", 1, "page", 1)).body("items.batchId", contains((int) far))
                .body("totalItems", equalTo(2));
    }

    @Test
    void summaryPerMedicine() {
        as(crew.pharmacist()).queryParam("medicineId", medicine).get("/api/v1/stores/" + store + "/inventory/summary")
                .then().statusCode(200)
                .body("items[0].medicineId", equalTo((int) medicine))
                .body("items[0].sellableQuantity", equalTo(45))
                .body("items[0].expiredQuantity", equalTo(4))
                .body("items[0].nearestExpiry", equalTo(TODAY.plusDays(10).toString()))
                .body("items[0].reorderLevel", equalTo(50))
                .body("items[0].belowReorderLevel", equalTo(true));
        // A medicine with expired stock only has no nearest expiry: null, as the document says (the contract check).
        long shop = Fixtures.store(); // of its own: the other tests count this store's rows
        long stale = Catalog.medicine(false, 0);
        seed(shop, Catalog.batch(stale, TODAY.minusDays(3), "5.00"), stale, 2);
        as(Crew.in(shop).pharmacist()).get("/api/v1/stores/" + shop + "/inventory/summary")
                .then().statusCode(200).body("items[0].sellableQuantity", equalTo(0))
                .body("items[0].expiredQuantity", equalTo(2)).body("items[0]", hasKey("nearestExpiry"))
                .body("items[0].nearestExpiry", nullValue());
    }

    @Test
    void ledgerWithFilters() {
        as(crew.auditor()).queryParam("batchId", empty).get("/api/v1/stores/" + store + "/stock-movements").then()
                .statusCode(200).body("items.reason", contains("ADJUSTMENT", "RECEIPT"))
                .body("items[0].balanceAfter", equalTo(0)).body("items[0].adjustmentReason", equalTo("DAMAGED"))
                .body("items[0].actor", equalTo(crew.manager()));
        as(crew.auditor()).queryParam("reason", "RECEIPT").queryParam("medicineId", medicine)
                .get("/api/v1/stores/" + store + "/stock-movements").then().body("totalItems", equalTo(4));
        as(crew.auditor()).queryParam("from", TODAY.plusDays(1).toString())
                .get("/api/v1/stores/" + store + "/stock-movements").then().body("totalItems", equalTo(0));
        as(crew.auditor()).queryParam("reason", "THEFT").get("/api/v1/stores/" + store + "/stock-movements").then()
                .statusCode(400).body("errors.field", hasItem("reason"));
        String ndjson = as(crew.auditor()).accept("application/x-ndjson").queryParam("medicineId", medicine)
                .get("/api/v1/stores/" + store + "/stock-movements").then().statusCode(200).extract().asString();
        assertEquals(5, ndjson.lines().count());
    }

    @Test
    void summaryOfWhatToReorder() {
        long shop = Fixtures.store(); // of its own: exactly these medicines
        long low = Catalog.medicine(false, 50);
        long enough = Catalog.medicine(false, 10);
        seed(shop, Catalog.batch(low, TODAY.plusDays(90), "5.00"), low, 45);
        seed(shop, Catalog.batch(enough, TODAY.plusDays(90), "5.00"), enough, 20);
        // expired units do not count as sellable: 30 on hand, none sellable, reorder at 10
        long stale = Catalog.medicine(false, 10);
        seed(shop, Catalog.batch(stale, TODAY.minusDays(1), "5.00"), stale, 30);
        String summary = "/api/v1/stores/" + shop + "/inventory/summary";
        String pharmacist = Crew.in(shop).pharmacist();
        as(pharmacist).queryParam("belowReorderLevel", true).queryParam("sort", "medicineName").get(summary).then()
                .statusCode(200).body("totalItems", equalTo(2))
                .body("items.medicineId", containsInAnyOrder((int) low, (int) stale))
                .body("items.belowReorderLevel", everyItem(equalTo(true)));
        as(pharmacist).queryParam("belowReorderLevel", false).get(summary).then().statusCode(200)
                .body("totalItems", equalTo(1)).body("items[0].medicineId", equalTo((int) enough))
                .body("items[0].belowReorderLevel", equalTo(false));
        as(pharmacist).get(summary).then().statusCode(200).body("totalItems", equalTo(3));
        String ndjson = as(pharmacist).accept("application/x-ndjson").queryParam("belowReorderLevel", true)
                .get(summary).then().statusCode(200).extract().asString();
        assertEquals(2, ndjson.lines().count(), ndjson);
        String sse = as(pharmacist).accept("text/event-stream").queryParam("belowReorderLevel", false).get(summary)
                .then().statusCode(200).extract().asString();
        assertEquals(1, sse.lines().filter(l -> l.startsWith("data:")).count(), sse);
        for (String accept : List.of("application/json", "application/x-ndjson", "text/event-stream")) {
            as(pharmacist).accept(accept).queryParam("belowReorderLevel", "yes").get(summary).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("belowReorderLevel"));
        }
    }

    @Test
    void streamsAnswerTheSameRowsAsPages() {
        String ndjson = as(crew.cashier()).accept("application/x-ndjson").queryParam("includeExpired", true)
                .get("/api/v1/stores/" + store + "/inventory").then().statusCode(200).extract().asString();
        assertEquals(List.of(expired, near, far), ndjson.lines()
                .map(l -> io.restassured.path.json.JsonPath.from(l).getLong("batchId")).toList());
        // Line for line what the paged JSON answers, each line one bare object (no separators around it).
        List<Map<String, Object>> page = as(crew.cashier()).queryParam("includeExpired", true)
                .get("/api/v1/stores/" + store + "/inventory").then().statusCode(200).extract().jsonPath()
                .getList("items");
        assertEquals(page, ndjson.lines().map(l -> io.restassured.path.json.JsonPath.from(l).<String, Object>getMap(""))
                .toList());
        ndjson.lines().forEach(l -> org.junit.jupiter.api.Assertions.assertTrue(l.startsWith("{\"") && l.endsWith("}"), l));
        String sse = as(crew.cashier()).accept("text/event-stream").get("/api/v1/stores/" + store + "/inventory/summary")
                .then().statusCode(200).extract().asString();
        assertEquals(1, sse.lines().filter(l -> l.startsWith("data:")).count());
    }

    /** role, own store, other store. */
    @ParameterizedTest
    @CsvSource({ "ADMIN,200,200", "AUDITOR,200,200", "STORE_MANAGER,200,404", "PHARMACIST,200,404",
            "CASHIER,200,404" })
    void visibility(String role, int own, int otherStore) {
        for (String path : List.of("/inventory", "/inventory/summary", "/stock-movements", "/stock-receipts",
                "/stock-adjustments")) {
            as(crew.of(role)).get("/api/v1/stores/" + store + path).then().statusCode(own);
            as(crew.of(role)).get("/api/v1/stores/" + other + path).then().statusCode(otherStore);
            for (String accept : List.of("application/x-ndjson", "text/event-stream")) {
                as(crew.of(role)).accept(accept).get("/api/v1/stores/" + store + path).then().statusCode(own);
                as(crew.of(role)).accept(accept).get("/api/v1/stores/" + other + path).then().statusCode(otherStore);
            }
        }
        as(crew.of(role)).get("/api/v1/stores/99999999/inventory").then().statusCode(404);
    }

    @Test
    void badParameters() {
        for (Map<String, Object> q : List.<Map<String, Object>>of(Map.of("size", 101), Map.of("sort", "secret"),
                Map.of("expiringWithinDays", -1), Map.of("expiringWithinDays", "soon"), Map.of("includeExpired", "y"),
                Map.of("medicineId", "x"))) {
            as(crew.cashier()).queryParams(q).get("/api/v1/stores/" + store + "/inventory").then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }
}
