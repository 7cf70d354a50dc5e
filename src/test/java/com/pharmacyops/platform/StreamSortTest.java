package com.pharmacyops.platform;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** NDJSON and SSE lists take the paged list's sort (same fields, same 400), and page/size do not apply. */
@QuarkusTest
class StreamSortTest {

    @Test
    void storesStreamInTheRequestedOrder() {
        String tag = Fixtures.unique().toLowerCase();
        String admin = "admin-sort-" + tag;
        Fixtures.user(admin, "ADMIN");
        // Ids ascend while names descend, so id order and name order differ.
        for (String name : List.of("c", "a", "b")) {
            Db.exec("UPDATE stores SET name = ? WHERE id = ?", name + " " + tag, Fixtures.store());
        }
        List<String> expected = List.of("c " + tag, "b " + tag, "a " + tag);
        String ndjson = as(admin).accept("application/x-ndjson").queryParam("q", tag).queryParam("sort", "name,desc")
                .queryParam("size", "1").get("/api/v1/stores").then().statusCode(200).extract().asString();
        assertEquals(expected, names(ndjson, ""));
        String sse = as(admin).accept("text/event-stream").queryParam("q", tag).queryParam("sort", "name,desc")
                .get("/api/v1/stores").then().statusCode(200).extract().asString();
        assertEquals(expected, names(sse, "data:"));
        String byDefault = as(admin).accept("application/x-ndjson").queryParam("q", tag).get("/api/v1/stores").then()
                .statusCode(200).extract().asString();
        assertEquals(List.of("c " + tag, "a " + tag, "b " + tag), names(byDefault, ""));
    }

    @Test
    void inventoryStreamsInTheRequestedOrder() {
        long store = Fixtures.store();
        Fixtures.Crew crew = Fixtures.Crew.in(store);
        long medicine = Catalog.medicine();
        List<Long> batches = new ArrayList<>();
        int[] quantities = { 5, 30, 12 };
        for (int q : quantities) {
            long batch = Catalog.batch(medicine);
            Catalog.seedStock(store, batch, q);
            batches.add(batch);
        }
        List<Long> expected = List.of(batches.get(1), batches.get(2), batches.get(0));
        String url = "/api/v1/stores/" + store + "/inventory";
        String ndjson = as(crew.cashier()).accept("application/x-ndjson").queryParam("sort", "quantity,desc")
                .get(url).then().statusCode(200).extract().asString();
        assertEquals(expected, batchIds(ndjson, ""));
        String sse = as(crew.cashier()).accept("text/event-stream").queryParam("sort", "quantity,desc")
                .get(url).then().statusCode(200).extract().asString();
        assertEquals(expected, batchIds(sse, "data:"));
    }

    @Test
    void aBadSortIs400NamingSort() {
        long store = Fixtures.store();
        Fixtures.Crew crew = Fixtures.Crew.in(store);
        for (String accept : List.of("application/x-ndjson", "text/event-stream")) {
            for (String url : List.of("/api/v1/stores", "/api/v1/medicines", "/api/v1/stores/" + store + "/inventory",
                    "/api/v1/stores/" + store + "/inventory/summary")) {
                as(crew.manager()).accept(accept).queryParam("sort", "password,desc").get(url).then().statusCode(400)
                        .contentType("application/problem+json").body("errors[0].field", equalTo("sort"));
            }
        }
        as(crew.manager()).accept("application/x-ndjson").queryParam("sort", "occurredAt,sideways")
                .get("/api/v1/stores/" + store + "/stock-movements").then().statusCode(400)
                .body("errors[0].field", equalTo("sort"));
    }

    private static List<String> names(String body, String prefix) {
        List<String> names = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith(prefix) && line.length() > prefix.length()) {
                names.add(JsonPath.from(line.substring(prefix.length())).getString("name"));
            }
        }
        return names;
    }

    private static List<Long> batchIds(String body, String prefix) {
        List<Long> ids = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith(prefix) && line.length() > prefix.length()) {
                ids.add(JsonPath.from(line.substring(prefix.length())).getLong("batchId"));
            }
        }
        return ids;
    }
}
