package com.pharmacyops.inventory;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.pharmacyops.platform.web.Params;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Fixes where a {@code stock-events} subscription starts (after Last-Event-ID, else after the last committed
 * movement) and decides whether a {@code stock-events} subscription with {@code Last-Event-ID} can resume, before the method
 * runs: an event stream writes its head before the method's Uni resolves, so a 400 or 409 found there would be a
 * cut 200. Runs after the access check (a store the caller does not see is a 404 first).
 */
public class ResumeCheck {

    public static final String LAST_EVENT_ID = "Last-Event-ID";
    /** The routing-context key of the ledger id a subscription starts after. */
    public static final String START = ResumeCheck.class.getName() + ".start";

    private final StockEventReads reads;

    public ResumeCheck(StockEventReads reads) {
        this.reads = reads;
    }

    @ServerRequestFilter(priority = Priorities.USER)
    public Uni<Response> check(ResourceInfo resource, HttpHeaders headers, UriInfo uri, RoutingContext request) {
        String header = headers.getHeaderString(LAST_EVENT_ID);
        if (resource.getResourceMethod() == null
                || resource.getResourceClass() != InventoryResource.class
                || !resource.getResourceMethod().getName().equals("events")) {
            return null;
        }
        try {
            Long after = lastEventId(header);
            long store = Params.pathId(uri.getPathParameters().getFirst("storeId"));
            // A new subscriber starts after the largest id committed now, before its head is written: a movement
            // committed once the client has its 200 has a larger id, and reaches it.
            Uni<Long> start = after == null ? reads.lastCommitted()
                    : reads.checkResumable(store, after).replaceWith(after);
            return start.invoke(id -> request.put(START, id)).replaceWith((Response) null);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** The id of the last event a client received; none when blank (as EventSource sends it). */
    static Long lastEventId(String header) {
        return Params.id(LAST_EVENT_ID, header);
    }
}
