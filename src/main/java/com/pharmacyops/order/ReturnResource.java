package com.pharmacyops.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.pharmacyops.order.ReturnDtos.ReturnRequest;
import com.pharmacyops.order.ReturnDtos.ReturnView;
import com.pharmacyops.platform.idempotency.Idempotent;
import com.pharmacyops.platform.idempotency.Idempotent.Transaction;
import com.pharmacyops.platform.security.Actors;
import com.pharmacyops.platform.security.Allow;
import com.pharmacyops.platform.security.Role;
import com.pharmacyops.platform.web.Created;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.platform.web.Params;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/stores/{storeId}/orders/{orderId}/returns")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "orders")
public class ReturnResource {

    private final ReturnService returns;
    private final SecurityIdentity identity;

    public ReturnResource(ReturnService returns, SecurityIdentity identity) {
        this.returns = returns;
        this.identity = identity;
    }

    @POST
    @Idempotent(Transaction.REACTIVE_CLIENT)
    @Allow({ Role.ADMIN, Role.STORE_MANAGER, Role.PHARMACIST })
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Returned; restocked units are back in their batches",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ReturnView.class)))
    @Operation(summary = "Take back units of a CONFIRMED order's lines, at most sold minus returned (409 with"
            + " shortages); restocked units go back to their batches, latest expiry first (ADMIN, STORE_MANAGER,"
            + " PHARMACIST)")
    public Uni<Response> create(@RestPath String storeId, @RestPath String orderId,
            @Valid @NotNull ReturnRequest body, UriInfo uri) {
        return returns.create(Actors.of(identity), Params.pathId(storeId), Params.pathId(orderId), body)
                .map(r -> Created.at(uri, r.id(), r).build());
    }

    @GET
    @Operation(summary = "The order's customer returns, oldest first")
    public Uni<PageResponse<ReturnView>> list(@RestPath String storeId, @RestPath String orderId,
            @RestQuery String page, @RestQuery String size,
            @Parameter(schema = @Schema(pattern = ReturnService.SORT)) @RestQuery String sort) {
        return returns.list(Params.pathId(storeId), Params.pathId(orderId),
                PageRequest.parse(page, size, sort, ReturnService.SORTABLE, "createdAt,asc"));
    }

    @GET
    @Path("/{returnId}")
    @Operation(summary = "One customer return of the order, with its lines and batches")
    public Uni<ReturnView> get(@RestPath String storeId, @RestPath String orderId, @RestPath String returnId) {
        return returns.get(Params.pathId(storeId), Params.pathId(orderId), Params.pathId(returnId));
    }
}
