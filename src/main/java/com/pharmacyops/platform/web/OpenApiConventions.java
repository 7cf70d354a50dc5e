package com.pharmacyops.platform.web;

import java.util.ArrayList;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;

import com.pharmacyops.platform.idempotency.Idempotency;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents what every operation shares by convention, so no resource method repeats it: the problem responses
 * it can give (each status where it can occur), the {@code Idempotency-Key} header of every POST but login (read
 * by the idempotency interceptor, not by the methods), the Location of a 201 and the Retry-After of a 429 or 503.
 * Parameter types and schema rules are {@link OpenApiSchemas}'; the problem body is {@link OpenApiProblems}'.
 * Runs at build time: the document it yields is the same on every start, so no start-up rebuilds it.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class OpenApiConventions implements OASFilter {

    static final String LOGIN = "/api/v1/auth/token";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(OpenApiProblems.NAME, OpenApiProblems.schema());
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> e : item.getOperations().entrySet()) {
                conventions(path, e.getKey(), e.getValue());
                OpenApiSchemas.parameters(e.getValue());
                OpenApiSchemas.streams(openAPI, e.getValue());
            }
        });
        OpenApiSchemas.bodies(openAPI);
        if (openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().removeSchema("Buffer"); // leak from the NDJSON streams' byte buffers
            openAPI.getComponents().removeSchema("ByteBuf");
        }
    }

    private static void conventions(String path, PathItem.HttpMethod method, Operation op) {
        boolean login = path.equals(LOGIN);
        boolean write = method != PathItem.HttpMethod.GET;
        boolean body = op.getRequestBody() != null;
        APIResponses responses = op.getResponses();
        describe(op);
        add(responses, "400", "Malformed JSON, validation failure, unknown or read-only property, bad parameter");
        add(responses, "401", "Missing, invalid or expired bearer token");
        if (login) {
            op.setSecurity(new ArrayList<>()); // security: [], no token to log in
        } else {
            add(responses, "403", "The role does not allow this operation");
        }
        if (path.contains("{")) {
            add(responses, "404", "No such resource, or one in a store the caller cannot see");
        }
        add(responses, "405", "Not a method of this path; the Allow header lists those that are");
        add(responses, "406", "The Accept header names no media type this operation answers in");
        if (method == PathItem.HttpMethod.POST && !login) {
            op.addParameter(idempotencyKey());
        }
        if (write && !login) {
            add(responses, "409", "Conflicts with the current state (duplicate, state, stock)");
            add(responses, "422", "Idempotency-Key reused with a different request");
        }
        if (op.getParameters() != null && op.getParameters().stream()
                .anyMatch(p -> HttpHeaders.IF_MATCH.equalsIgnoreCase(p.getName()))) {
            add(responses, "412", "If-Match does not carry the current version");
        }
        if (body) {
            add(responses, "413", "The body is larger than the limit (quarkus.http.limits.max-body-size, 1 MiB)");
            add(responses, "415", "The body is not sent as application/json");
        }
        add(responses, "414", "The request URI is too long");
        add(responses, "431", "The request's headers are too large");
        if (OpenApiSchemas.streams(responses)) {
            add(responses, "429", "Too many open streams of this user or of the service; see Retry-After");
        }
        add(responses, "503", "The database is unavailable; retry after Retry-After seconds");
        // Every error is a problem document, also those a resource documents itself (login's 401 and 429).
        responses.getAPIResponses().forEach((status, r) -> {
            if (status.compareTo("400") >= 0) {
                add(responses, status, r.getDescription());
            }
        });
        headers(responses);
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
                .description("Makes a retry safe: the same key, user and body replay the first response; "
                        + "1 to 255 visible ASCII characters")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).minLength(1).maxLength(255)
                        .pattern("^[\\x21-\\x7E]{1,255}$"));
    }

    /** Location on a 201, Retry-After on a 429 or 503. */
    private static void headers(APIResponses responses) {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema seconds = OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(
                java.math.BigDecimal.ZERO);
        header(responses.getAPIResponse("201"), HttpHeaders.LOCATION, "The new resource's URI",
                string.format("uri"));
        header(responses.getAPIResponse("429"), HttpHeaders.RETRY_AFTER, "Seconds to wait before retrying", seconds);
        header(responses.getAPIResponse("503"), HttpHeaders.RETRY_AFTER, "Seconds to wait before retrying", seconds);
    }

    private static void header(APIResponse response, String name, String description, Schema schema) {
        if (response != null && (response.getHeaders() == null || !response.getHeaders().containsKey(name))) {
            response.addHeader(name, OASFactory.createHeader().description(description).schema(schema));
        }
    }

    private static void add(APIResponses responses, String status, String description) {
        var content = OASFactory.createContent().addMediaType(OpenApiProblems.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(OpenApiProblems.REF)));
        var existing = responses.getAPIResponse(status);
        if (existing == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description).content(content));
        } else if (existing.getContent() == null || existing.getContent().getMediaTypes() == null
                || existing.getContent().getMediaTypes().isEmpty()) {
            // e.g. the 400 that SmallRye OpenAPI adds for validated bodies, or a resource's own 429, without a body
            existing.content(content);
        }
    }
}
