package com.pharmacyops.platform.web;

import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpMethod;
import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * The operations console (src/main/webui) is served by Quinoa at {@value #ROOT}; the bare host name leads there.
 * A filter on the raw path, not a resource (it stays out of the API's paths and its OpenAPI document) nor a Vert.x
 * route with a path (matching one decodes the path, and a target that is not a URI then gets the router's bare 400
 * before {@link RequestLimits} answers it as a problem).
 */
@Singleton
public class Console {

    public static final String ROOT = "/admin/";
    /**
     * The console's own routes (/admin/orders/7/show) are its page: a path without a dot is no file. Quinoa's SPA
     * routing waits for the REST layer to pass unmatched paths on, which this service answers with a 404 problem
     * instead. "@" paths are Vite's dev server's own (quarkus:dev).
     */
    private static final Pattern PAGE = Pattern.compile("/admin/(?!@)[^.]+");

    /**
     * No inline script anywhere; MUI's emotion injects style elements, hence style-src 'unsafe-inline' (styles
     * only). Set here rather than by quarkus.http.header.*.path, whose path route decodes the path too.
     */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    void register(@Observes Filters filters) {
        // After RequestLimits (900), which refuses what is no valid request.
        filters.register(rc -> {
            HttpMethod method = rc.request().method();
            String path = rc.request().path();
            if (path == null || !path.startsWith("/admin") && !path.equals("/")) {
                rc.next();
                return;
            }
            if (path.startsWith("/admin")) {
                rc.response().headers().set("Content-Security-Policy", POLICY).set("X-Content-Type-Options", "nosniff")
                        .set("Referrer-Policy", "no-referrer");
            }
            boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
            if (read && (path.equals("/") || path.equals("/admin"))) {
                rc.redirect(ROOT);
            } else if (read && PAGE.matcher(path).matches()) {
                rc.reroute(ROOT);
            } else {
                rc.next();
            }
        }, 800);
    }
}
