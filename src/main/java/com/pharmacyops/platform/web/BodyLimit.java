package com.pharmacyops.platform.web;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;

/**
 * A declared body above {@code quarkus.http.limits.max-body-size} is refused here with a problem document, before
 * RESTEasy would answer its bare 413. The body is not read, so the connection closes after the answer. (A chunked
 * body that grows past the limit is still cut by RESTEasy with a bare 413: its reader owns the stream.)
 */
@Singleton
public class BodyLimit {

    private final long max;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
        this.max = max.asLongValue();
    }

    void register(@Observes Filters filters) {
        // After RequestIds (1000), so the answer carries the request id.
        filters.register(rc -> {
            String length = rc.request().getHeader("Content-Length");
            if (length != null && tooLong(length.trim())) {
                String body = new JsonObject().put("type", "about:blank").put("title", "Content too large")
                        .put("status", 413).put("detail", "The body exceeds " + max + " bytes")
                        .put("instance", rc.request().path()).put("traceId", RequestIds.current()).encode();
                rc.response().setStatusCode(413).putHeader("Content-Type", "application/problem+json")
                        .putHeader("Connection", "close").end(body)
                        .onComplete(done -> rc.request().connection().close());
                return;
            }
            rc.next();
        }, 900);
    }

    private boolean tooLong(String length) {
        // Digits only (a malformed length is the HTTP codec's to refuse); more than 18 digits is too long anyway.
        return length.chars().allMatch(Character::isDigit) && !length.isEmpty()
                && (length.length() > 18 || Long.parseLong(length) > max);
    }
}
