package com.pharmacyops.platform.web;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * One id per request, for correlating a response with the logs: the caller's {@code X-Request-Id} when it is
 * well formed, else the trace id when tracing is on, else a new random one. It is echoed in the response
 * header, logged as MDC {@code requestId} (JSON logs carry the MDC) and set as {@code traceId} in problems.
 */
@Singleton
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    void register(@Observes Filters filters) {
        // Ahead of every route, so 401s, 404s and health answers carry the id too.
        filters.register(rc -> {
            String id = rc.request().getHeader(HEADER);
            if (id == null || !WELL_FORMED.matcher(id).matches()) {
                id = fresh();
            }
            // Quarkus keeps the MDC on the request's Vert.x context, so it follows the reactive chain.
            MDC.put(MDC_KEY, id);
            rc.response().putHeader(HEADER, id);
            rc.next();
        }, 1000);
    }

    /** The current request's id, or null outside a request. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id instanceof String s ? s : null;
    }

    private static String fresh() {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            return span.getTraceId();
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        // Not String.format: it showed up in request profiles.
        return HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(r.nextLong());
    }
}
