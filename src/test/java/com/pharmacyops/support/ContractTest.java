package com.pharmacyops.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The contract check finds what it must, on a small document of its own (no application). */
class ContractTest {

    private static final String DOC = """
            {"openapi": "3.1.0", "paths": {
              "/api/v1/things/{id}": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                "204": {"description": "none"},
                "404": {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}},
              "/api/v1/things/mine": {"get": {"responses": {
                "200": {"content": {"application/x-ndjson": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
             "components": {"schemas": {
               "Thing": {"type": "object", "additionalProperties": false, "required": ["id", "note"],
                 "properties": {"id": {"type": "integer", "format": "int64"}, "note": {"type": ["string", "null"]},
                   "at": {"type": "string", "format": "date-time"}}},
               "Problem": {"type": "object", "required": ["status"], "properties": {"status": {"type": "integer"}}}}}}
            """;

    private final Contract contract = new Contract(DOC);

    private List<String> check(String method, String path, int status, String type, String body) {
        return contract.problems(method, path, status, type, body);
    }

    @Test
    void aResponseTheDocumentDescribesPasses() {
        assertEquals(List.of(), check("GET", "/api/v1/things/7", 200, "application/json",
                "{\"id\": 7, \"note\": null, \"at\": \"2026-11-28T10:00:00Z\"}"));
        assertEquals(List.of(), check("GET", "/api/v1/things/7", 204, null, ""));
        assertEquals(List.of(), check("GET", "/api/v1/things/mine", 200, "application/x-ndjson",
                "{\"id\": 1, \"note\": \"a\"}\n{\"id\": 2, \"note\": null}\n"));
    }

    @Test
    void wrongTypesMissingOrExtraMembersAndBadFormatsFail() {
        assertTrue(has(check("GET", "/api/v1/things/7", 200, "application/json", "{\"id\": \"7\", \"note\": null}"),
                "string found, integer expected"));
        assertTrue(has(check("GET", "/api/v1/things/7", 200, "application/json", "{\"id\": 7}"), "note"));
        assertTrue(has(check("GET", "/api/v1/things/7", 200, "application/json",
                "{\"id\": 7, \"note\": null, \"secret\": 1}"), "secret"));
        assertTrue(has(check("GET", "/api/v1/things/7", 200, "application/json",
                "{\"id\": 7, \"note\": null, \"at\": \"yesterday\"}"), "date-time"));
        // The literal template wins over the variable one: /mine is not a thing's id.
        assertTrue(has(check("GET", "/api/v1/things/mine", 200, "application/x-ndjson", "{\"id\": 1}\n"), "note"));
    }

    @Test
    void undocumentedStatusesMediaTypesBodiesPathsAndMethodsFail() {
        assertTrue(has(check("GET", "/api/v1/things/7", 500, "application/problem+json", "{\"status\": 500}"),
                "status 500 is not documented"));
        assertTrue(has(check("GET", "/api/v1/things/7", 200, "text/plain", "7"), "media type text/plain"));
        assertTrue(has(check("GET", "/api/v1/things/7", 204, "application/json", "{}"), "without a body"));
        assertTrue(has(check("GET", "/api/v1/things/7", 200, "application/json", "not json"), "not JSON"));
        assertTrue(has(check("GET", "/api/v1/nothing", 200, "application/json", "{}"), "undocumented path"));
        assertTrue(has(check("DELETE", "/api/v1/things/7", 404, "application/problem+json", "{\"status\": 404}"),
                "must answer 405"));
        assertEquals(List.of(), check("DELETE", "/api/v1/things/7", 405, "application/problem+json",
                "{\"status\": 405}"));
        // HTTP's own methods: OPTIONS lists the methods (204, no body), HEAD is a GET without its body.
        assertEquals(List.of(), check("OPTIONS", "/api/v1/things/7", 204, null, ""));
        assertTrue(has(check("OPTIONS", "/api/v1/things/7", 200, "application/json", "{}"), "204"));
        assertEquals(List.of(), check("HEAD", "/api/v1/things/7", 200, "application/json", ""));
        assertTrue(has(check("HEAD", "/api/v1/things/7", 500, null, ""), "status 500"));
    }

    private static boolean has(List<String> problems, String text) {
        return problems.stream().anyMatch(p -> p.contains(text)) || fail(problems, text);
    }

    private static boolean fail(List<String> problems, String text) {
        throw new AssertionError("no problem mentions '" + text + "': " + problems);
    }
}
