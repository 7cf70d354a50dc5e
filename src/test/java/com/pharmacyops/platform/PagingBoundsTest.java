package com.pharmacyops.platform;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A page beyond what can be addressed, or a negative one, is a 400 problem naming the parameter on every paged
 * list, never a 500 (page × size overflowed an int on the Hibernate lists).
 */
@QuarkusTest
class PagingBoundsTest {

    @Test
    void pagesOutOfRangeAreRefusedOnEveryList() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        List<String> lists = List.of("/api/v1/medicines", "/api/v1/stores", "/api/v1/users", "/api/v1/audit-events",
                "/api/v1/stores/" + store + "/orders", "/api/v1/stores/" + store + "/stock-receipts",
                "/api/v1/stores/" + store + "/stock-adjustments", "/api/v1/stores/" + store + "/inventory",
                "/api/v1/stores/" + store + "/inventory/summary", "/api/v1/stores/" + store + "/stock-movements");
        for (String list : lists) {
            for (String query : List.of("page=2147483647&size=100", "page=21474836&size=100", "page=2147483647&size=1",
                    "page=-1", "page=-2147483648&size=100")) {
                as(crew.admin()).get(list + "?" + query).then().statusCode(400)
                        .contentType(startsWith("application/problem+json"))
                        .body("errors[0].field", equalTo("page"));
            }
            // The last addressable page of size 100 is still a page (empty here).
            as(crew.admin()).get(list + "?page=21474835&size=100").then().statusCode(200)
                    .body("items.size()", equalTo(0)).body("page", equalTo(21474835));
        }
    }

    @Test
    void datesInQueriesAreIsoWithFourDigitYears() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        for (String list : List.of("/api/v1/audit-events", "/api/v1/stores/" + store + "/orders",
                "/api/v1/stores/" + store + "/stock-movements")) {
            for (String bad : List.of("+12030-01-01", "-0001-01-01", "12030-01-01T00:00:00Z", "2026-13-01", "2030",
                    "28.11.2026")) {
                as(crew.admin()).queryParam("from", bad).get(list).then().statusCode(400)
                        .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("from"));
            }
            for (String good : List.of("2026-11-28", "2026-11-28T10:15:30Z")) {
                as(crew.admin()).queryParam("to", good).get(list).then().statusCode(200);
            }
        }
    }
}
