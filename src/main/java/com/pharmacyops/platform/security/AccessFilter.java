package com.pharmacyops.platform.security;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.web.Params;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * The one place that checks who may do what (README, Design notes): for every request, before its body is read
 * or validated, (1) a path under {@code /stores/{storeId}} of a store the actor does not see answers 404, (2) a
 * role outside the method's {@link Allow} answers 403, except that a store that does not exist answers 404 (one
 * query, only on that path). Services check state, never roles, except two rules that depend on an order's data
 * ({@code order.OrderChecks}): prescription-only lines are confirmed by a PHARMACIST, a CONFIRMED order is
 * cancelled by ADMIN or STORE_MANAGER. A refused write is reported to {@link SecurityEvents} (the audit log).
 */
public class AccessFilter {

    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
    private static final Logger LOG = Logger.getLogger(AccessFilter.class);

    private final CurrentIdentityAssociation identities;
    private final StoreLookup stores;
    private final SecurityEvents events;
    private final Map<Method, Set<Role>> allowed = new ConcurrentHashMap<>();
    private final Map<Method, Boolean> eventStreams = new ConcurrentHashMap<>();

    public AccessFilter(CurrentIdentityAssociation identities, StoreLookup stores, SecurityEvents events) {
        this.identities = identities;
        this.stores = stores;
        this.events = events;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Response> check(ResourceInfo resource, UriInfo uri, Request request) {
        if (resource.getResourceMethod() == null) {
            return null; // unmatched: 404 or 405
        }
        // Authentication is lazy here: the identity is resolved without blocking the event loop. An anonymous
        // caller gets its 401 from @Authenticated.
        return identities.getDeferredIdentity().flatMap(identity -> identity.isAnonymous() ? Uni.createFrom().nullItem()
                : check(Actors.of(identity), resource, uri, request.getMethod()));
    }

    private Uni<Response> check(Actor actor, ResourceInfo resource, UriInfo uri, String method) {
        boolean may = allowed.computeIfAbsent(resource.getResourceMethod(), m -> roles(resource))
                .contains(actor.role());
        String store = uri.getPathParameters().getFirst("storeId");
        if (store == null) {
            return may ? Uni.createFrom().nullItem() : refuse(actor, resource, uri, method, null);
        }
        long storeId = Params.pathId(store);
        actor.requireVisible(storeId);
        if (may && actor.seesAllStores() && eventStreams.computeIfAbsent(resource.getResourceMethod(),
                AccessFilter::sse)) {
            // An event stream writes its head before the method's Uni resolves, so a missing store found there
            // would be a cut 200: asked here, it is a 404 problem (for the roles that see every store; the others
            // see only stores that exist).
            return stores.exists(storeId).flatMap(exists -> exists ? Uni.createFrom().nullItem()
                    : Uni.createFrom().failure(ApiException.notFound("Store " + storeId)));
        }
        if (may) {
            return Uni.createFrom().nullItem();
        }
        return stores.exists(storeId).flatMap(exists -> exists ? refuse(actor, resource, uri, method, storeId)
                : Uni.createFrom().failure(ApiException.notFound("Store " + storeId)));
    }

    /** 403; a refused write is audited first (a refused read is not: reads are not audited at all). */
    private Uni<Response> refuse(Actor actor, ResourceInfo resource, UriInfo uri, String method, Long storeId) {
        if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)) {
            return Uni.createFrom().failure(forbidden());
        }
        return events.writeRefused(actor, method + " " + template(resource), uri.getRequestUri().getRawPath(), storeId)
                .onFailure().invoke(e -> LOG.warnf("Refused write not audited: %s", e.toString()))
                .onFailure().recoverWithNull()
                .flatMap(v -> Uni.createFrom().failure(forbidden()));
    }

    /** The path template the method answers on: "/api/v1/stores/{storeId}/orders/{orderId}/confirm". */
    private static String template(ResourceInfo resource) {
        Path type = resource.getResourceClass().getAnnotation(Path.class);
        Path method = resource.getResourceMethod().getAnnotation(Path.class);
        String path = (type == null ? "" : type.value()) + (method == null ? "" : "/" + method.value());
        return path.replaceAll("/+", "/");
    }

    private static boolean sse(Method method) {
        Produces produces = method.getAnnotation(Produces.class);
        return produces != null && Arrays.asList(produces.value()).contains(MediaType.SERVER_SENT_EVENTS);
    }

    private static Set<Role> roles(ResourceInfo resource) {
        Allow allow = resource.getResourceMethod().getAnnotation(Allow.class);
        if (allow == null) {
            allow = resource.getResourceClass().getAnnotation(Allow.class);
        }
        return allow == null ? EVERYONE : EnumSet.copyOf(Arrays.asList(allow.value()));
    }

    private static ApiException forbidden() {
        return ApiException.forbidden("Your role does not allow this operation");
    }
}
