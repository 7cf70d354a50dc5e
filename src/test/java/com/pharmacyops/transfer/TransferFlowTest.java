package com.pharmacyops.transfer;

import static com.pharmacyops.support.Fixtures.as;
import static com.pharmacyops.transfer.Transfers.body;
import static com.pharmacyops.transfer.Transfers.stocked;
import static com.pharmacyops.transfer.Transfers.url;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Dispatch, receipt with a shortfall, cancellation, and the states that refuse them. */
@QuarkusTest
class TransferFlowTest {

    static long a;
    static long b;
    static Crew crewA;
    static Crew crewB;

    @BeforeAll
    static void setUp() {
        a = Fixtures.store();
        b = Fixtures.store();
        crewA = Crew.in(a);
        crewB = Crew.in(b);
    }

    static long dispatch(String who, long from, Map<String, Object> body) {
        return as(who).contentType(ContentType.JSON).body(body).post(url(from)).then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    static long movements(long store, String reason, long transfer) {
        return Db.count("SELECT count(*) FROM stock_movements WHERE store_id = ? AND reason = ?"
                + " AND reference_type = 'TRANSFER' AND reference_id = ?", store, reason, transfer);
    }

    @Test
    void dispatchThenReceiveWithAShortfall() {
        long x = stocked(a, 50);
        long y = stocked(a, 20);
        long medicineX = Transfers.medicineOf(x);
        String location = as(crewA.manager()).contentType(ContentType.JSON).body(body(b, x, 30, y, 20))
                .post(url(a)).then().statusCode(201)
                .body("status", equalTo("DISPATCHED")).body("fromStoreId", equalTo((int) a))
                .body("toStoreId", equalTo((int) b)).body("dispatchedBy", equalTo(crewA.manager()))
                .body("dispatchedAt", notNullValue()).body("note", equalTo("weekly balance"))
                .body("items[0].batchId", equalTo((int) x)).body("items[0].medicineId", equalTo((int) medicineX))
                .body("items[0].quantity", equalTo(30)).body("items[0].receivedQuantity", nullValue())
                .body("receivedAt", nullValue())
                .extract().header("Location");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        org.hamcrest.MatcherAssert.assertThat(location, endsWith(url(a) + "/" + id));
        assertEquals(20, Catalog.stock(a, x));
        assertEquals(0, Catalog.stock(a, y));
        assertEquals(0, Catalog.stock(b, x));
        assertEquals(2, movements(a, "TRANSFER_OUT", id));
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE action = 'DISPATCH' AND entity_type = "
                + "'TRANSFER' AND entity_id = ? AND store_id = ? AND actor = ?", String.valueOf(id), a, crewA.manager()));

        // In transit: the destination's summary shows it, sellable nowhere; the source's shows none.
        as(crewB.cashier()).queryParam("medicineId", medicineX).get("/api/v1/stores/" + b + "/inventory/summary")
                .then().statusCode(200).body("items[0].inTransitQuantity", equalTo(30))
                .body("items[0].sellableQuantity", equalTo(0));
        as(crewA.cashier()).queryParam("medicineId", medicineX).get("/api/v1/stores/" + a + "/inventory/summary")
                .then().statusCode(200).body("items[0].inTransitQuantity", equalTo(0))
                .body("items[0].sellableQuantity", equalTo(20));
        // Both stores read it.
        as(crewA.cashier()).get(url(a) + "/" + id).then().statusCode(200).body("status", equalTo("DISPATCHED"));
        as(crewB.pharmacist()).get(url(b) + "/" + id).then().statusCode(200).body("items.size()", equalTo(2));

        // 15 of y arrive (5 lost); x is not listed, so all 30 arrived.
        as(crewB.manager()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("batchId", y, "receivedQuantity", 15))))
                .post(url(b) + "/" + id + "/receive").then().statusCode(200)
                .body("status", equalTo("RECEIVED")).body("receivedBy", equalTo(crewB.manager()))
                .body("receivedAt", notNullValue()).body("cancelledAt", nullValue())
                .body("items.find { it.batchId == " + y + " }.receivedQuantity", equalTo(15))
                .body("items.find { it.batchId == " + y + " }.lostQuantity", equalTo(5))
                .body("items.find { it.batchId == " + x + " }.receivedQuantity", equalTo(30))
                .body("items.find { it.batchId == " + x + " }.lostQuantity", equalTo(0));
        assertEquals(30, Catalog.stock(b, x));
        assertEquals(15, Catalog.stock(b, y));
        assertEquals(20, Catalog.stock(a, x));
        assertEquals(2, movements(b, "TRANSFER_IN", id));
        assertEquals(0, movements(a, "TRANSFER_IN", id));
        assertEquals(5, Db.count("SELECT quantity - received_quantity FROM transfer_items WHERE transfer_id = ?"
                + " AND batch_id = ?", id, y));
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE action = 'RECEIVE' AND entity_type = "
                + "'TRANSFER' AND entity_id = ? AND store_id = ?", String.valueOf(id), b));
        as(crewB.cashier()).queryParam("medicineId", medicineX).get("/api/v1/stores/" + b + "/inventory/summary")
                .then().statusCode(200).body("items[0].inTransitQuantity", equalTo(0))
                .body("items[0].sellableQuantity", equalTo(30));

        // Final: neither cancelled nor received again, and nothing moves.
        String before = Transfers.snapshot();
        as(crewA.manager()).post(url(a) + "/" + id + "/cancel").then().statusCode(409)
                .contentType("application/problem+json");
        as(crewB.manager()).contentType(ContentType.JSON).body("{}").post(url(b) + "/" + id + "/receive").then().statusCode(409);
        assertEquals(before, Transfers.snapshot());
        Ledgers.assertInvariant();
    }

    @Test
    void cancelPutsTheStockBackAndEndsTheTransfer() {
        long x = stocked(a, 10);
        long id = dispatch(crewA.admin(), a, body(b, x, 4));
        assertEquals(6, Catalog.stock(a, x));
        as(crewA.manager()).post(url(a) + "/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("cancelledBy", equalTo(crewA.manager()))
                .body("cancelledAt", notNullValue()).body("receivedAt", nullValue())
                .body("items[0].receivedQuantity", nullValue());
        assertEquals(10, Catalog.stock(a, x));
        assertEquals(1, movements(a, "TRANSFER_CANCELLATION", id));
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE action = 'CANCEL' AND entity_type = "
                + "'TRANSFER' AND entity_id = ? AND store_id = ?", String.valueOf(id), a));
        String before = Transfers.snapshot();
        as(crewB.manager()).contentType(ContentType.JSON).body("{}").post(url(b) + "/" + id + "/receive").then().statusCode(409);
        as(crewA.manager()).post(url(a) + "/" + id + "/cancel").then().statusCode(409);
        assertEquals(before, Transfers.snapshot());
        assertEquals(0, Catalog.stock(b, x));
        as(crewB.cashier()).queryParam("medicineId", Transfers.medicineOf(x))
                .get("/api/v1/stores/" + b + "/inventory/summary").then().statusCode(200).body("items.size()", equalTo(0));
        Ledgers.assertInvariant();
    }

    @Test
    void receiveWithoutABodyTakesEverythingAndCreatesTheStockRow() {
        long x = stocked(a, 8);
        long id = dispatch(crewA.manager(), a, body(b, x, 8));
        // Only in transit: the destination has no stock row yet, and the summary still lists the medicine.
        as(crewB.cashier()).queryParam("medicineId", Transfers.medicineOf(x))
                .get("/api/v1/stores/" + b + "/inventory/summary").then().statusCode(200)
                .body("items[0].inTransitQuantity", equalTo(8)).body("items[0].sellableQuantity", equalTo(0));
        assertEquals(0, Db.count("SELECT count(*) FROM stock WHERE store_id = ? AND batch_id = ?", b, x));
        as(crewB.admin()).contentType(ContentType.JSON).post(url(b) + "/" + id + "/receive").then().statusCode(200)
                .body("items[0].receivedQuantity", equalTo(8)).body("items[0].lostQuantity", equalTo(0));
        assertEquals(8, Catalog.stock(b, x));
        assertEquals(0, Catalog.stock(a, x));
        Ledgers.assertInvariant();
    }

    @Test
    void aReplayedKeyDoesNothingTwice() {
        long x = stocked(a, 10);
        String key = "tr-" + Fixtures.unique();
        long id = as(crewA.manager()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body(b, x, 3))
                .post(url(a)).then().statusCode(201).extract().jsonPath().getLong("id");
        as(crewA.manager()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body(b, x, 3))
                .post(url(a)).then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo((int) id));
        as(crewA.manager()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body(b, x, 4))
                .post(url(a)).then().statusCode(422);
        assertEquals(7, Catalog.stock(a, x));
        assertEquals(1, Db.count("SELECT count(*) FROM transfer_items WHERE batch_id = ?", x));

        String receipt = "rc-" + Fixtures.unique();
        for (int i = 0; i < 2; i++) {
            as(crewB.manager()).header("Idempotency-Key", receipt).contentType(ContentType.JSON)
                    .body(Map.of("items", List.of(Map.of("batchId", x, "receivedQuantity", 2))))
                    .post(url(b) + "/" + id + "/receive").then().statusCode(200).body("status", equalTo("RECEIVED"));
        }
        String cancel = "cn-" + Fixtures.unique();
        long other = dispatch(crewA.manager(), a, body(b, x, 1));
        for (int i = 0; i < 2; i++) {
            as(crewA.manager()).header("Idempotency-Key", cancel).post(url(a) + "/" + other + "/cancel").then()
                    .statusCode(200).body("status", equalTo("CANCELLED"));
        }
        assertEquals(2, Catalog.stock(b, x));
        assertEquals(7, Catalog.stock(a, x));
        assertEquals(1, movements(b, "TRANSFER_IN", id));
        assertEquals(1, movements(a, "TRANSFER_CANCELLATION", other));
        Ledgers.assertInvariant();
    }

    @Test
    void badDispatchesAreRefusedAndWriteNothing() {
        long x = stocked(a, 10);
        long held = stocked(a, 10);
        Db.exec("UPDATE batches SET status = 'ON_HOLD' WHERE id = ?", held);
        long recalled = stocked(a, 10);
        Db.exec("UPDATE batches SET status = 'RECALLED' WHERE id = ?", recalled);
        long medicine = Catalog.medicine();
        long expired = Catalog.batch(medicine, java.time.LocalDate.now().minusDays(1), "5.00");
        Catalog.seedStock(a, expired, 10);
        long closed = Fixtures.store("T-" + Fixtures.unique(), false);
        String before = Transfers.snapshot();

        expect400(body(a, x, 1), "toStoreId");                                      // to itself
        expect400(body(987654321L, x, 1), "toStoreId");                             // no such store
        expect400(body(b, x, 1, x, 2), "items[1].batchId");                         // the same batch twice
        expect400(body(b, x, 0), "items[0].quantity");
        expect400(body(b, 987654321L, 1), "items[0].batchId");                      // no such batch
        expect400(Map.of("toStoreId", b, "items", List.of()), "items");
        expect400(Map.of("id", 5, "toStoreId", b, "items", List.of(Map.of("batchId", x, "quantity", 1))), "id");
        as(crewA.manager()).contentType(ContentType.JSON).body("{\"toStoreId\":" + b + ",\"items\":[{\"batchId\":" + x
                + ",\"quantity\":\"2\"}]}").post(url(a)).then().statusCode(400);
        expect409(body(closed, x, 1));                                              // inactive destination
        expect409(body(b, held, 1));
        expect409(body(b, recalled, 1));
        expect409(body(b, expired, 1));
        as(crewA.manager()).contentType(ContentType.JSON).body(body(b, x, 4, held, 0 + 1)).post(url(a)).then()
                .statusCode(409);
        // Short: every line or none, with the same shortages as an adjustment.
        long y = stocked(a, 5);
        before = Transfers.snapshot();
        as(crewA.manager()).contentType(ContentType.JSON).body(body(b, y, 5, x, 11)).post(url(a)).then()
                .statusCode(409).contentType("application/problem+json")
                .body("shortages.size()", equalTo(1)).body("shortages[0].batchId", equalTo((int) x))
                .body("shortages[0].medicineId", equalTo((int) Transfers.medicineOf(x)))
                .body("shortages[0].requested", equalTo(11)).body("shortages[0].available", equalTo(10));
        assertEquals(before, Transfers.snapshot());
        assertEquals(5, Catalog.stock(a, y));
        assertEquals(10, Catalog.stock(a, x));
        // An inactive source takes no dispatch (as it takes no receipt).
        Crew closedCrew = Crew.in(closed);
        as(closedCrew.admin()).contentType(ContentType.JSON).body(body(b, x, 1)).post(url(closed)).then()
                .statusCode(409);
        Ledgers.assertInvariant();
    }

    @Test
    void badReceiptsAreRefusedAndWriteNothing() {
        long x = stocked(a, 10);
        long id = dispatch(crewA.manager(), a, body(b, x, 6));
        String before = Transfers.snapshot();
        String receive = url(b) + "/" + id + "/receive";
        for (Object[] bad : new Object[][] { { x, 7, "items[0].receivedQuantity" }, { x, -1, "items[0].receivedQuantity" },
                { 987654321L, 1, "items[0].batchId" } }) {
            as(crewB.manager()).contentType(ContentType.JSON)
                    .body(Map.of("items", List.of(Map.of("batchId", bad[0], "receivedQuantity", bad[1]))))
                    .post(receive).then().statusCode(400).body("errors.field", hasItem(bad[2]));
        }
        as(crewB.manager()).contentType(ContentType.JSON).body(Map.of("items", List.of(
                Map.of("batchId", x, "receivedQuantity", 1), Map.of("batchId", x, "receivedQuantity", 2))))
                .post(receive).then().statusCode(400).body("errors.field", hasItem("items[1].batchId"));
        as(crewB.manager()).contentType(ContentType.JSON).body("{\"items\":[],\"status\":\"RECEIVED\"}")
                .post(receive).then().statusCode(400);
        assertEquals(before, Transfers.snapshot());
        assertEquals(0, Catalog.stock(b, x));
        as(crewB.cashier()).get(url(b) + "/" + id).then().statusCode(200).body("status", equalTo("DISPATCHED"));
    }

    private static void expect400(Map<String, Object> body, String field) {
        String before = Transfers.snapshot();
        as(crewA.manager()).contentType(ContentType.JSON).body(body).post(url(a)).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
        assertEquals(before, Transfers.snapshot());
    }

    private static void expect409(Map<String, Object> body) {
        String before = Transfers.snapshot();
        as(crewA.manager()).contentType(ContentType.JSON).body(body).post(url(a)).then().statusCode(409)
                .contentType("application/problem+json");
        assertEquals(before, Transfers.snapshot());
    }
}
