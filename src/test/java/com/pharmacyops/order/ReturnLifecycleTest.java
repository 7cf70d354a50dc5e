package com.pharmacyops.order;

import static com.pharmacyops.order.Orders.url;
import static com.pharmacyops.order.Returns.body;
import static com.pharmacyops.order.Returns.cancel;
import static com.pharmacyops.order.Returns.lines;
import static com.pharmacyops.order.Returns.post;
import static com.pharmacyops.order.Returns.sold;
import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Ledgers;
import com.pharmacyops.support.Snapshot;

import io.quarkus.test.junit.QuarkusTest;

/** Customer returns: partial and repeated, latest expiry first, refunds, over-returns, and cancel after returns. */
@QuarkusTest
class ReturnLifecycleTest {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static long store;
    static Crew crew;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        crew = Crew.in(store);
    }

    private static long movements(String reason, long batch) {
        return Db.count("SELECT count(*) FROM stock_movements WHERE reason = ? AND batch_id = ?", reason, batch);
    }

    @Test
    void partialAndRepeatedReturnsGoBackLatestExpiryFirstAtTheSoldPrices() {
        long medicine = Catalog.medicine();
        long near = Catalog.batch(medicine, TODAY.plusDays(20), "10.00");
        long far = Catalog.batch(medicine, TODAY.plusDays(400), "12.00");
        Catalog.seedStock(store, near, 3);
        Catalog.seedStock(store, far, 10);
        long order = sold(crew.cashier(), store, medicine, 5); // near 3, far 2
        long line = lines(crew.cashier(), store, order).get(0);

        int first = post(crew.pharmacist(), store, order, body("wrong strength", line, 1, 1)).then().statusCode(201)
                .header("Location", endsWith(url(store, order) + "/returns/" + Db.value(
                        "SELECT max(id) FROM order_returns WHERE order_id = ?", order)))
                .body("orderId", equalTo((int) order)).body("reason", equalTo("wrong strength"))
                .body("items.orderItemId", contains((int) line)).body("items[0].medicineId", equalTo((int) medicine))
                .body("items[0].quantity", equalTo(1)).body("items[0].restock", equalTo(true))
                .body("items[0].batches.batchId", contains((int) far)).body("items[0].batches.quantity", contains(1))
                .body("items[0].batches.unitPrice", contains(12.0f)).body("refund", equalTo(12.0f))
                .body("createdBy", equalTo(crew.pharmacist())).extract().path("id");
        assertEquals(9, Catalog.stock(store, far));
        assertEquals(1, Db.count("SELECT count(*) FROM stock_movements WHERE reason = 'CUSTOMER_RETURN'"
                + " AND reference_type = 'RETURN' AND reference_id = ? AND batch_id = ? AND quantity_delta = 1"
                + " AND actor = ?", first, far, crew.pharmacist()));

        // The second takes the last unit of the far batch, then one of the near batch.
        post(crew.manager(), store, order, body("allergy", line, 2, 1)).then().statusCode(201)
                .body("items[0].batches.batchId", contains((int) far, (int) near))
                .body("items[0].batches.quantity", contains(1, 1)).body("refund", equalTo(22.0f));
        assertEquals(10, Catalog.stock(store, far));
        assertEquals(1, Catalog.stock(store, near));

        as(crew.cashier()).get(url(store, order)).then().statusCode(200).body("status", equalTo("CONFIRMED"))
                .body("items[0].id", equalTo((int) line)).body("items[0].quantity", equalTo(5))
                .body("items[0].returnedQuantity", equalTo(3)).body("refundedTotal", equalTo(34.0f))
                .body("total", equalTo(54.0f)).body("version", equalTo(3)).header("ETag", "\"3\"");
        as(crew.auditor()).get(url(store, order) + "/returns").then().statusCode(200)
                .body("totalItems", equalTo(2)).body("items.refund", contains(12.0f, 22.0f))
                .body("items[1].items[0].quantity", equalTo(2));
        as(crew.cashier()).get(url(store, order) + "/returns/" + first).then().statusCode(200)
                .body("id", equalTo(first)).body("items[0].batches.batchId", contains((int) far));
        as(crew.cashier()).get(url(store, order) + "/returns/987654321").then().statusCode(404);
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE entity_type = 'ORDER' AND entity_id = ?"
                + " AND action = 'RETURN' AND store_id = ? AND actor = ? AND (changes->>'returnId')::bigint = ?"
                + " AND (changes->>'refund')::numeric = 12 AND changes->>'reason' = 'wrong strength'"
                + " AND changes->'items'->0->>'orderItemId' = ?", String.valueOf(order), store, crew.pharmacist(),
                (long) first, String.valueOf(line)));

        // Over-return: 3 asked, 2 left; the figures come back and nothing changes.
        String before = Snapshot.of();
        post(crew.manager(), store, order, body("too many", line, 3, 1)).then().statusCode(409)
                .contentType("application/problem+json").body("shortages.orderItemId", contains((int) line))
                .body("shortages[0].medicineId", equalTo((int) medicine))
                .body("shortages[0].requested", equalTo(3)).body("shortages[0].available", equalTo(2));
        assertEquals(before, Snapshot.of());
        assertEquals(2, Db.count("SELECT count(*) FROM order_returns WHERE order_id = ?", order));
        Ledgers.assertInvariant();
    }

    @Test
    void anOverReturnNamesEveryLineThatCannotAndWritesNothing() {
        long a = Catalog.medicine();
        long b = Catalog.medicine();
        Catalog.seedStock(store, Catalog.batch(a, TODAY.plusDays(90), "2.00"), 10);
        Catalog.seedStock(store, Catalog.batch(b, TODAY.plusDays(90), "3.00"), 10);
        long order = sold(crew.cashier(), store, a, 2, b, 4);
        var ids = lines(crew.cashier(), store, order);
        String before = Snapshot.of();
        post(crew.admin(), store, order, body("mixed", ids.get(0), 2, 1, ids.get(1), 5, 0)).then().statusCode(409)
                .body("shortages.orderItemId", contains(ids.get(1).intValue()))
                .body("shortages[0].requested", equalTo(5)).body("shortages[0].available", equalTo(4))
                .body("detail", containsString("sold minus already returned"));
        assertEquals(before, Snapshot.of());
        assertEquals(0, Db.count("SELECT count(*) FROM order_return_items WHERE order_id = ?", order));
    }

    @Test
    void cancellingAPartlyReturnedOrderGivesBackOnlyTheRest() {
        long medicine = Catalog.medicine();
        long near = Catalog.batch(medicine, TODAY.plusDays(30), "4.00");
        long far = Catalog.batch(medicine, TODAY.plusDays(300), "5.00");
        Catalog.seedStock(store, near, 3);
        Catalog.seedStock(store, far, 10);
        long order = sold(crew.cashier(), store, medicine, 5); // near 3, far 2
        long line = lines(crew.cashier(), store, order).get(0);
        post(crew.pharmacist(), store, order, body("unopened", line, 2, 1)).then().statusCode(201); // far 2 back
        post(crew.pharmacist(), store, order, body("crushed", line, 1, 0)).then().statusCode(201); // near 1, gone
        assertEquals(0, Catalog.stock(store, near));
        assertEquals(10, Catalog.stock(store, far));

        cancel(crew.manager(), store, order).then().statusCode(200).body("status", equalTo("CANCELLED"))
                .body("items[0].returnedQuantity", equalTo(3)).body("refundedTotal", equalTo(14.0f));
        // What was neither returned nor written off: 2 units of the near batch.
        assertEquals(2, Catalog.stock(store, near));
        assertEquals(10, Catalog.stock(store, far));
        assertEquals(1, Db.count("SELECT count(*) FROM stock_movements WHERE reason = 'SALE_CANCELLATION'"
                + " AND reference_id = ? AND batch_id = ? AND quantity_delta = 2", order, near));
        assertEquals(0, movements("SALE_CANCELLATION", far));
        // A cancelled order takes no more returns.
        post(crew.pharmacist(), store, order, body("late", line, 1, 0)).then().statusCode(409)
                .body("detail", containsString("CANCELLED"));
        Ledgers.assertInvariant();
    }

    @Test
    void aFullyReturnedOrderCannotBeCancelled() {
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, TODAY.plusDays(60), "6.00");
        Catalog.seedStock(store, batch, 5);
        long order = sold(crew.cashier(), store, medicine, 2);
        long line = lines(crew.cashier(), store, order).get(0);
        post(crew.manager(), store, order, body("all back", line, 1, 1)).then().statusCode(201);
        post(crew.manager(), store, order, body("all back", line, 1, 0)).then().statusCode(201);
        String before = Snapshot.of();
        cancel(crew.manager(), store, order).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("fully returned"));
        post(crew.manager(), store, order, body("again", line, 1, 1)).then().statusCode(409)
                .body("shortages[0].available", equalTo(0));
        assertEquals(before, Snapshot.of());
        assertEquals(4, Catalog.stock(store, batch));
        as(crew.cashier()).get(url(store, order)).then().body("status", equalTo("CONFIRMED"))
                .body("items[0].returnedQuantity", equalTo(2)).body("refundedTotal", equalTo(12.0f));
    }

    @Test
    void onlyConfirmedOrdersTakeReturns() {
        long medicine = Catalog.medicine();
        long draft = Orders.create(crew.cashier(), store, Orders.order(null, medicine, 2));
        long line = lines(crew.cashier(), store, draft).get(0);
        as(crew.cashier()).get(url(store, draft)).then().body("items[0].returnedQuantity", equalTo(0))
                .body("refundedTotal", equalTo(0.0f));
        String before = Snapshot.of();
        post(crew.manager(), store, draft, body("never sold", line, 1, 1)).then().statusCode(409)
                .body("detail", containsString("CREATED"));
        post(crew.manager(), store, 987654321L, body("no order", line, 1, 1)).then().statusCode(404);
        as(crew.manager()).get(url(store, 987654321L) + "/returns").then().statusCode(404);
        assertEquals(before, Snapshot.of());
    }
}
