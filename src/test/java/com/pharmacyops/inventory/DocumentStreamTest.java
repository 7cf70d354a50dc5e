package com.pharmacyops.inventory;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Ledgers;
import com.pharmacyops.support.Snapshot;
import com.pharmacyops.support.Streams;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Receipts and adjustments stream as NDJSON and SSE: every document with its lines, exactly as a page has it. */
@QuarkusTest
class DocumentStreamTest {

    static final List<String> ROLES = List.of("ADMIN", "AUDITOR", "STORE_MANAGER", "PHARMACIST", "CASHIER");

    static long store;
    static Crew crew;
    static String stranger;

    /** Once per class; not in @BeforeAll, where REST Assured does not know the test port yet. */
    @BeforeEach
    void setUp() {
        if (store != 0) {
            return;
        }
        store = Fixtures.store();
        crew = Crew.in(store);
        stranger = "stranger-" + Fixtures.unique().toLowerCase();
        Fixtures.user(stranger, "STORE_MANAGER", Fixtures.store());
        String url = "/api/v1/stores/" + store;
        long[] batches = new long[3];
        for (int i = 0; i < 3; i++) {
            long medicine = Catalog.medicine();
            // Known batches, received by the manager; the third receipt has two lines.
            batches[i] = Catalog.batch(medicine, LocalDate.now().plusYears(1), "12.5");
            String number = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", batches[i]);
            List<Map<String, Object>> lines = new java.util.ArrayList<>(List.of(Map.of("medicineId", medicine,
                    "batchNumber", number, "expiryDate", LocalDate.now().plusYears(1).toString(), "mrp", 12.5,
                    "quantity", 10 + i)));
            if (i == 2) {
                long second = Catalog.batch(medicine, LocalDate.now().plusYears(2), "7");
                lines.add(Map.of("medicineId", medicine, "batchNumber",
                        Db.value("SELECT batch_number FROM batches WHERE id = ?", second), "expiryDate",
                        LocalDate.now().plusYears(2).toString(), "mrp", 7, "quantity", 3));
            }
            as(crew.manager()).contentType(ContentType.JSON)
                    .body(i == 1 ? Map.of("items", lines) : Map.of("supplier", "Supplier " + i, "invoiceNumber",
                            "INV-" + i, "items", lines))
                    .post(url + "/stock-receipts").then().statusCode(201);
        }
        for (String reason : List.of("DAMAGED", "COUNT_CORRECTION")) {
            as(crew.manager()).contentType(ContentType.JSON).body(Map.of("reason", reason, "note", "shelf check",
                    "items", List.of(Map.of("batchId", batches[0], "quantityDelta", -1),
                            Map.of("batchId", batches[1], "quantityDelta", 2))))
                    .post(url + "/stock-adjustments").then().statusCode(201);
        }
    }

    @Test
    void streamsHoldEveryDocumentWithItsLinesAsThePageDoes() {
        for (String list : List.of("stock-receipts", "stock-adjustments")) {
            String url = "/api/v1/stores/" + store + "/" + list;
            for (String sort : new String[] { null, "createdAt,asc", "id,desc", "id" }) {
                Map<String, String> query = sort == null ? Map.of() : Map.of("sort", sort);
                List<Map<String, Object>> page = Streams.page(as(crew.auditor()), url, query);
                assertEquals(list.equals("stock-receipts") ? 3 : 2, page.size(), url);
                List<String> ndjson = Streams.ndjsonLines(as(crew.auditor()), url, query);
                List<String> events = Streams.eventData(as(crew.auditor()), url, query);
                assertEquals(page, Streams.parsed(ndjson), url + " " + sort);
                assertEquals(ndjson, events, "an NDJSON line is the event's data, byte for byte");
            }
            // Newest first by default, as the page: ids descend.
            List<Map<String, Object>> byDefault = Streams.parsed(Streams.ndjsonLines(as(crew.cashier()), url, Map.of()));
            assertEquals(Streams.parsed(Streams.ndjsonLines(as(crew.cashier()), url, Map.of("sort", "id,desc"))),
                    byDefault);
            assertFalse(((List<?>) byDefault.get(0).get("items")).isEmpty());
        }
        // The receipt with two lines streams both.
        List<Map<String, Object>> receipts = Streams.parsed(Streams.ndjsonLines(as(crew.cashier()),
                "/api/v1/stores/" + store + "/stock-receipts", Map.of("sort", "id,asc")));
        assertEquals(List.of(1, 1, 2), receipts.stream().map(r -> ((List<?>) r.get("items")).size()).toList());
    }

    @Test
    void whoSeesTheListStreamsIt() {
        String before = Snapshot.of();
        for (String list : List.of("stock-receipts", "stock-adjustments")) {
            String url = "/api/v1/stores/" + store + "/" + list;
            // Without an Accept header, or with */*, the list is the JSON page, as before it streamed.
            io.restassured.RestAssured.given().auth().oauth2(Fixtures.token(crew.cashier())).header("Accept", "*/*")
                    .get(url).then().statusCode(200).contentType("application/json").body("page", equalTo(0));
            for (String role : ROLES) {
                for (String accept : List.of("application/x-ndjson", "text/event-stream")) {
                    as(crew.of(role)).accept(accept).get(url).then().statusCode(200);
                }
            }
            for (String accept : List.of("application/x-ndjson", "text/event-stream")) {
                // Another store's manager: 404, as for the page; a store that does not exist: 404 for an admin.
                as(stranger).accept(accept).get(url).then().statusCode(404).contentType("application/problem+json");
                as(crew.admin()).accept(accept).get("/api/v1/stores/999999999/" + list).then().statusCode(404)
                        .contentType("application/problem+json");
                as(crew.manager()).accept(accept).queryParam("sort", "supplier").get(url).then().statusCode(400)
                        .body("errors[0].field", equalTo("sort"));
            }
        }
        assertEquals(before, Snapshot.of(), "reading a stream changed the database");
        Ledgers.assertInvariant();
    }
}
