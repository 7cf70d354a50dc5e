package com.pharmacyops.platform.web;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;

import com.pharmacyops.platform.error.Problem;
import com.pharmacyops.platform.idempotency.Idempotency;
import com.pharmacyops.platform.streaming.Ndjson;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents what every operation shares by convention, so no resource method repeats it: the problem responses
 * it can give, the {@code Idempotency-Key} header of every POST but login (read by the idempotency interceptor,
 * not by the methods), the 429 of every stream (platform.streaming.StreamLimits), and, for NDJSON streams written
 * as byte buffers, the row type of their server-sent-events twin.
 */
public class OpenApiConventions implements OASFilter {

    private static final String REF = "#/components/schemas/Problem";
    private static final String SSE = MediaType.SERVER_SENT_EVENTS;
    private static final String JSON = MediaType.APPLICATION_JSON;

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            boolean hasId = path.contains("{");
            for (Map.Entry<PathItem.HttpMethod, Operation> e : item.getOperations().entrySet()) {
                boolean write = e.getKey() != PathItem.HttpMethod.GET;
                boolean login = path.equals("/api/v1/auth/token");
                APIResponses responses = e.getValue().getResponses();
                describe(e.getValue());
                add(responses, "400", "Malformed JSON, validation failure, unknown or read-only property");
                if (!login) {
                    add(responses, "401", "Missing, invalid or expired bearer token");
                    add(responses, "403", "The role does not allow this operation");
                }
                if (hasId) {
                    add(responses, "404", "No such resource, or one in a store the caller cannot see");
                }
                if (login) {
                    e.getValue().setSecurity(new java.util.ArrayList<>()); // security: [], no token to log in
                }
                if (e.getKey() == PathItem.HttpMethod.POST && !login) {
                    e.getValue().addParameter(idempotencyKey());
                }
                if (write && !login) {
                    add(responses, "409", "Conflicts with the current state (duplicate, state, stock)");
                    add(responses, "422", "Idempotency-Key reused with a different request");
                }
                add(responses, "503", "The database is unavailable; retry later");
                if (streams(responses)) {
                    add(responses, "429", "Too many open streams of this user or of the service; see Retry-After");
                }
                rowsOfStreams(openAPI, responses);
            }
        });
        if (openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().removeSchema("Buffer");
            openAPI.getComponents().removeSchema("ByteBuf"); // leaks from the streaming code's byte buffers
        }
    }

    /** Every operation has a description: its summary as a sentence, unless it states one of its own. */
    private static void describe(Operation op) {
        String summary = op.getSummary();
        if ((op.getDescription() == null || op.getDescription().isBlank()) && summary != null && !summary.isBlank()) {
            op.setDescription(summary.endsWith(".") ? summary : summary + ".");
        }
    }

    private static Parameter idempotencyKey() {
        return OASFactory.createParameter().name(Idempotency.HEADER).in(Parameter.In.HEADER)
                .description("Makes a retry safe: the same key, user and body replay the first response")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).minLength(1).maxLength(255));
    }

    /** Whether the operation streams (NDJSON or server-sent events), and so is subject to the stream limits. */
    private static boolean streams(APIResponses responses) {
        var ok = responses.getAPIResponse("200");
        var content = ok == null ? null : ok.getContent();
        return content != null && (content.getMediaType(Ndjson.MEDIA_TYPE) != null || content.getMediaType(SSE) != null);
    }

    /** The NDJSON schema: the SSE twin's, else the items of the paged JSON variant. */
    private static void rowsOfStreams(OpenAPI openAPI, APIResponses responses) {
        var ok = responses.getAPIResponse("200");
        var content = ok == null ? null : ok.getContent();
        if (content == null || content.getMediaType(Ndjson.MEDIA_TYPE) == null) {
            return;
        }
        Schema rows = null;
        if (content.getMediaType(SSE) != null) {
            rows = content.getMediaType(SSE).getSchema();
        } else if (content.getMediaType(JSON) != null && content.getMediaType(JSON).getSchema() != null
                && content.getMediaType(JSON).getSchema().getRef() != null) {
            String ref = content.getMediaType(JSON).getSchema().getRef();
            Schema page = openAPI.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
            rows = page == null || page.getProperties() == null ? null : page.getProperties().get("items");
        }
        if (rows != null) {
            content.getMediaType(Ndjson.MEDIA_TYPE).schema(rows);
        }
    }

    private static void add(APIResponses responses, String status, String description) {
        var content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF)));
        var existing = responses.getAPIResponse(status);
        if (existing == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description).content(content));
        } else if (existing.getContent() == null) {
            // e.g. the 400 that SmallRye OpenAPI adds for validated bodies, without a body schema
            existing.content(content);
        }
    }

    private static Schema problemSchema() {
        Schema str = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", str).addProperty("message", str);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details")
                .addProperty("type", str)
                .addProperty("title", str)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", str)
                .addProperty("instance", str)
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError))
                .addProperty("shortages", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)))
                .addProperty("traceId", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("The request's id: the X-Request-Id response header, MDC requestId in the logs"));
    }
}
