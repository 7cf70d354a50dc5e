package com.pharmacyops.transfer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.idempotency.Idempotent;
import com.pharmacyops.platform.idempotency.Idempotent.Transaction;
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
import com.pharmacyops.transfer.TransferDtos.CreateTransfer;
import com.pharmacyops.transfer.TransferDtos.Direction;
import com.pharmacyops.transfer.TransferDtos.ReceiveTransfer;
import com.pharmacyops.transfer.TransferDtos.TransferFilter;
import com.pharmacyops.transfer.TransferDtos.TransferView;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.core.buffer.Buffer;

/**
 * Transfers seen from one store: its outgoing ones (dispatch, cancel under the source's path) and incoming ones
 * (receive under the destination's path). Both stores read a transfer; under any other store's path it is a 404.
 */
@Path("/api/v1/stores/{storeId}/transfers")
@Authenticated
@SecurityRequirement(name = "bearer")
@Tag(name = "transfers")
public class TransferResource {

    private static final String DIRECTION = "in: transfers to this store, out: from it; both when absent";

    private final TransferService transfers;
    private final Ndjson ndjson;
    private final StreamLimits limits;
    private final SecurityIdentity identity;

    public TransferResource(TransferService transfers, Ndjson ndjson, StreamLimits limits, SecurityIdentity identity) {
        this.transfers = transfers;
        this.ndjson = ndjson;
        this.limits = limits;
        this.identity = identity;
    }

    @POST
    @Idempotent(Transaction.REACTIVE_CLIENT)
    @Allow({ Role.ADMIN, Role.STORE_MANAGER })
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Dispatched; the stock has left this store",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TransferView.class)))
    @Operation(summary = "Dispatch stock to another store: every line leaves this store now, or none (409 with"
            + " shortages) (ADMIN, STORE_MANAGER of this store)")
    public Uni<Response> dispatch(@RestPath String storeId, @Valid @NotNull CreateTransfer body, @Context UriInfo uri) {
        return transfers.dispatch(Actors.of(identity), Params.pathId(storeId), body)
                .map(t -> Created.at(uri, t.id(), t).build());
    }

    @POST
    @Path("/{id}/receive")
    @Idempotent(Transaction.REACTIVE_CLIENT)
    @Allow({ Role.ADMIN, Role.STORE_MANAGER })
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a DISPATCHED transfer at its destination (this store): what arrived enters its"
            + " stock, the rest is recorded as lost in transit (ADMIN, STORE_MANAGER of this store)")
    @APIResponse(responseCode = "200", description = "RECEIVED", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TransferView.class)))
    public Uni<Response> receive(@RestPath String storeId, @RestPath String id,
            @RequestBody(required = false, description = "Optional: without it (or without items) everything arrived")
            @Valid ReceiveTransfer body) {
        return transfers.receive(Actors.of(identity), Params.pathId(storeId), Params.pathId(id), body)
                .map(t -> Response.ok(t).build());
    }

    @POST
    @Path("/{id}/cancel")
    @Idempotent(Transaction.REACTIVE_CLIENT)
    @Allow({ Role.ADMIN, Role.STORE_MANAGER })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a DISPATCHED transfer at its source (this store): its stock comes back"
            + " (ADMIN, STORE_MANAGER of this store)")
    @APIResponse(responseCode = "200", description = "CANCELLED", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TransferView.class)))
    public Uni<Response> cancel(@RestPath String storeId, @RestPath String id) {
        return transfers.cancel(Actors.of(identity), Params.pathId(storeId), Params.pathId(id))
                .map(t -> Response.ok(t).build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The store's transfers, in, out or both, newest first")
    public Uni<PageResponse<TransferView>> list(@RestPath String storeId,
            @Parameter(description = DIRECTION, schema = @Schema(type = SchemaType.STRING, pattern = "^(in|out)$", enumeration = { "in",
                    "out" })) @RestQuery String direction,
            @Parameter(schema = @Schema(implementation = TransferStatus.class)) @RestQuery String status,
            @RestQuery String page, @RestQuery String size,
            @Parameter(schema = @Schema(pattern = TransferService.SORT)) @RestQuery String sort) {
        return transfers.list(Params.pathId(storeId), filter(direction, status),
                PageRequest.parse(page, size, sort, TransferService.SORTABLE, TransferService.DEFAULT_SORT));
    }

    @GET
    @Produces(Ndjson.MEDIA_TYPE)
    public Multi<Buffer> listNdjson(@RestPath String storeId,
            @Parameter(description = DIRECTION, schema = @Schema(type = SchemaType.STRING, pattern = "^(in|out)$", enumeration = { "in",
                    "out" })) @RestQuery String direction,
            @Parameter(schema = @Schema(implementation = TransferStatus.class)) @RestQuery String status,
            @Parameter(schema = @Schema(pattern = TransferService.SORT)) @RestQuery String sort) {
        long store = Params.pathId(storeId);
        return list(store, rows(store, direction, status, sort).map(ndjson::write));
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<TransferView> listEvents(@RestPath String storeId,
            @Parameter(description = DIRECTION, schema = @Schema(type = SchemaType.STRING, pattern = "^(in|out)$", enumeration = { "in",
                    "out" })) @RestQuery String direction,
            @Parameter(schema = @Schema(implementation = TransferStatus.class)) @RestQuery String status,
            @Parameter(schema = @Schema(pattern = TransferService.SORT)) @RestQuery String sort) {
        long store = Params.pathId(storeId);
        return list(store, rows(store, direction, status, sort).map(Chunks::items));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One transfer of this store, in or out, with its lines")
    public Uni<TransferView> get(@RestPath String storeId, @RestPath String id) {
        return transfers.get(Params.pathId(storeId), Params.pathId(id));
    }

    /** The rows both stream formats send. */
    private Uni<Chunks<Row, TransferView>> rows(long store, String direction, String status, String sort) {
        return transfers.stream(store, filter(direction, status),
                PageRequest.sort(sort, TransferService.SORTABLE, TransferService.DEFAULT_SORT));
    }

    /** A list of one store, streamed within the stream limits while the caller still sees the store. */
    private <T> Multi<T> list(long store, Uni<Multi<T>> stream) {
        return limits.respond(Actors.of(identity), StreamLimits.store(store), stream);
    }

    private static TransferFilter filter(String direction, String status) {
        Direction d = null;
        if (direction != null && !direction.isBlank()) {
            switch (direction.trim()) {
                case "in" -> d = Direction.IN;
                case "out" -> d = Direction.OUT;
                default -> throw ApiException.invalid("direction", "must be in or out");
            }
        }
        return new TransferFilter(d, Params.enumValue("status", status, TransferStatus.class));
    }
}
