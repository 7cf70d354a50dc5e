package com.pharmacyops.transfer;

import static com.pharmacyops.support.Fixtures.as;
import static com.pharmacyops.transfer.Transfers.body;
import static com.pharmacyops.transfer.Transfers.stocked;
import static com.pharmacyops.transfer.Transfers.url;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** A store's transfers by direction and status, paged, sorted and streamed. */
@QuarkusTest
class TransferListTest {

    static long p;
    static long q;
    static Crew crewP;
    static Crew crewQ;
    static long out1;
    static long out2;
    static long in1;

    // Not @BeforeAll: REST Assured points at the test server only once Quarkus has started, per test.
    @BeforeEach
    void setUp() {
        if (p != 0) {
            return;
        }
        p = Fixtures.store();
        q = Fixtures.store();
        crewP = Crew.in(p);
        crewQ = Crew.in(q);
        long atP = stocked(p, 10);
        long atQ = stocked(q, 10);
        out1 = dispatch(crewP.manager(), p, body(q, atP, 1));
        out2 = dispatch(crewP.manager(), p, body(q, atP, 2));
        in1 = dispatch(crewQ.manager(), q, body(p, atQ, 3));
        as(crewP.manager()).post(url(p) + "/" + out2 + "/cancel").then().statusCode(200);
    }

    static long dispatch(String who, long from, java.util.Map<String, Object> body) {
        return as(who).contentType(ContentType.JSON).body(body).post(url(from)).then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    @Test
    void filtersByDirectionAndStatus() {
        as(crewP.cashier()).get(url(p)).then().statusCode(200).body("totalItems", equalTo(3))
                .body("items.id", contains((int) in1, (int) out2, (int) out1)).body("nextCursor", equalTo(null));
        as(crewP.cashier()).queryParam("direction", "out").get(url(p)).then().statusCode(200)
                .body("items.id", contains((int) out2, (int) out1));
        as(crewP.cashier()).queryParam("direction", "in").get(url(p)).then().statusCode(200)
                .body("items.id", contains((int) in1)).body("items[0].fromStoreId", equalTo((int) q));
        as(crewP.cashier()).queryParam("status", "CANCELLED").get(url(p)).then().statusCode(200)
                .body("items.id", contains((int) out2));
        as(crewP.cashier()).queryParam("direction", "out").queryParam("status", "DISPATCHED").get(url(p)).then()
                .statusCode(200).body("items.id", contains((int) out1));
        as(crewQ.cashier()).queryParam("direction", "in").get(url(q)).then().statusCode(200)
                .body("items.id", contains((int) out2, (int) out1));
        as(crewP.cashier()).queryParam("sort", "id,asc").queryParam("size", 2).get(url(p)).then().statusCode(200)
                .body("items.id", contains((int) out1, (int) out2)).body("totalItems", equalTo(3));
        as(crewP.cashier()).queryParam("sort", "id,asc").queryParam("size", 2).queryParam("page", 1).get(url(p))
                .then().statusCode(200).body("items.id", contains((int) in1));
        for (String[] bad : new String[][] { { "direction", "sideways" }, { "status", "LOST" }, { "sort", "note" },
                { "size", "101" } }) {
            as(crewP.cashier()).queryParam(bad[0], bad[1]).get(url(p)).then().statusCode(400)
                    .body("errors.field", hasItem(bad[0]));
        }
    }

    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    @Test
    void theDocumentStatesTheFiltersTheSortAndTheStreamRow() {
        var doc = io.restassured.RestAssured.given().port(management.getPort()).queryParam("format", "json")
                .get("/q/openapi").then().statusCode(200).extract().jsonPath();
        String list = "paths.'/api/v1/stores/{storeId}/transfers'.get";
        assertEquals(List.of("in", "out"), doc.getList(list + ".parameters.find { it.name == 'direction' }.schema.enum"));
        assertEquals("#/components/schemas/TransferStatus",
                doc.getString(list + ".parameters.find { it.name == 'status' }.schema.$ref"));
        String pattern = doc.getString(list + ".parameters.find { it.name == 'sort' }.schema.pattern");
        String fields = pattern.substring(pattern.indexOf('(') + 1, pattern.indexOf(')'));
        assertEquals(new java.util.TreeSet<>(TransferService.SORTABLE.keySet()),
                new java.util.TreeSet<>(List.of(fields.split("\\|"))));
        assertEquals("#/components/schemas/TransferView",
                doc.getString(list + ".responses.'200'.content.'application/x-ndjson'.schema.$ref"));
        assertEquals(false, doc.getBoolean("paths.'/api/v1/stores/{storeId}/transfers/{id}/receive'.post.requestBody"
                + ".required"));
    }

    @Test
    void streamsAsNdjsonAndServerSentEvents() {
        String ndjson = as(crewP.pharmacist()).accept("application/x-ndjson").queryParam("sort", "id,asc")
                .get(url(p)).then().statusCode(200).contentType("application/x-ndjson").extract().asString();
        List<String> lines = Arrays.stream(ndjson.split("\n")).filter(l -> !l.isBlank()).toList();
        assertEquals(3, lines.size(), ndjson);
        org.hamcrest.MatcherAssert.assertThat(lines.get(0), org.hamcrest.Matchers.containsString("\"id\":" + out1 + ","));
        String sse = as(crewP.pharmacist()).accept("text/event-stream").queryParam("direction", "in")
                .get(url(p)).then().statusCode(200).extract().asString();
        List<String> events = Arrays.stream(sse.split("\n")).filter(l -> l.startsWith("data:")).toList();
        assertEquals(1, events.size(), sse);
        org.hamcrest.MatcherAssert.assertThat(events.get(0), org.hamcrest.Matchers.containsString("\"id\":" + in1 + ","));
        as(crewP.pharmacist()).accept("application/x-ndjson").queryParam("direction", "up").get(url(p)).then()
                .statusCode(400);
        Crew stranger = Crew.in(Fixtures.store());
        as(stranger.pharmacist()).accept("application/x-ndjson").get(url(p)).then().statusCode(404);
    }
}
