package com.pharmacyops.platform.web;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The request limits, answered as problem documents before any body is read: a declared body above
 * {@code quarkus.http.limits.max-body-size} (413), a request target longer than {@value #MAX_URI} characters (414),
 * headers larger than {@value #MAX_HEADERS} bytes (431). The HTTP codec's own limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) sit above these, so that what a
 * client may plausibly send gets a problem here; beyond them the codec still answers with a bare status, as it does
 * for a chunked body that outgrows the limit (RESTEasy's reader owns the stream). A target that is not a
 * valid URI ({@code ?q=%}) is a 400 problem here too, where {@link #NO_QUARKUS_URI_CHECK} is set (Main sets it, and
 * the build for tests): else Quarkus refuses it with a bare 400 before any route.
 */
@Singleton
public class RequestLimits {

    /** Turns off Quarkus's bare 400 for a target that is not a URI, which {@link #register} answers instead. */
    public static final String NO_QUARKUS_URI_CHECK = "vertx.disableURIValidation";
    static final int MAX_URI = 4096;
    static final int MAX_HEADERS = 20 * 1024;

    private final long maxBody;

    public RequestLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.maxBody = maxBody.asLongValue();
    }

    void register(@Observes Filters filters) {
        // After RequestIds (1000), so the answer carries the request id.
        filters.register(rc -> {
            String length = rc.request().getHeader("Content-Length");
            if (rc.request().uri().length() > MAX_URI) {
                refuse(rc, 414, "URI too long", "The request target exceeds " + MAX_URI + " characters");
            } else if (!valid(rc.request().uri())) {
                refuse(rc, 400, "Bad request", "The request target is not a valid URI (a % must start an escape)");
            } else if (headerBytes(rc) > MAX_HEADERS) {
                refuse(rc, 431, "Request header fields too large", "The headers exceed " + MAX_HEADERS + " bytes");
            } else if (length != null && tooLong(length.trim())) {
                refuse(rc, 413, "Content too large", "The body exceeds " + maxBody + " bytes");
            } else {
                rc.next();
            }
        }, 900);
    }

    /** Answers and closes the connection: the rest of the request (its body) is never read. */
    private static void refuse(RoutingContext rc, int status, String title, String detail) {
        String path = rc.request().path();
        JsonObject problem = new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", detail);
        if (path != null && path.length() <= MAX_URI) {
            problem.put("instance", path);
        }
        String body = problem.put("traceId", RequestIds.current()).encode();
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .putHeader("Connection", "close").end(body)
                .onComplete(done -> rc.request().connection().close());
    }

    /** The check Quarkus makes when {@link #NO_QUARKUS_URI_CHECK} is not set. */
    private static boolean valid(String uri) {
        try {
            new java.net.URI(uri);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static long headerBytes(RoutingContext rc) {
        long bytes = 0;
        for (Map.Entry<String, String> h : rc.request().headers()) {
            bytes += h.getKey().length() + h.getValue().length() + 4; // "name: value\r\n"
        }
        return bytes;
    }

    private boolean tooLong(String length) {
        // Digits only (a malformed length is the HTTP codec's to refuse); more than 18 digits is too long anyway.
        return length.chars().allMatch(Character::isDigit) && !length.isEmpty()
                && (length.length() > 18 || Long.parseLong(length) > maxBody);
    }
}
