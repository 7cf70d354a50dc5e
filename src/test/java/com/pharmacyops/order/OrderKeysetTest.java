package com.pharmacyops.order;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The order list by cursor: every order once, whatever is taken between pages. */
@QuarkusTest
class OrderKeysetTest {

    static long store;
    static Crew crew;
    static long medicine;
    static final List<Long> orders = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        crew = Crew.in(store);
        medicine = Catalog.medicine();
    }

    /** Orders through the API, which is up only once a test runs (not yet in a static @BeforeAll). */
    @BeforeEach
    void orders() {
        while (orders.size() < 7) {
            orders.add(Orders.create(crew.cashier(), store, Orders.order(null, medicine, 1)));
        }
    }

    private static JsonPath list(String sort, String after) {
        var request = as(crew.cashier()).queryParam("size", 2).queryParam("sort", sort);
        if (after != null) {
            request.queryParam("after", after);
        }
        return request.get("/api/v1/stores/" + store + "/orders").then().statusCode(200).extract().jsonPath();
    }

    @ParameterizedTest
    @ValueSource(strings = { "createdAt,desc", "id,desc", "orderNumber,desc", "status" })
    void aCursorWalksEveryOrderOnceWhileOrdersAreTaken(String sort) {
        JsonPath page = list(sort, null);
        List<Long> seen = new ArrayList<>(page.getList("items.id", Long.class));
        String next = page.getString("nextCursor");
        while (next != null) {
            // Newest first: a new order lands on page one and would push an offset walk back by one.
            Orders.create(crew.cashier(), store, Orders.order(null, medicine, 1));
            page = list(sort, next);
            assertEquals(null, page.<Object>get("totalItems"));
            seen.addAll(page.getList("items.id", Long.class));
            next = page.getString("nextCursor");
        }
        assertEquals(new HashSet<>(orders), new HashSet<>(seen.stream().filter(orders::contains).toList()));
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no order twice: " + seen);
    }

    @ParameterizedTest
    @ValueSource(strings = { "bm90IGpzb24", "eyJzIjoiY3JlYXRlZEF0LGRlc2MiLCJrIjpbIm5vdyIsIjEiXX0" })
    void aBadCursorIsA400AndChangesNothing(String bad) {
        long before = Db.count("SELECT count(*) FROM orders WHERE store_id = ?", store);
        as(crew.cashier()).queryParam("after", bad).get("/api/v1/stores/" + store + "/orders").then()
                .statusCode(400).body("errors[0].field", equalTo("after")).body("totalItems", nullValue());
        assertEquals(before, Db.count("SELECT count(*) FROM orders WHERE store_id = ?", store));
    }
}
