package com.pharmacyops.order;

import java.util.function.Function;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.pharmacyops.order.OrderDtos.CancelRequest;
import com.pharmacyops.order.OrderDtos.OrderFilter;
import com.pharmacyops.order.OrderDtos.OrderRequest;
import com.pharmacyops.order.OrderDtos.OrderView;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.error.ErrorKind;
import com.pharmacyops.platform.idempotency.Idempotent.Transaction;
import com.pharmacyops.platform.idempotency.Idempotent;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.Actors;
import com.pharmacyops.platform.security.Allow;
import com.pharmacyops.platform.security.Role;
import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.streaming.Ndjson;
import com.pharmacyops.platform.streaming.StreamLimits;
import com.pharmacyops.platform.web.Created;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.platform.web.Params;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

@Path("/api/v1/stores/{storeId}/orders")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "orders")
public class OrderResource {

    private final OrderService orders;
    private final SecurityIdentity identity;
    private final Ndjson ndjson;
    private final StreamLimits limits;

    public OrderResource(OrderService orders, SecurityIdentity identity, Ndjson ndjson, StreamLimits limits) {
        this.orders = orders;
        this.identity = identity;
        this.ndjson = ndjson;
        this.limits = limits;
    }

    @POST
    @Idempotent(Transaction.REACTIVE_CLIENT)
    @Allow({ Role.ADMIN, Role.STORE_MANAGER, Role.PHARMACIST, Role.CASHIER })
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created in status CREATED; ETag is its version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @Operation(summary = "Take an order, in status CREATED (ADMIN and the store's roles)")
    public Uni<Response> create(@RestPath String storeId, @Valid @NotNull OrderRequest body, UriInfo uri) {
        Actor actor = Actors.of(identity);
        long store = Params.pathId(storeId);
        return orders.create(actor, store, body)
                .map(o -> Created.at(uri, o.id(), o).tag(tag(o)).build());
    }

    @GET
    @Operation(summary = "The store's orders, newest first, by status and creation time")
    public Uni<PageResponse<OrderView>> list(@RestPath String storeId,
            @Parameter(schema = @Schema(implementation = OrderStatus.class)) @RestQuery String status,
            @RestQuery String from, @RestQuery String to, @RestQuery String page, @RestQuery String size,
            @Parameter(schema = @Schema(pattern = OrderService.SORT)) @RestQuery String sort,
            @Parameter(description = PageRequest.AFTER, schema = @Schema(type = SchemaType.STRING, pattern = PageRequest.AFTER_PATTERN)) @RestQuery String after) {
        return orders.list(Actors.of(identity), Params.pathId(storeId), filter(status, from, to),
                PageRequest.parse(page, size, sort, OrderService.SORTABLE, "createdAt,desc", after));
    }

    @GET
    @Produces(Ndjson.MEDIA_TYPE)
    public Multi<Buffer> listNdjson(@RestPath String storeId,
            @Parameter(schema = @Schema(implementation = OrderStatus.class)) @RestQuery String status,
            @RestQuery String from, @RestQuery String to,
            @Parameter(schema = @Schema(pattern = OrderService.SORT)) @RestQuery String sort) {
        return stream(storeId, status, from, to, sort, ndjson::write);
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<OrderView> listEvents(@RestPath String storeId,
            @Parameter(schema = @Schema(implementation = OrderStatus.class)) @RestQuery String status,
            @RestQuery String from, @RestQuery String to,
            @Parameter(schema = @Schema(pattern = OrderService.SORT)) @RestQuery String sort) {
        return stream(storeId, status, from, to, sort, Chunks::items);
    }

    @GET
    @Path("/{orderId}")
    @Operation(summary = "The order with its items and, once confirmed, their batch allocations; ETag is the version")
    @APIResponse(responseCode = "200", description = "The order; ETag is its version", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Uni<Response> get(@RestPath String storeId, @RestPath String orderId) {
        return orders.get(Actors.of(identity), Params.pathId(storeId), Params.pathId(orderId))
                .map(o -> Response.ok(o).tag(tag(o)).build());
    }

    @PUT
    @Allow({ Role.ADMIN, Role.STORE_MANAGER, Role.PHARMACIST, Role.CASHIER })
    @Path("/{orderId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a CREATED order; If-Match with its version guards against lost updates (412)")
    @APIResponse(responseCode = "200", description = "The order; ETag is its version", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Uni<Response> replace(@RestPath String storeId, @RestPath String orderId,
            @RestHeader(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull OrderRequest body) {
        return orders.replace(Actors.of(identity), Params.pathId(storeId), Params.pathId(orderId), version(ifMatch),
                body).map(o -> Response.ok(o).tag(tag(o)).build());
    }

    @DELETE
    @Allow({ Role.ADMIN, Role.STORE_MANAGER, Role.PHARMACIST, Role.CASHIER })
    @Path("/{orderId}")
    @APIResponse(responseCode = "204", description = "Deleted (CREATED orders only)")
    @Operation(summary = "Delete a CREATED order (ADMIN and the store's roles)")
    public Uni<Response> delete(@RestPath String storeId, @RestPath String orderId) {
        return orders.delete(Actors.of(identity), Params.pathId(storeId), Params.pathId(orderId))
                .map(v -> Response.noContent().build());
    }

    @POST
    @Idempotent(Transaction.DEFERRED)
    @Allow({ Role.ADMIN, Role.STORE_MANAGER, Role.PHARMACIST, Role.CASHIER })
    @Path("/{orderId}/confirm")
    @Operation(summary = "Allocate first-expiry-first-out and deduct stock, all lines or none (409 with shortages)")
    @APIResponse(responseCode = "200", description = "The order; ETag is its version", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Uni<Response> confirm(@RestPath String storeId, @RestPath String orderId) {
        Actor actor = Actors.of(identity);
        long store = Params.pathId(storeId);
        long order = Params.pathId(orderId);
        return orders.confirm(actor, store, order)
                .map(o -> Response.ok(o).tag(tag(o)).build());
    }

    @POST
    @Idempotent(Transaction.REACTIVE_CLIENT)
    @Allow({ Role.ADMIN, Role.STORE_MANAGER, Role.PHARMACIST, Role.CASHIER })
    @Path("/{orderId}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel; a CONFIRMED order's allocations go back to the same batches")
    @APIResponse(responseCode = "200", description = "The order; ETag is its version", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Uni<Response> cancel(@RestPath String storeId, @RestPath String orderId, @Valid @NotNull CancelRequest body) {
        Actor actor = Actors.of(identity);
        long store = Params.pathId(storeId);
        long order = Params.pathId(orderId);
        return orders.cancel(actor, store, order, body.reason())
                .map(o -> Response.ok(o).tag(tag(o)).build());
    }

    /** Every matching order, in either format, within the stream limits while the caller sees the store. */
    private <T> Multi<T> stream(String storeId, String status, String from, String to, String sort,
            Function<Chunks<OrderView, OrderView>, Multi<T>> format) {
        long store = Params.pathId(storeId);
        return limits.respond(Actors.of(identity), StreamLimits.store(store), orders.stream(store,
                filter(status, from, to), PageRequest.sort(sort, OrderService.SORTABLE, "createdAt,desc")).map(format));
    }

    private static OrderFilter filter(String status, String from, String to) {
        return new OrderFilter(Params.enumValue("status", status, OrderStatus.class), Params.instant("from", from),
                Params.instant("to", to));
    }

    private static EntityTag tag(OrderView o) {
        return new EntityTag(String.valueOf(o.version()));
    }

    /** {@code "3"}, {@code W/"3"} or {@code 3}; anything else cannot match any version. */
    private static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String v = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorKind.PRECONDITION_FAILED, "If-Match must carry the order's version");
        }
    }
}
