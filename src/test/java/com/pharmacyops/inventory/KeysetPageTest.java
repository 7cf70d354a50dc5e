package com.pharmacyops.inventory;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Keyset pages (?after=) of the inventory and the ledger, and the stock row's copy of its batch's expiry. */
@QuarkusTest
class KeysetPageTest {

    static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);
    static long store;
    static Crew crew;
    static long medicine;
    static final List<Long> batches = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        crew = Crew.in(store);
        medicine = Catalog.medicine();
        // Two batches per expiry day, so that the id breaks ties within a page and across pages.
        for (int i = 0; i < 14; i++) {
            long b = Catalog.batch(medicine, TODAY.plusDays(20 + i / 2), (10 + i % 3) + ".00");
            Catalog.seedStock(store, b, 5 + i);
            batches.add(b);
        }
    }

    private static JsonPath inventory(Map<String, ?> query) {
        return as(crew.cashier()).queryParams(query).queryParam("medicineId", medicine)
                .get("/api/v1/stores/" + store + "/inventory").then().statusCode(200).extract().jsonPath();
    }

    /** Rows added before and after the cursor between pages: the walk sees every original row exactly once. */
    @ParameterizedTest
    @ValueSource(strings = { "expiryDate", "expiryDate,desc", "mrp", "medicineName,desc", "quantity", "batchId,desc" })
    void aCursorWalksTheWholeListOnceWhileRowsAreAdded(String sort) {
        JsonPath page = inventory(Map.of("size", 3, "sort", sort));
        assertEquals(14, page.getInt("totalItems"));
        List<Long> seen = new ArrayList<>(page.getList("items.batchId", Long.class));
        String next = page.getString("nextCursor");
        while (next != null) {
            // An offset walk would shift by one and send a row twice: a new row sorts first in every one of these.
            long early = Catalog.batch(medicine, TODAY.plusDays(1), "1.00");
            Db.exec("INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at,"
                    + " created_by, updated_by) VALUES (?, ?, ?, ?, now(), now(), 'test', 'test')", store, early,
                    medicine, sort.endsWith("desc") ? 1000 : 1);
            page = inventory(Map.of("size", 3, "sort", sort, "after", next));
            assertNull(page.<Object>get("totalItems"));
            assertNull(page.<Object>get("page"));
            seen.addAll(page.getList("items.batchId", Long.class));
            next = page.getString("nextCursor");
        }
        List<Long> original = seen.stream().filter(batches::contains).toList();
        assertEquals(new HashSet<>(batches), new HashSet<>(original));
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no row twice: " + seen);
        Db.exec("DELETE FROM stock WHERE store_id = ? AND expiry_date = ?", store, TODAY.plusDays(1));
    }

    @Test
    void offsetPagesKeepTheirCountAndHandOverToACursor() {
        JsonPath first = inventory(Map.of("size", 5, "page", 1));
        assertEquals(14, first.getInt("totalItems"));
        assertEquals(1, first.getInt("page"));
        JsonPath rest = inventory(Map.of("size", 5, "after", first.getString("nextCursor")));
        JsonPath offset = inventory(Map.of("size", 5, "page", 2));
        assertEquals(offset.getList("items"), rest.getList("items"));
        assertNull(offset.<Object>get("nextCursor"), "the last offset page");
        assertNull(rest.<Object>get("nextCursor"), "the last keyset page");
        assertEquals(4, rest.getList("items").size());
    }

    @Test
    void theLedgerPagesByCursorNewestFirst() {
        List<Long> ids = new ArrayList<>();
        JsonPath page = as(crew.manager()).queryParam("size", 4).get("/api/v1/stores/" + store + "/stock-movements")
                .then().statusCode(200).extract().jsonPath();
        while (true) {
            ids.addAll(page.getList("items.id", Long.class));
            String next = page.getString("nextCursor");
            if (next == null) {
                break;
            }
            page = as(crew.manager()).queryParam("size", 4).queryParam("after", next)
                    .get("/api/v1/stores/" + store + "/stock-movements").then().statusCode(200)
                    .body("totalItems", nullValue()).extract().jsonPath();
        }
        List<Long> expected = Db.column("SELECT id FROM stock_movements WHERE store_id = ? ORDER BY occurred_at DESC,"
                + " id DESC", store).stream().map(v -> ((Number) v).longValue()).toList();
        assertEquals(expected, ids);
    }

    /** A cursor page runs its query alone; an empty one still tells a missing store (404) from an empty one. */
    @Test
    void anEmptyCursorPageIsA404OnlyForAStoreThatDoesNotExist() {
        String next = inventory(Map.of("size", 2)).getString("nextCursor");
        String movements = as(crew.manager()).queryParam("size", 2).get("/api/v1/stores/" + store + "/stock-movements")
                .then().statusCode(200).extract().path("nextCursor");
        long empty = Fixtures.store();
        long missing = ((Number) Db.value("SELECT max(id) + 1000 FROM stores")).longValue();
        for (String list : List.of("inventory", "stock-movements")) {
            String after = list.equals("inventory") ? next : movements;
            as(crew.admin()).queryParam("after", after).get("/api/v1/stores/" + empty + "/" + list).then()
                    .statusCode(200).body("items", hasSize(0)).body("nextCursor", nullValue())
                    .body("totalItems", nullValue());
            as(crew.admin()).queryParam("after", after).get("/api/v1/stores/" + missing + "/" + list).then()
                    .statusCode(404).contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("Store " + missing));
        }
    }

    @Test
    void aBadCursorIsA400NamingAfter() {
        String forged = Base64.getUrlEncoder().encodeToString(
                "{\"s\":\"expiryDate,asc\",\"k\":[\"not-a-date\",\"1\"]}".getBytes(StandardCharsets.UTF_8));
        String shortKey = Base64.getUrlEncoder().encodeToString(
                "{\"s\":\"expiryDate,asc\",\"k\":[\"1\"]}".getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of("%%%", "bm90IGpzb24", forged, shortKey, "x".repeat(3000))) {
            as(crew.cashier()).queryParam("after", bad).get("/api/v1/stores/" + store + "/inventory").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("after"));
        }
    }

    @Test
    void aCursorIsForItsOwnSortOnly() {
        String next = inventory(Map.of("size", 2, "sort", "mrp")).getString("nextCursor");
        as(crew.cashier()).queryParam("after", next).queryParam("sort", "mrp,desc")
                .get("/api/v1/stores/" + store + "/inventory").then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
        as(crew.cashier()).queryParam("after", next).queryParam("sort", "mrp").queryParam("page", 1)
                .get("/api/v1/stores/" + store + "/inventory").then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
        as(crew.cashier()).queryParam("after", next).queryParam("sort", "mrp").queryParam("size", 2)
                .get("/api/v1/stores/" + store + "/inventory").then().statusCode(200).body("items", hasSize(2))
                .body("nextCursor", notNullValue());
    }

    @Test
    void theStockRowCarriesItsBatchsExpiry() {
        long b = Catalog.batch(medicine, TODAY.plusDays(90), "3.00");
        long other = Fixtures.store();
        // A stock row without a movement: V2 freezes a batch once it has moved, and this one is corrected below.
        Db.exec("INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by,"
                + " updated_by) VALUES (?, ?, ?, 2, now(), now(), 'test', 'test')", other, b, medicine);
        assertEquals(java.sql.Date.valueOf(TODAY.plusDays(90)),
                Db.value("SELECT expiry_date FROM stock WHERE batch_id = ?", b));
        Db.exec("UPDATE batches SET expiry_date = ? WHERE id = ?", TODAY.plusDays(91), b);
        assertEquals(java.sql.Date.valueOf(TODAY.plusDays(91)),
                Db.value("SELECT expiry_date FROM stock WHERE batch_id = ?", b));
        Db.exec("UPDATE stock SET expiry_date = ? WHERE batch_id = ?", TODAY, b);
        assertEquals(java.sql.Date.valueOf(TODAY.plusDays(91)),
                Db.value("SELECT expiry_date FROM stock WHERE batch_id = ?", b), "the copy cannot be set apart");
        Db.exec("DELETE FROM stock WHERE store_id = ?", other); // a row without a ledger, gone for the suite's check
        // The index the page's order reads (whether the planner takes it depends on the table's size: the README
        // shows the plan at the benchmark's size).
        assertEquals("CREATE INDEX stock_store_expiry_idx ON public.stock USING btree (store_id, expiry_date, batch_id)"
                + " WHERE (quantity > 0)", Db.value("SELECT indexdef FROM pg_indexes WHERE indexname ="
                        + " 'stock_store_expiry_idx'"));
    }
}
