package com.pharmacyops.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

/**
 * What the OpenAPI document promises about one response: the path and method are documented (else the answer
 * is a 404 or 405 problem), the status is documented for the operation, the media type is one it lists, and
 * the body (every NDJSON line, every server-sent event's data) is valid against its JSON Schema (OpenAPI 3.1
 * dialect, formats asserted). {@link ContractFilter} runs it on every response the REST Assured suite receives.
 */
public final class Contract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOC = "urn:pharmacy:openapi";
    private static final String PROBLEM = "application/problem+json";

    private final JsonNode doc;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .build();
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private record Template(String path, Pattern pattern, int literals) {
    }

    public Contract(String document) {
        try {
            this.doc = JSON.readTree(document);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON OpenAPI document", e);
        }
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                        .schemaLoaders(l -> l.schemas(Map.of(DOC, document))));
        doc.path("paths").fieldNames().forEachRemaining(p -> {
            String regex = "\\Q" + p.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
            int literals = p.replaceAll("\\{[^}]+}", "").length();
            templates.add(new Template(p, Pattern.compile(regex), literals));
        });
        // /users/me before /users/{id}: the template with more literal text wins.
        templates.sort(Comparator.comparingInt(Template::literals).reversed());
    }

    /** The ways the response breaks the document; empty when it keeps it. */
    public List<String> problems(String method, String path, int status, String contentType, String body) {
        List<String> out = new ArrayList<>();
        String where = method + " " + path + " → " + status;
        String media = contentType == null ? null : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        Template t = templates.stream().filter(x -> x.pattern.matcher(path).matches()).findFirst().orElse(null);
        if (t != null && method.equals("OPTIONS")) {
            // HTTP's own: every path answers which methods it allows, in Allow, without a body.
            if (status != 204 || body != null && !body.isEmpty()) {
                out.add(where + ": OPTIONS of a documented path must answer 204 without a body");
            }
            return out;
        }
        boolean head = t != null && method.equals("HEAD") && doc.path("paths").path(t.path).has("get");
        if (head) {
            method = "GET"; // a GET without its body
        }
        if (t == null || doc.path("paths").path(t.path).path(method.toLowerCase(Locale.ROOT)).isMissingNode()) {
            // An undocumented path is a 404, an undocumented method of a documented path a 405; both problems.
            int expected = t == null ? 404 : 405;
            if (status != expected || !PROBLEM.equals(media)) {
                out.add(where + ": an undocumented " + (t == null ? "path" : "method") + " must answer " + expected
                        + " as a problem, not " + status + " " + media);
            } else if (!method.equals("HEAD")) { // a HEAD answer has no body, whatever its status
                validate(out, where, "/components/schemas/Problem", body);
            }
            return out;
        }
        String op = "/paths/" + escape(t.path) + "/" + method.toLowerCase(Locale.ROOT);
        JsonNode responses = doc.path("paths").path(t.path).path(method.toLowerCase(Locale.ROOT)).path("responses");
        String code = responses.has(String.valueOf(status)) ? String.valueOf(status)
                : responses.has("default") ? "default" : null;
        if (code == null) {
            out.add(where + ": status " + status + " is not documented for " + method + " " + t.path);
            return out;
        }
        if (head) {
            return out;
        }
        JsonNode content = responses.path(code).path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                out.add(where + ": documented without a body, answered " + media + " " + abbreviate(body));
            }
            return out;
        }
        if (media == null || !content.has(media)) {
            out.add(where + ": media type " + media + " is not among " + names(content));
            return out;
        }
        String schema = op + "/responses/" + code + "/content/" + escape(media) + "/schema";
        if (!content.path(media).has("schema")) {
            return out;
        }
        switch (media) {
            case "application/x-ndjson" -> body.lines().filter(l -> !l.isBlank())
                    .forEach(l -> validate(out, where + " (line)", schema, l));
            case "text/event-stream" -> events(body).forEach(e -> validate(out, where + " (event)", schema, e));
            default -> validate(out, where, schema, body);
        }
        return out;
    }

    /** The data of each server-sent event (its data: lines joined); comments and other fields are not data. */
    private static List<String> events(String body) {
        List<String> events = new ArrayList<>();
        StringBuilder data = null;
        for (String line : (body + "\n\n").split("\r?\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(data.toString());
                }
                data = null;
            } else if (line.startsWith("data:")) {
                String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return events;
    }

    private void validate(List<String> out, String where, String pointer, String body) {
        JsonNode value;
        try {
            value = JSON.readTree(body == null ? "" : body);
        } catch (Exception e) {
            out.add(where + ": the body is not JSON: " + abbreviate(body));
            return;
        }
        if (value == null || value.isMissingNode()) {
            out.add(where + ": the body is empty, the document promises one");
            return;
        }
        JsonSchema schema = schemas.computeIfAbsent(pointer, this::schema);
        for (ValidationMessage m : schema.validate(value)) {
            out.add(where + ": " + m.getMessage() + " in " + abbreviate(body));
        }
    }

    /** The schema at a pointer of the document, with its local $refs pointing into the document. */
    private JsonSchema schema(String pointer) {
        JsonNode node = doc.at(pointer).deepCopy();
        absolute(node);
        return factory.getSchema(SchemaLocation.of(DOC + "-" + schemas.size() + "#"), node, config);
    }

    private static void absolute(JsonNode node) {
        if (node instanceof ObjectNode o && o.get("$ref") instanceof TextNode ref && ref.asText().startsWith("#")) {
            o.put("$ref", DOC + ref.asText());
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
            absolute(it.next());
        }
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String names(JsonNode content) {
        List<String> names = new ArrayList<>();
        content.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
