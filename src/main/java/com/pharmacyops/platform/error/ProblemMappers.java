package com.pharmacyops.platform.error;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.pharmacyops.platform.web.RequestIds;
import com.pharmacyops.platform.web.Routes;
import com.pharmacyops.platform.web.Text;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;

/**
 * Every error leaves as {@code application/problem+json}: never a stack trace, SQL or framework message.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final Routes routes;

    @Inject
    public ProblemMappers(Routes routes) {
        this.routes = routes;
    }

    /** Without a route table (unit tests): a failed match stays as RESTEasy said. */
    public ProblemMappers() {
        this(null);
    }

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Response.ResponseBuilder r = build(e.kind().status, e.kind().title, e.getMessage(), uri, e.errors(),
                e.shortages());
        if (e.retryAfterSeconds() != null) {
            r.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(field(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        return build(400, "Invalid request", "The request is not valid", uri, errors, null).build();
    }

    // Quarkus ships mappers for these Jackson types; naming them here makes ours win.
    @ServerExceptionMapper({ UnrecognizedPropertyException.class, MismatchedInputException.class,
            InvalidFormatException.class, JsonParseException.class, ValueInstantiationException.class,
            JsonProcessingException.class })
    public Response json(JsonProcessingException e, UriInfo uri) {
        // A duplicate member or an integer out of range is found by the parser, which knows the member (a
        // mapping error that wraps it knows only the enclosing one).
        JsonProcessingException read = e.getCause() instanceof StreamReadException r ? r : e;
        boolean duplicate = String.valueOf(read.getOriginalMessage()).startsWith("Duplicate field");
        String member = duplicate || read instanceof InputCoercionException ? member(read.getProcessor()) : "";
        if (!member.isEmpty()) {
            return build(400, "Invalid request", "The request is not valid", uri, List.of(new Problem.FieldError(
                    member, duplicate ? "must appear once" : "has the wrong type or format")), null).build();
        }
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException m)) {
            return build(400, "Malformed JSON", "The request body is not valid JSON", uri, null, null).build();
        }
        String field = path(m);
        String message = e instanceof PropertyBindingException ? "unknown or read-only property"
                : e instanceof Text.Refused ? m.getOriginalMessage() : "has the wrong type or format";
        if (field.isEmpty()) {
            return build(400, "Invalid request", "The request body has the wrong shape", uri, null, null).build();
        }
        return build(400, "Invalid request", "The request is not valid", uri,
                List.of(new Problem.FieldError(field, message)), null).build();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response authentication(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response authenticationCompletion(AuthenticationCompletionException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return build(403, "Forbidden", "Your role does not allow this operation", uri, null, null).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, Request request) {
        if (e.getCause() instanceof JsonProcessingException j) {
            return json(j, uri);
        }
        int status = e.getResponse().getStatus();
        if ((e instanceof NotFoundException || e instanceof NotAllowedException) && routes != null) {
            // A failed match: 405 with the path's methods when the path exists (Routes says why RESTEasy cannot).
            Set<Routes.Verb> verbs = routes.allowed(uri.getRequestUri().getRawPath());
            if (!verbs.isEmpty() && verbs.stream().noneMatch(v -> v.name().equals(request.getMethod()))) {
                return build(405, "Method Not Allowed", "Method not allowed on this resource; see Allow", uri,
                        null, null).header(HttpHeaders.ALLOW, Routes.header(verbs)).build();
            }
        }
        Response.Status s = Response.Status.fromStatusCode(status);
        String title = s != null ? s.getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 400 -> "The request is not valid";
            case 406 -> "None of the accepted media types can be produced";
            case 415 -> "Unsupported media type; send application/json";
            default -> title;
        };
        Response.ResponseBuilder r = build(status, title, detail, uri, null, null);
        if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            r.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        List<Throwable> causes = Failures.causes(e);
        for (Throwable t : causes) {
            if (t instanceof ApiException api) {
                return api(api, uri);
            }
        }
        for (Throwable t : causes) {
            if (t instanceof PgException pg) {
                return database(pg, e, uri);
            }
            if (Failures.bodyTooLarge(t)) {
                return build(413, "Content too large", "The body exceeds the limit", uri, null, null).build();
            }
            if (Failures.unreachable(t)) {
                LOG.warnf("Database unavailable: %s", t.toString());
                return unavailable(uri);
            }
        }
        LOG.error("Unexpected error", e);
        return build(500, "Internal error", "An unexpected error occurred", uri, null, null).build();
    }

    private static Response unavailable(UriInfo uri) {
        return build(503, "Service unavailable", "The database is not reachable; retry later", uri, null, null)
                .header(HttpHeaders.RETRY_AFTER, 5).build();
    }

    private Response database(PgException pg, Throwable e, UriInfo uri) {
        String state = pg.getSqlState();
        if (state != null && (state.equals("23505") || state.equals("23503"))) {
            // A unique or reference race that the service's own checks could not see.
            return build(409, "Conflict", state.equals("23505") ? "A resource with these values already exists"
                    : "The resource is referenced or references a missing resource", uri, null, null).build();
        }
        if (state != null && (state.equals("40001") || state.equals("40P01") || state.equals("55P03"))) {
            return build(409, "Conflict", "A concurrent change interfered; retry", uri, null, null).build();
        }
        // Connection exceptions; the server shutting down, crashed or still starting.
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return unavailable(uri);
        }
        LOG.error("Database error", e);
        return build(500, "Internal error", "An unexpected error occurred", uri, null, null).build();
    }

    private static Response unauthorized(UriInfo uri) {
        return build(401, "Unauthorized", "A valid bearer token is required", uri, null, null)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    static Response.ResponseBuilder build(int status, String title, String detail, UriInfo uri,
            List<Problem.FieldError> errors, List<?> shortages) {
        String instance = uri != null ? uri.getRequestUri().getRawPath() : null;
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, instance, errors, shortages,
                        RequestIds.current()));
    }

    /** {@code create.body.items[0].quantity} → {@code items[0].quantity}; a bare parameter keeps its name. */
    private static String field(Path path) {
        StringBuilder sb = new StringBuilder();
        String param = null;
        for (Path.Node n : path) {
            if (n.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (n.getKind() == ElementKind.PARAMETER) {
                param = n.getName();
                continue;
            }
            // An element's index sits on the node after its container: items[0].quantity.
            if (n.isInIterable() && n.getIndex() != null) {
                sb.append('[').append(n.getIndex()).append(']');
            }
            if (n.getName() == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(n.getName());
        }
        return sb.length() > 0 ? sb.toString() : (param != null ? param : "");
    }

    /** The member the parser stopped in, as {@code items[0].quantity}; empty outside any member. */
    private static String member(Object processor) {
        if (!(processor instanceof JsonParser p)) {
            return "";
        }
        String path = "";
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            String separator = path.isEmpty() || path.startsWith("[") ? "" : ".";
            if (c.inArray()) {
                path = "[" + c.getCurrentIndex() + "]" + separator + path;
            } else if (c.getCurrentName() != null) {
                path = c.getCurrentName() + separator + path;
            }
        }
        return path;
    }

    private static String path(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
