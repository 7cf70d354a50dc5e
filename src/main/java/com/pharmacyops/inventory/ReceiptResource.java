package com.pharmacyops.inventory;

import java.util.function.Function;

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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.pharmacyops.inventory.InventoryDtos.CreateReceipt;
import com.pharmacyops.inventory.InventoryDtos.ReceiptView;
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

@Path("/api/v1/stores/{storeId}/stock-receipts")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "inventory")
public class ReceiptResource {

    private final ReceiptService receipts;
    private final SecurityIdentity identity;
    private final Ndjson ndjson;
    private final StreamLimits limits;

    public ReceiptResource(ReceiptService receipts, SecurityIdentity identity, Ndjson ndjson, StreamLimits limits) {
        this.receipts = receipts;
        this.identity = identity;
        this.ndjson = ndjson;
        this.limits = limits;
    }

    @POST
    @Idempotent(Transaction.REACTIVE_CLIENT)
    @Allow({ Role.ADMIN, Role.STORE_MANAGER })
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Received; stock and ledger updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReceiptView.class)))
    @Operation(summary = "Receive stock from a supplier; every line or none (ADMIN, STORE_MANAGER)")
    public Uni<Response> receive(@RestPath String storeId, @Valid @NotNull CreateReceipt body, UriInfo uri) {
        Actor actor = Actors.of(identity);
        long store = Params.pathId(storeId);
        return receipts.receive(actor, store, body)
                .map(r -> Created.at(uri, r.id(), r).build());
    }

    @GET
    @Operation(summary = "The store's stock receipts, newest first")
    public Uni<PageResponse<ReceiptView>> list(@RestPath String storeId, @RestQuery String page,
            @RestQuery String size,
            @Parameter(schema = @Schema(pattern = ReceiptService.SORT)) @RestQuery String sort) {
        return receipts.list(Actors.of(identity), Params.pathId(storeId),
                PageRequest.parse(page, size, sort, ReceiptService.SORTABLE, "createdAt,desc"));
    }

    @GET
    @Produces(Ndjson.MEDIA_TYPE)
    public Multi<Buffer> listNdjson(@RestPath String storeId,
            @Parameter(schema = @Schema(pattern = ReceiptService.SORT)) @RestQuery String sort) {
        return stream(storeId, sort, ndjson::write);
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<ReceiptView> listEvents(@RestPath String storeId,
            @Parameter(schema = @Schema(pattern = ReceiptService.SORT)) @RestQuery String sort) {
        return stream(storeId, sort, Chunks::items);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One stock receipt with its lines")
    public Uni<ReceiptView> get(@RestPath String storeId, @RestPath String id) {
        return receipts.get(Actors.of(identity), Params.pathId(storeId), Params.pathId(id));
    }

    /** Every item of the list, in either format, within the stream limits while the caller sees the store. */
    private <T> Multi<T> stream(String storeId, String sort,
            Function<Chunks<ReceiptView, ReceiptView>, Multi<T>> format) {
        long store = Params.pathId(storeId);
        var order = PageRequest.sort(sort, ReceiptService.SORTABLE, "createdAt,desc");
        return limits.respond(Actors.of(identity), StreamLimits.store(store), receipts.stream(store, order).map(format));
    }
}
