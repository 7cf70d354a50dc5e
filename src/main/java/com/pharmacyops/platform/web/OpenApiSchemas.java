package com.pharmacyops.platform.web;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.MediaType;

import com.pharmacyops.platform.streaming.Ndjson;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The schema rules the code enforces but cannot state in its signatures. Query and path parameters arrive as text
 * (so that a malformed one is a 400 naming it, not JAX-RS's 404) and are typed here by name, as {@link Params} and
 * {@link PageRequest} parse them. Bodies are exact both ways: a request member the service does not know is a 400
 * (quarkus.jackson.fail-on-unknown-properties), and a response carries every member of its schema, null or not.
 */
final class OpenApiSchemas {

    private static final String SSE = MediaType.SERVER_SENT_EVENTS;
    private static final String JSON = MediaType.APPLICATION_JSON;
    private static final Set<String> BOOLEANS = Set.of("active", "prescriptionRequired", "includeExpired",
            "includeEmpty", "includeHeld", "belowReorderLevel");
    private static final Set<String> TEXTS = Set.of("q", "city", "actor");

    private OpenApiSchemas() {
    }

    static void parameters(Operation op) {
        if (op.getParameters() == null) {
            return;
        }
        for (Parameter p : op.getParameters()) {
            Schema s = p.getSchema();
            if (s != null && s.getPattern() != null && p.getName().equals("sort")) {
                if (s.getType() == null) {
                    s.addType(SchemaType.STRING);
                }
                p.description("A field to sort by, then optionally ,asc (the default) or ,desc; ties go by id");
            }
            String name = p.getName();
            if (name.equalsIgnoreCase(jakarta.ws.rs.core.HttpHeaders.IF_MATCH)) {
                p.description("The version the change is based on, as the ETag gave it (\"3\", W/\"3\" or 3)")
                        .schema(OASFactory.createSchema().addType(SchemaType.STRING).pattern("^(W/)?\"?[0-9]{1,19}\"?$"));
            }
            if (s == null || s.getRef() != null || s.getEnumeration() != null || s.getPattern() != null
                    || p.getIn() == Parameter.In.HEADER) {
                continue; // typed by the resource (an enum, the sort fields) or a header
            }
            if (p.getIn() == Parameter.In.PATH || name.endsWith("Id") && !name.equals("entityId")) {
                p.schema(integer("int64", 1, null));
            } else if (name.equals("entityId")) {
                p.schema(OASFactory.createSchema().addType(SchemaType.STRING).maxLength(100));
            } else if (name.equals("page")) {
                p.schema(integer("int32", 0, null).defaultValue(0));
            } else if (name.equals("size")) {
                p.schema(integer("int32", 1, PageRequest.MAX_SIZE).defaultValue(20));
            } else if (name.equals("expiringWithinDays")) {
                p.schema(integer("int32", 0, 3650));
            } else if (BOOLEANS.contains(name)) {
                p.schema(OASFactory.createSchema().addType(SchemaType.BOOLEAN));
            } else if (TEXTS.contains(name)) {
                p.schema(OASFactory.createSchema().addType(SchemaType.STRING).maxLength(100));
            } else if (name.equals("from") || name.equals("to")) {
                p.description(name.equals("from") ? "From this instant on (inclusive)" : "Before this instant")
                        .schema(OASFactory.createSchema().anyOf(List.of(
                                OASFactory.createSchema().addType(SchemaType.STRING).format("date-time"),
                                OASFactory.createSchema().addType(SchemaType.STRING).format("date"))));
            }
        }
    }

    private static Schema integer(String format, long min, Integer max) {
        Schema s = OASFactory.createSchema().addType(SchemaType.INTEGER).format(format).minimum(BigDecimal.valueOf(min));
        return max == null ? s : s.maximum(BigDecimal.valueOf(max));
    }

    /** Whether the operation streams (NDJSON or server-sent events), and so is subject to the stream limits. */
    static boolean streams(APIResponses responses) {
        Content content = ok(responses);
        return content != null && (content.getMediaType(Ndjson.MEDIA_TYPE) != null || content.getMediaType(SSE) != null);
    }

    /**
     * A stream's schema is that of one row (an NDJSON line, an event's data): the SSE element, else the items of the
     * paged JSON variant. Paging is the JSON variant's; a stream sends every matching row in the same order.
     */
    static void streams(OpenAPI openAPI, Operation op) {
        Content content = ok(op.getResponses());
        if (content == null || !streams(op.getResponses())) {
            return;
        }
        Schema row = null;
        if (content.getMediaType(SSE) != null && content.getMediaType(SSE).getSchema() != null) {
            row = element(content.getMediaType(SSE).getSchema());
            content.getMediaType(SSE).schema(row);
        }
        if (row == null && content.getMediaType(JSON) != null) {
            Schema page = resolve(openAPI, content.getMediaType(JSON).getSchema());
            row = page == null || page.getProperties() == null ? null : element(page.getProperties().get("items"));
        }
        if (row != null && content.getMediaType(Ndjson.MEDIA_TYPE) != null) {
            content.getMediaType(Ndjson.MEDIA_TYPE).schema(row);
        }
        if (content.getMediaType(JSON) != null && op.getDescription() != null) {
            op.setDescription(op.getDescription() + " As application/x-ndjson (a row a line) or text/event-stream "
                    + "(a row an event), every matching row in the same order; page and size apply to JSON only.");
        }
    }

    /**
     * Request bodies refuse unknown members (additionalProperties: false); response bodies name every member
     * required, since the service writes nulls rather than leaving members out (unless the schema says otherwise,
     * as the problem body does).
     */
    static void bodies(OpenAPI openAPI) {
        Set<String> requests = new HashSet<>();
        Set<String> responses = new HashSet<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
            if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                op.getRequestBody().getContent().getMediaTypes().values()
                        .forEach(m -> reach(openAPI, m.getSchema(), requests));
            }
            op.getResponses().getAPIResponses().values().stream().filter(r -> r.getContent() != null)
                    .flatMap(r -> r.getContent().getMediaTypes().values().stream())
                    .forEach(m -> reach(openAPI, m.getSchema(), responses));
        }));
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        schemas.forEach((name, s) -> {
            if (s.getProperties() == null || s.getProperties().isEmpty()) {
                return;
            }
            if (requests.contains(name) || responses.contains(name)) {
                s.additionalPropertiesBoolean(false);
            }
            if (responses.contains(name) && !requests.contains(name) && s.getRequired() == null) {
                s.required(new ArrayList<>(s.getProperties().keySet()));
            }
        });
    }

    /** The names of the component schemas a schema refers to, directly or through others. */
    private static void reach(OpenAPI openAPI, Schema start, Set<String> names) {
        Deque<Schema> todo = new ArrayDeque<>();
        if (start != null) {
            todo.add(start);
        }
        while (!todo.isEmpty()) {
            Schema s = todo.poll();
            if (s.getRef() != null) {
                String name = s.getRef().substring(s.getRef().lastIndexOf('/') + 1);
                Schema target = openAPI.getComponents().getSchemas().get(name);
                if (target != null && names.add(name)) {
                    todo.add(target);
                }
                continue;
            }
            if (s.getProperties() != null) {
                todo.addAll(s.getProperties().values());
            }
            if (s.getItems() != null) {
                todo.add(s.getItems());
            }
            for (List<Schema> group : new List[] { s.getAnyOf(), s.getOneOf(), s.getAllOf() }) {
                if (group != null) {
                    todo.addAll(group);
                }
            }
        }
    }

    private static Schema element(Schema s) {
        return s != null && s.getType() != null && s.getType().contains(SchemaType.ARRAY) && s.getItems() != null
                ? s.getItems() : s;
    }

    private static Schema resolve(OpenAPI openAPI, Schema s) {
        if (s == null || s.getRef() == null) {
            return s;
        }
        return openAPI.getComponents().getSchemas().get(s.getRef().substring(s.getRef().lastIndexOf('/') + 1));
    }

    private static Content ok(APIResponses responses) {
        var ok = responses == null ? null : responses.getAPIResponse("200");
        return ok == null ? null : ok.getContent();
    }
}
