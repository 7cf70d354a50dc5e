package com.pharmacyops.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperationsTest {

    /** Health, metrics and OpenAPI live on the management interface, not the API port. */
    @TestHTTPResource(value = "/", management = true)
    URL management;


    @Test
    void healthEndpoints() {
        given().port(management.getPort()).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().port(management.getPort()).get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().port(management.getPort()).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database migrations", "Reactive PostgreSQL connections health check"));
    }

    @Test
    void theCallersRequestIdIsEchoedAndNamedInProblems() {
        given().header("X-Request-Id", "mobile-42.retry:1").get("/api/v1/nowhere").then().statusCode(404)
                .header("X-Request-Id", "mobile-42.retry:1").body("traceId", equalTo("mobile-42.retry:1"));
        given().header("X-Request-Id", "abc").get("/api/v1/me").then().statusCode(401)
                .body("traceId", equalTo("abc"));
    }

    @Test
    void aMissingOrMalformedRequestIdIsReplacedByAFreshOne() {
        var first = given().get("/api/v1/nowhere").then().statusCode(404).extract();
        String id = first.header("X-Request-Id");
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertEquals(id, first.path("traceId"));
        String other = given().header("X-Request-Id", "has spaces\tand tabs").get("/api/v1/nowhere").then()
                .statusCode(404).extract().header("X-Request-Id");
        assertTrue(other.matches("[0-9a-f]{32}") && !other.equals(id), other);
        given().header("X-Request-Id", "x".repeat(65)).get("/api/v1/nowhere").then().statusCode(404)
                .header("X-Request-Id", matchesPattern("[0-9a-f]{32}"));
    }

    @Test
    void tracingIsOffWithoutAnEndpoint() {
        // With tracing on, the caller's trace id becomes the request id (TracingTest); off, it is ignored.
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String id = given().header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01").get("/api/v1/nowhere")
                .then().statusCode(404).extract().header("X-Request-Id");
        assertTrue(id.matches("[0-9a-f]{32}") && !id.equals(trace), id);
    }

    @Test
    void theApiPortServesNoManagementEndpoint() {
        for (String path : new String[] { "/q/metrics", "/q/openapi", "/q/health/ready" }) {
            given().get(path).then().statusCode(404);
        }
        given().port(management.getPort()).get("/api/v1/me").then().statusCode(404);
    }

    @Test
    void metrics() {
        given().get("/api/v1/nowhere");
        given().port(management.getPort()).get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests_seconds"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDescribesEveryEndpointWithTheBearerScheme() {
        var doc = given().port(management.getPort()).queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        for (String path : new String[] { "/api/v1/auth/token", "/api/v1/me", "/api/v1/me/password", "/api/v1/users",
                "/api/v1/users/{id}", "/api/v1/stores", "/api/v1/stores/{storeId}", "/api/v1/audit-events",
                "/api/v1/medicines", "/api/v1/medicines/{id}", "/api/v1/medicines/{id}/batches",
                "/api/v1/medicines/{id}/batches/{batchId}", "/api/v1/stores/{storeId}/inventory",
                "/api/v1/stores/{storeId}/inventory/summary", "/api/v1/stores/{storeId}/stock-movements",
                "/api/v1/stores/{storeId}/stock-events", "/api/v1/stores/{storeId}/stock-receipts",
                "/api/v1/stores/{storeId}/stock-receipts/{id}", "/api/v1/stores/{storeId}/stock-adjustments",
                "/api/v1/stores/{storeId}/stock-adjustments/{id}", "/api/v1/stores/{storeId}/orders",
                "/api/v1/stores/{storeId}/orders/{orderId}", "/api/v1/stores/{storeId}/orders/{orderId}/confirm",
                "/api/v1/stores/{storeId}/orders/{orderId}/cancel" }) {
            assertNotNull(doc.get("paths.'" + path + "'"), path);
        }
        org.hamcrest.MatcherAssert.assertThat(doc.get("components.securitySchemes.bearer"), notNullValue());
        org.hamcrest.MatcherAssert.assertThat(doc.get("components.schemas.Problem"), notNullValue());
        org.hamcrest.MatcherAssert.assertThat(doc.get("components.schemas.Buffer"), org.hamcrest.Matchers.nullValue());
        java.util.Map<String, java.util.Map<String, Object>> responses = doc.getMap("paths.'/api/v1/stores'.post.responses");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> content = (java.util.Map<String, Object>) responses.get("400").get("content");
        assertTrue(content.containsKey("application/problem+json"), content::toString);
        assertTrue(responses.containsKey("201"), responses.keySet()::toString);
        // NDJSON streams are documented with the type of one line (written as buffers, they would show none).
        for (String[] stream : new String[][] { { "/api/v1/stores", "StoreView" }, { "/api/v1/medicines", "MedicineView" },
                { "/api/v1/stores/{storeId}/inventory", "InventoryRow" },
                { "/api/v1/stores/{storeId}/inventory/summary", "SummaryRow" },
                { "/api/v1/stores/{storeId}/stock-movements", "MovementView" },
                { "/api/v1/stores/{storeId}/stock-receipts", "ReceiptView" },
                { "/api/v1/stores/{storeId}/stock-adjustments", "AdjustmentView" },
                { "/api/v1/stores/{storeId}/orders", "OrderView" } }) {
            java.util.Map<String, java.util.Map<String, java.util.Map<String, Object>>> media = doc.getMap("paths.'"
                    + stream[0] + "'.get.responses.200.content");
            var row = media.get("application/x-ndjson").get("schema");
            assertEquals("#/components/schemas/" + stream[1], row.get("$ref"), stream[0]);
            assertEquals("#/components/schemas/" + stream[1], media.get("text/event-stream").get("schema").get("$ref"),
                    stream[0]);
            assertTrue(doc.getMap("paths.'" + stream[0] + "'.get.responses").containsKey("429"), stream[0]);
        }
    }
}
