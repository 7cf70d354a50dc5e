package com.pharmacyops.platform;

import static com.pharmacyops.support.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** A known path with a wrong method is a 405 problem whose Allow lists exactly the path's methods. */
@QuarkusTest
class MethodNotAllowedTest {

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** Every path of the OpenAPI document, every method it does not list: 405, Allow = documented + HEAD, OPTIONS. */
    @Test
    void everyPathRefusesEveryUndocumentedMethod() {
        long store = Fixtures.store();
        String admin = "admin-405-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
        Map<String, Map<String, Object>> paths = given().port(management.getPort()).queryParam("format", "json")
                .get("/q/openapi").then().statusCode(200).extract().jsonPath().getMap("paths");
        long audit = Db.count("SELECT count(*) FROM audit_events");
        int refused = 0;
        for (var path : paths.entrySet()) {
            Set<String> documented = new TreeSet<>();
            for (String m : path.getValue().keySet()) {
                if (METHODS.contains(m.toUpperCase())) {
                    documented.add(m.toUpperCase());
                }
            }
            Set<String> allow = new TreeSet<>(documented);
            if (documented.contains("GET")) {
                allow.add("HEAD");
            }
            allow.add("OPTIONS");
            String url = path.getKey().replace("{storeId}", String.valueOf(store)).replaceAll("\\{[^}]+}", "1");
            for (String method : METHODS) {
                if (allow.contains(method)) {
                    continue;
                }
                Response r = as(admin).contentType("application/json").body("{}").request(method, url);
                String where = method + " " + path.getKey();
                assertEquals(405, r.statusCode(), where);
                assertEquals(allow, methods(r.header("Allow")), where);
                if (!method.equals("HEAD")) {
                    assertEquals("application/problem+json", r.contentType(), where);
                    assertEquals(405, r.jsonPath().getInt("status"), where);
                }
                refused++;
            }
            Response options = given().options(url);
            assertEquals(204, options.statusCode(), "OPTIONS " + path.getKey());
            assertEquals(allow, methods(options.header("Allow")), "OPTIONS " + path.getKey());
        }
        assertTrue(refused >= 60, "refused: " + refused);
        assertEquals(audit, Db.count("SELECT count(*) FROM audit_events"), "a wrong method changes nothing");
    }

    @Test
    void theIssuesExamples() {
        long store = Fixtures.store();
        Fixtures.Crew crew = Fixtures.Crew.in(store);
        as(crew.pharmacist()).contentType("application/json").body("{}")
                .patch("/api/v1/stores/" + store + "/orders/1").then().statusCode(405)
                .contentType("application/problem+json").header("Allow", "GET, HEAD, PUT, DELETE, OPTIONS")
                .body("status", equalTo(405)).body("instance", equalTo("/api/v1/stores/" + store + "/orders/1"));
        as(crew.pharmacist()).get("/api/v1/stores/" + store + "/orders/1/confirm").then().statusCode(405)
                .header("Allow", "POST, OPTIONS");
    }

    /**
     * 405 depends on the path template only: under a store the caller does not see, or one that does not exist, the
     * answer is the same 405 as under the caller's own store, so it reveals nothing about that store.
     */
    @Test
    void aStoreTheCallerCannotSeeGetsTheSame405() {
        long mine = Fixtures.store();
        long other = Fixtures.store();
        Fixtures.Crew crew = Fixtures.Crew.in(mine);
        for (long store : new long[] { mine, other, 999_999_999L }) {
            as(crew.cashier()).contentType("application/json").body("{}")
                    .patch("/api/v1/stores/" + store + "/orders/1").then().statusCode(405)
                    .header("Allow", "GET, HEAD, PUT, DELETE, OPTIONS");
        }
        // Unknown paths stay 404, known methods still reach the visibility check.
        as(crew.cashier()).get("/api/v1/stores/" + mine + "/nowhere").then().statusCode(404);
        as(crew.cashier()).get("/api/v1/stores/" + other + "/orders/1").then().statusCode(404);
    }

    private static Set<String> methods(String allow) {
        Set<String> set = new TreeSet<>();
        for (String m : new ArrayList<>(List.of(allow == null ? new String[0] : allow.split(",")))) {
            set.add(m.trim());
        }
        return set;
    }
}
