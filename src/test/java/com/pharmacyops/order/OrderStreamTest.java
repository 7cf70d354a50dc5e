package com.pharmacyops.order;

import static com.pharmacyops.order.Orders.create;
import static com.pharmacyops.order.Orders.order;
import static com.pharmacyops.order.Orders.url;
import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Ledgers;
import com.pharmacyops.support.Snapshot;
import com.pharmacyops.support.Streams;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The order list streams as NDJSON and SSE: every matching order with items and allocations, as a page has it. */
@QuarkusTest
class OrderStreamTest {

    static long store;
    static Crew crew;
    static String stranger;
    static String list;

    /** Once per class; not in @BeforeAll, where REST Assured does not know the test port yet. */
    @BeforeEach
    void setUp() {
        if (store != 0) {
            return;
        }
        store = Fixtures.store();
        crew = Crew.in(store);
        stranger = "stranger-" + Fixtures.unique().toLowerCase();
        Fixtures.user(stranger, "CASHIER", Fixtures.store());
        list = "/api/v1/stores/" + store + "/orders";
        long medicine = Catalog.medicine();
        long other = Catalog.medicine();
        // Two batches, so a confirmed line has two allocations.
        Catalog.seedStock(store, Catalog.batch(medicine, java.time.LocalDate.now().plusMonths(3), "10.00"), 4);
        Catalog.seedStock(store, Catalog.batch(medicine, java.time.LocalDate.now().plusYears(1), "11.00"), 100);
        Catalog.seedStock(store, Catalog.batch(other), 100);
        create(crew.cashier(), store, order(null, medicine, 1));
        long confirmed = create(crew.cashier(), store, order(null, medicine, 6, other, 2));
        as(crew.cashier()).post(url(store, confirmed) + "/confirm").then().statusCode(200);
        long cancelled = create(crew.manager(), store, order(null, other, 3));
        as(crew.manager()).contentType(ContentType.JSON).body(Map.of("reason", "customer left"))
                .post(url(store, cancelled) + "/cancel").then().statusCode(200);
        long second = create(crew.pharmacist(), store, order(null, other, 1));
        as(crew.pharmacist()).post(url(store, second) + "/confirm").then().statusCode(200);
    }

    @Test
    void streamsHoldEveryMatchingOrderAsThePageDoes() {
        String past = Instant.now().minusSeconds(3600).toString();
        String future = Instant.now().plusSeconds(3600).toString();
        List<Map<String, String>> queries = List.of(Map.of(), Map.of("sort", "orderNumber,asc"),
                Map.of("sort", "status,desc"), Map.of("status", "CONFIRMED"), Map.of("status", "CANCELLED"),
                Map.of("from", past, "to", future, "sort", "createdAt,asc"), Map.of("from", future));
        List<Integer> sizes = List.of(4, 4, 4, 2, 1, 4, 0);
        for (int i = 0; i < queries.size(); i++) {
            Map<String, String> query = queries.get(i);
            List<Map<String, Object>> page = Streams.page(as(crew.auditor()), list, query);
            assertEquals(sizes.get(i), page.size(), query.toString());
            List<String> ndjson = Streams.ndjsonLines(as(crew.auditor()), list, query);
            assertEquals(page, Streams.parsed(ndjson), query.toString());
            assertEquals(ndjson, Streams.eventData(as(crew.auditor()), list, query), query.toString());
        }
        // The confirmed order's line served from two batches streams both allocations.
        List<Map<String, Object>> confirmed = Streams.parsed(Streams.ndjsonLines(as(crew.cashier()), list,
                Map.of("status", "CONFIRMED", "sort", "createdAt,asc")));
        List<?> allocations = (List<?>) ((Map<?, ?>) ((List<?>) confirmed.get(0).get("items")).get(0))
                .get("allocations");
        assertEquals(2, allocations.size());
        // Newest first by default, as the page.
        assertEquals(Streams.parsed(Streams.ndjsonLines(as(crew.cashier()), list, Map.of("sort", "createdAt,desc"))),
                Streams.parsed(Streams.ndjsonLines(as(crew.cashier()), list, Map.of())));
    }

    @Test
    void whoSeesTheListStreamsIt() {
        String before = Snapshot.of();
        io.restassured.RestAssured.given().auth().oauth2(Fixtures.token(crew.cashier())).header("Accept", "*/*")
                .get(list).then().statusCode(200).contentType("application/json").body("page", equalTo(0));
        for (String accept : List.of("application/x-ndjson", "text/event-stream")) {
            for (String role : List.of("ADMIN", "AUDITOR", "STORE_MANAGER", "PHARMACIST", "CASHIER")) {
                as(crew.of(role)).accept(accept).get(list).then().statusCode(200);
            }
            as(stranger).accept(accept).get(list).then().statusCode(404).contentType("application/problem+json");
            as(crew.admin()).accept(accept).get("/api/v1/stores/999999999/orders").then().statusCode(404);
            as(crew.manager()).accept(accept).queryParam("status", "LOST").get(list).then().statusCode(400)
                    .body("errors[0].field", equalTo("status"));
            as(crew.manager()).accept(accept).queryParam("sort", "total,asc").get(list).then().statusCode(400)
                    .body("errors[0].field", equalTo("sort"));
        }
        assertEquals(before, Snapshot.of(), "reading a stream changed the database");
        Ledgers.assertInvariant();
    }
}
