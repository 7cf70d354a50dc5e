package com.pharmacyops.platform.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Which methods each path template of the API answers, read once from the resource classes' annotations. RESTEasy
 * Reactive tries the next resource class whose prefix matches before it says 405 (and then without {@code Allow}),
 * so a wrong method under {@code /stores/{storeId}/…} ended as a 404 from the last class tried ({@code /stores}).
 * {@code ProblemMappers} asks {@link #allowed} when routing failed, which costs nothing on matched requests.
 * The answer depends only on the path's template, never on data: a wrong method under a store the caller cannot
 * see (or that does not exist) is a 405 like anywhere else, which reveals nothing about that store.
 */
@Singleton
public class Routes {

    /** The order of the {@code Allow} header. */
    public enum Verb { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS }

    private record Route(Pattern path, Set<Verb> verbs) {
    }

    private final List<Route> routes;

    public Routes(BeanManager beans) {
        Map<String, Set<Verb>> byTemplate = new LinkedHashMap<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Path type = bean.getBeanClass().getAnnotation(Path.class);
            if (type == null) {
                continue;
            }
            for (Method m : bean.getBeanClass().getMethods()) {
                Verb verb = verb(m);
                if (verb != null) {
                    Path sub = m.getAnnotation(Path.class);
                    String template = (type.value() + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/");
                    byTemplate.computeIfAbsent(template, t -> EnumSet.noneOf(Verb.class)).add(verb);
                }
            }
        }
        List<Route> list = new ArrayList<>();
        byTemplate.forEach((template, verbs) -> {
            if (verbs.contains(Verb.GET)) {
                verbs.add(Verb.HEAD); // RESTEasy answers HEAD with the GET method
            }
            verbs.add(Verb.OPTIONS); // answered by options() below
            list.add(new Route(pattern(template), verbs));
        });
        this.routes = List.copyOf(list);
    }

    /** The methods the path answers; empty for a path no resource serves. */
    public Set<Verb> allowed(String rawPath) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1)
                : rawPath;
        Set<Verb> verbs = EnumSet.noneOf(Verb.class);
        for (Route r : routes) {
            if (r.path.matcher(path).matches()) {
                verbs.addAll(r.verbs);
            }
        }
        return verbs;
    }

    /** "GET, HEAD, OPTIONS". */
    public static String header(Set<Verb> verbs) {
        return String.join(", ", verbs.stream().map(Verb::name).toList());
    }

    /**
     * OPTIONS on a known path: its own methods (RESTEasy would list every method of the resource class, including
     * those of its other paths). Before matching, so it needs no token either, like a 405.
     */
    @ServerRequestFilter(preMatching = true)
    public Response options(jakarta.ws.rs.core.Request request, UriInfo uri) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            return null;
        }
        Set<Verb> verbs = allowed(uri.getRequestUri().getRawPath());
        return verbs.isEmpty() ? null : Response.noContent().header(HttpHeaders.ALLOW, header(verbs)).build();
    }

    private static Verb verb(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return Verb.valueOf(h.value());
            }
        }
        return null;
    }

    /** "/api/v1/stores/{storeId}/orders" → one segment for each {parameter}. */
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
