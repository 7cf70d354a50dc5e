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

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The served document is exact where Spectral's spectral:oas ruleset looks (CI lints the built one too). */
@QuarkusTest
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
                assertTrue(description instanceof String s && !s.isBlank(), where);
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
    }
}
