package com.pharmacyops.platform.web;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A body sent to a method that reads JSON must say so: {@code application/json}, with no charset or UTF-8 (the only
 * encoding RFC 8259 allows between systems). RESTEasy refuses another media type itself but reads a body without
 * {@code Content-Type}, or with any charset, as JSON; both are a 415 here. A request without a body passes (the
 * method's own check answers 400 for a missing one). Like RESTEasy's own 415 this depends on headers only and runs
 * before the access check; the body is not read.
 */
public class JsonBodies {

    private final Map<Method, Boolean> readsJson = new ConcurrentHashMap<>();

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public void check(ResourceInfo resource, ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method == null || !readsJson.computeIfAbsent(method, JsonBodies::consumesJson)) {
            return;
        }
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            if (hasBody(request)) {
                throw new NotSupportedException("A body needs Content-Type: application/json");
            }
            return;
        }
        MediaType media = request.getMediaType();
        String charset = media.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (!media.getType().equalsIgnoreCase("application") || !media.getSubtype().equalsIgnoreCase("json")
                || charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new NotSupportedException("Send application/json in UTF-8");
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return request.getHeaderString("Transfer-Encoding") != null || length != null && !length.trim().equals("0");
    }

    private static boolean consumesJson(Method m) {
        Consumes c = m.getAnnotation(Consumes.class);
        return c != null && java.util.Arrays.asList(c.value()).contains(MediaType.APPLICATION_JSON);
    }
}
