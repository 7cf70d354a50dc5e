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

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ReceiptResourceTest {

    static long store;
    static long other;
    static Crew crew;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        other = Fixtures.store();
        crew = Crew.in(store);
    }

    static Map<String, Object> line(long medicine, String batch, LocalDate expiry, String mrp, int quantity) {
        return Map.of("medicineId", medicine, "batchNumber", batch, "expiryDate", expiry.toString(), "mrp",
                new java.math.BigDecimal(mrp), "quantity", quantity);
    }

    static Map<String, Object> receipt(Map<?, ?>... lines) {
        return Map.of("supplier", "Acme Pharma", "invoiceNumber", "INV-" + Fixtures.unique(), "items", List.of(lines));
    }

    private static long state() {
        return Db.count("SELECT count(*) FROM stock_movements") * 1_000_000 + Db.count("SELECT count(*) FROM batches")
                * 1000 + Db.count("SELECT count(*) FROM stock_receipts");
    }

    /** role, own store, other store. */
    @ParameterizedTest
    @CsvSource({ "ADMIN,201,201", "STORE_MANAGER,201,404", "PHARMACIST,403,404", "CASHIER,403,404",
            "AUDITOR,403,403" })
    void roleMatrix(String role, int own, int otherStore) {
        String who = crew.of(role);
        long medicine = Catalog.medicine();
        LocalDate expiry = LocalDate.now().plusYears(1);
        String number = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?",
                Catalog.batch(medicine, expiry, "10.00"));
        var body = receipt(line(medicine, number, expiry, "10.00", 5));
        as(who).contentType(ContentType.JSON).body(body).post("/api/v1/stores/" + store + "/stock-receipts").then()
                .statusCode(own);
        as(who).contentType(ContentType.JSON).body(body).post("/api/v1/stores/" + other + "/stock-receipts").then()
                .statusCode(otherStore);
        assertEquals((own == 201 ? 5 : 0) + (otherStore == 201 ? 5 : 0), ((Number) Db.value(
                "SELECT COALESCE(sum(quantity), 0) FROM stock WHERE medicine_id = ?", medicine)).intValue());
        as(who).get("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(200);
        as(who).get("/api/v1/stores/" + other + "/stock-receipts").then()
                .statusCode(role.equals("ADMIN") || role.equals("AUDITOR") ? 200 : 404);
        Ledgers.assertInvariant();
    }

    @Test
    void receivesNewAndKnownBatchesAtomically() {
        long medicine = Catalog.medicine();
        LocalDate expiry = LocalDate.now().plusMonths(18);
        long known = Catalog.batch(medicine, expiry, "25.50");
        String knownNumber = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", known);
        String fresh = "NEW-" + Fixtures.unique();
        String location = as(crew.admin()).contentType(ContentType.JSON)
                .body(receipt(line(medicine, knownNumber, expiry, "25.50", 7),
                        line(medicine, fresh, LocalDate.now().plusYears(2), "30.00", 3)))
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201)
                .body("items.batchNumber", contains(knownNumber, fresh))
                .body("items.quantity", contains(7, 3)).body("items[1].mrp", equalTo(30.0f))
                .body("createdBy", equalTo(crew.admin())).extract().header("Location");
        long receiptId = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        long freshId = (long) Db.value("SELECT id FROM batches WHERE medicine_id = ? AND batch_number = ?", medicine,
                fresh);

        assertEquals(7, Catalog.stock(store, known));
        assertEquals(3, Catalog.stock(store, freshId));
        assertEquals(2, Db.count("SELECT count(*) FROM stock_movements WHERE reason = 'RECEIPT'"
                + " AND reference_type = 'RECEIPT' AND reference_id = ? AND actor = ?", receiptId, crew.admin()));
        assertEquals(7L, ((Number) Db.value("SELECT balance_after FROM stock_movements WHERE reference_id = ?"
                + " AND reason = 'RECEIPT' AND batch_id = ?", receiptId, known)).longValue());
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE entity_type = 'STOCK_RECEIPT'"
                + " AND entity_id = ? AND store_id = ?", String.valueOf(receiptId), store));

        as(crew.cashier()).get(location).then().statusCode(200).body("id", equalTo((int) receiptId))
                .body("items.size()", equalTo(2));
        as(crew.cashier()).get("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(200)
                .body("items.id", hasItem((int) receiptId));
        as(crew.cashier()).get("/api/v1/stores/" + other + "/stock-receipts/" + receiptId).then().statusCode(404);

        // A second receipt of the same batch, now in the catalog, adds to the same row.
        as(crew.manager()).contentType(ContentType.JSON).body(receipt(line(medicine, fresh,
                LocalDate.now().plusYears(2), "30.00", 4))).post("/api/v1/stores/" + store + "/stock-receipts")
                .then().statusCode(201);
        assertEquals(7, Catalog.stock(store, freshId));
        Ledgers.assertInvariant();
    }

    /** A STORE_MANAGER receives batches that exist; only an ADMIN's receipt brings new ones into the catalog. */
    @Test
    void onlyAnAdminCreatesBatches() {
        long medicine = Catalog.medicine();
        LocalDate expiry = LocalDate.now().plusYears(1);
        String known = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?",
                Catalog.batch(medicine, expiry, "8.00"));
        String unknown = "UNK-" + Fixtures.unique();
        var body = receipt(line(medicine, known, expiry, "8.00", 4), line(medicine, unknown, expiry, "9.00", 2));
        String url = "/api/v1/stores/" + store + "/stock-receipts";
        String key = "unknown-" + Fixtures.unique();
        long before = state();
        long audit = Db.count("SELECT count(*) FROM audit_events");

        as(crew.manager()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body).post(url).then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString(unknown + " of medicine " + medicine))
                .body("detail", org.hamcrest.Matchers.containsString("an administrator must create"));
        assertEquals(before, state());
        assertEquals(audit, Db.count("SELECT count(*) FROM audit_events"));
        assertEquals(0, Db.count("SELECT count(*) FROM stock WHERE medicine_id = ?", medicine));
        assertEquals(0, Db.count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));

        as(crew.admin()).contentType(ContentType.JSON).body(body).post(url).then().statusCode(201);
        assertEquals(1, Db.count("SELECT count(*) FROM batches WHERE medicine_id = ? AND batch_number = ?", medicine,
                unknown));
        // Now in the catalog: the manager may receive it.
        as(crew.manager()).contentType(ContentType.JSON).body(receipt(line(medicine, unknown, expiry, "9.00", 1)))
                .post(url).then().statusCode(201);
        assertEquals(3, ((Number) Db.value("SELECT sum(quantity) FROM stock s JOIN batches b ON b.id = s.batch_id"
                + " WHERE b.batch_number = ? AND s.store_id = ?", unknown, store)).intValue());
        Ledgers.assertInvariant();
    }

    @Test
    void refusalsChangeNothing() {
        long medicine = Catalog.medicine();
        LocalDate expiry = LocalDate.now().plusYears(1);
        long known = Catalog.batch(medicine, expiry, "25.50");
        String knownNumber = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", known);
        String url = "/api/v1/stores/" + store + "/stock-receipts";
        long before = state();

        // An expired batch: 400, even next to a good line.
        as(crew.manager()).contentType(ContentType.JSON).body(receipt(line(medicine, "OK-" + Fixtures.unique(),
                expiry, "5.00", 1), line(medicine, "OLD-" + Fixtures.unique(), LocalDate.now(), "5.00", 1)))
                .post(url).then().statusCode(400).body("errors.field", hasItem("items[1].expiryDate"));
        // A known batch with another expiry or MRP: 409.
        as(crew.manager()).contentType(ContentType.JSON)
                .body(receipt(line(medicine, knownNumber, expiry.plusDays(1), "25.50", 1))).post(url).then()
                .statusCode(409);
        as(crew.manager()).contentType(ContentType.JSON)
                .body(receipt(line(medicine, "OK-" + Fixtures.unique(), expiry, "5.00", 1),
                        line(medicine, knownNumber, expiry, "25.51", 1))).post(url).then().statusCode(409);
        // Unknown medicine, bad quantities, no items, unknown members.
        as(crew.manager()).contentType(ContentType.JSON)
                .body(receipt(line(987654321L, "X-" + Fixtures.unique(), expiry, "5.00", 1))).post(url).then()
                .statusCode(400).body("errors.field", hasItem("items[0].medicineId"));
        as(crew.manager()).contentType(ContentType.JSON)
                .body(receipt(line(medicine, "X-" + Fixtures.unique(), expiry, "5.00", 0))).post(url).then()
                .statusCode(400).body("errors.field", hasItem("items[0].quantity"));
        as(crew.manager()).contentType(ContentType.JSON).body(Map.of("items", List.of())).post(url).then()
                .statusCode(400).body("errors.field", hasItem("items"));
        as(crew.manager()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("medicineId", medicine, "batchNumber", "Z", "expiryDate",
                        expiry.toString(), "mrp", 1, "quantity", 1, "stockId", 1)))).post(url).then().statusCode(400)
                .body("errors.field", hasItem("items[0].stockId"));
        // The same batch twice in one receipt.
        String twice = "TW-" + Fixtures.unique();
        as(crew.manager()).contentType(ContentType.JSON)
                .body(receipt(line(medicine, twice, expiry, "5.00", 1), line(medicine, twice, expiry, "5.00", 1)))
                .post(url).then().statusCode(400);
        assertEquals(before, state());
        Ledgers.assertInvariant();
    }

    @Test
    void inactiveStoresTakeNoStock() {
        long inactive = Fixtures.store("OFF-" + Fixtures.unique(), false);
        long medicine = Catalog.medicine();
        long before = state();
        as(crew.admin()).contentType(ContentType.JSON)
                .body(receipt(line(medicine, "I-" + Fixtures.unique(), LocalDate.now().plusYears(1), "5.00", 1)))
                .post("/api/v1/stores/" + inactive + "/stock-receipts").then().statusCode(409);
        assertEquals(before, state());
    }

    @Test
    void replayedReceiptsAddStockOnce() {
        long medicine = Catalog.medicine();
        String batch = "ID-" + Fixtures.unique();
        var body = receipt(line(medicine, batch, LocalDate.now().plusYears(1), "5.00", 9));
        String key = "rcpt-" + Fixtures.unique();
        String first = as(crew.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201).extract().asString();
        String again = as(crew.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract().asString();
        assertEquals(first, again);
        long batchId = (long) Db.value("SELECT id FROM batches WHERE batch_number = ?", batch);
        assertEquals(9, Catalog.stock(store, batchId));
        assertEquals(1, Db.count("SELECT count(*) FROM stock_movements WHERE batch_id = ?", batchId));
    }
}
