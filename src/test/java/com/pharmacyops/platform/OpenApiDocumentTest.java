package com.pharmacyops.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.pharmacyops.audit.AuditService;
import com.pharmacyops.inventory.AdjustmentService;
import com.pharmacyops.inventory.InventoryService;
import com.pharmacyops.inventory.ReceiptService;
import com.pharmacyops.order.OrderService;
import com.pharmacyops.product.MedicineService;
import com.pharmacyops.store.StoreService;
import com.pharmacyops.user.UserService;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The served document is exact where Spectral's spectral:oas ruleset looks (CI lints the built one too). */
@QuarkusTest
@SuppressWarnings("unchecked")
class OpenApiDocumentTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private JsonPath doc() {
        return given().port(management.getPort()).queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void everyOperationHasAUniqueIdAndADescription() {
        JsonPath doc = doc();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        Set<String> ids = new HashSet<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var op : path.getValue().entrySet()) {
                if (!Set.of("get", "put", "post", "delete", "patch").contains(op.getKey())) {
                    continue;
                }
                operations++;
                String where = op.getKey() + " " + path.getKey();
                Object id = op.getValue().get("operationId");
                assertNotNull(id, where);
                assertTrue(ids.add((String) id), "duplicate operationId " + id + " at " + where);
                Object description = op.getValue().get("description");
                // A sentence, not the method name SmallRye falls back on ("List.", "Get.").
                assertTrue(description instanceof String s && s.trim().contains(" "), where + ": " + description);
            }
        }
        assertTrue(operations >= 36, "operations: " + operations);
    }

    @Test
    void infoHasADescriptionAndAContact() {
        JsonPath doc = doc();
        assertFalse(doc.getString("info.description").isBlank());
        assertNotNull(doc.get("info.contact.email"));
    }

    @Test
    void loginNeedsNoTokenAndNoInternalSchemaLeaks() {
        JsonPath doc = doc();
        List<Object> security = doc.getList("paths.'/api/v1/auth/token'.post.security");
        assertNotNull(security, "security: [] on login");
        assertEquals(0, security.size());
        assertNull(doc.get("components.schemas.ByteBuf"));
        assertNull(doc.get("components.schemas.Buffer"));
        assertNull(doc.get("components.schemas.RoutingContext")); // a context parameter is not a body
    }

    @Test
    void everyOperationDocumentsEveryStatusItCanAnswerWithAProblemBody() {
        JsonPath doc = doc();
        forEachOperation(doc, (where, op) -> {
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
            Set<String> expected = new HashSet<>(Set.of("400", "401", "405", "406", "414", "431", "503"));
            if (where.contains("{")) {
                expected.add("404");
            }
            if (op.get("requestBody") != null) {
                expected.addAll(Set.of("413", "415"));
            }
            if (!where.startsWith("get ")) {
                expected.add(where.contains("/auth/token") ? "429" : "409");
            }
            assertTrue(responses.keySet().containsAll(expected), where + ": " + responses.keySet());
            responses.forEach((status, r) -> {
                if (status.compareTo("400") >= 0) {
                    Map<String, Object> content = (Map<String, Object>) r.get("content");
                    assertEquals(Set.of("application/problem+json"), content.keySet(), where + " " + status);
                }
            });
            Map<String, Object> created = responses.get("201");
            if (created != null) {
                Map<String, Map<String, Object>> content = (Map<String, Map<String, Object>>) created.get("content");
                assertNotNull(content.get("application/json").get("schema"), where + ": the 201's body");
                assertNotNull(((Map<String, Object>) created.get("headers")).get("Location"), where);
            }
        });
        assertNull(doc.get("paths.'/api/v1/me/password'.post.responses.200"), "changing the password answers 204");
        assertNotNull(doc.get("paths.'/api/v1/me/password'.post.responses.204"));
        assertNotNull(doc.get("paths.'/api/v1/stores/{storeId}/orders/{orderId}'.put.responses.412"));
    }

    @Test
    void parametersAreTypedAndConstrained() {
        JsonPath doc = doc();
        forEachOperation(doc, (where, op) -> {
            for (Map<String, Object> p : (List<Map<String, Object>>) op.getOrDefault("parameters", List.of())) {
                Map<String, Object> schema = (Map<String, Object>) p.get("schema");
                String name = where + " " + p.get("name");
                boolean constrained = schema.get("$ref") != null || schema.get("anyOf") != null
                        || List.of("integer", "boolean").contains(schema.get("type"))
                        || schema.get("maxLength") != null || schema.get("pattern") != null;
                assertTrue(constrained, name + ": " + schema);
                if ("path".equals(p.get("in")) || ((String) p.get("name")).endsWith("Id") && !"entityId".equals(p.get("name"))) {
                    assertEquals(Map.of("type", "integer", "format", "int64", "minimum", 1), schema, name);
                }
            }
        });
        assertEquals(Map.of("type", "integer", "format", "int32", "minimum", 1, "maximum", 100, "default", 20),
                doc.getMap("paths.'/api/v1/stores'.get.parameters.find { it.name == 'size' }.schema"));
        assertEquals("#/components/schemas/OrderStatus",
                doc.getString("paths.'/api/v1/stores/{storeId}/orders'.get.parameters.find { it.name == 'status' }.schema.$ref"));
        // The documented sort fields are exactly those the list accepts.
        Map<String, Map<String, String>> sortable = Map.of("/api/v1/stores", StoreService.SORTABLE, "/api/v1/users",
                UserService.SORTABLE, "/api/v1/medicines", MedicineService.SORTABLE, "/api/v1/audit-events",
                AuditService.SORTABLE, "/api/v1/stores/{storeId}/orders", OrderService.SORTABLE,
                "/api/v1/stores/{storeId}/stock-receipts", ReceiptService.SORTABLE,
                "/api/v1/stores/{storeId}/stock-adjustments", AdjustmentService.SORTABLE,
                "/api/v1/stores/{storeId}/inventory", InventoryService.INVENTORY_SORT,
                "/api/v1/stores/{storeId}/inventory/summary", InventoryService.SUMMARY_SORT,
                "/api/v1/stores/{storeId}/stock-movements", InventoryService.MOVEMENT_SORT);
        sortable.forEach((path, fields) -> {
            String pattern = doc.getString("paths.'" + path + "'.get.parameters.find { it.name == 'sort' }.schema.pattern");
            String listed = pattern.substring(pattern.indexOf('(') + 1, pattern.indexOf(')'));
            assertEquals(new java.util.TreeSet<>(fields.keySet()), new java.util.TreeSet<>(List.of(listed.split("\\|"))), path);
        });
    }

    @Test
    void bodiesAreExactNullsIncluded() {
        JsonPath doc = doc();
        Map<String, Map<String, Object>> schemas = doc.getMap("components.schemas");
        for (String request : List.of("CreateStore", "UpdateStore", "OrderRequest", "OrderLine", "CreateReceipt",
                "ReceiptLine", "TokenRequest", "CreateUser", "UpdateUser")) {
            assertEquals(false, schemas.get(request).get("additionalProperties"), request);
        }
        Map<String, Object> store = schemas.get("StoreView");
        assertEquals(((Map<String, Object>) store.get("properties")).keySet(), new HashSet<>((List<?>) store.get("required")));
        assertEquals(List.of("string", "null"), doc.getList("components.schemas.StoreView.properties.address.type"));
        assertEquals(List.of("number", "null"), doc.getList("components.schemas.OrderView.properties.total.type"));
        assertEquals("string", doc.getString("components.schemas.StoreView.properties.code.type"));
    }

    @Test
    void tagsAreDescribedAndTheServerIsNamed() {
        JsonPath doc = doc();
        List<Map<String, Object>> tags = doc.getList("tags");
        assertTrue(tags.size() >= 8, tags::toString);
        tags.forEach(t -> assertTrue(t.get("description") instanceof String d && !d.isBlank(), t::toString));
        assertFalse(doc.getList("servers").isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static void forEachOperation(JsonPath doc, java.util.function.BiConsumer<String, Map<String, Object>> check) {
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        paths.forEach((path, item) -> item.forEach((method, op) -> {
            if (path.startsWith("/api/") && Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                check.accept(method + " " + path, (Map<String, Object>) op);
            }
        }));
    }
}
