package com.pharmacyops.inventory;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.pharmacyops.inventory.InventoryDtos.InventoryFilter;
import com.pharmacyops.inventory.InventoryDtos.InventoryRow;
import com.pharmacyops.inventory.InventoryDtos.MovementFilter;
import com.pharmacyops.inventory.InventoryDtos.MovementView;
import com.pharmacyops.inventory.InventoryDtos.SummaryFilter;
import com.pharmacyops.inventory.InventoryDtos.SummaryRow;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.security.Actors;
import com.pharmacyops.platform.streaming.Chunks;
import com.pharmacyops.platform.streaming.Ndjson;
import com.pharmacyops.platform.streaming.StreamLimits;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.platform.web.Params;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Row;

/** A store's stock, per batch and per medicine, its ledger and its live movements. */
@Path("/api/v1/stores/{storeId}")
@Authenticated
@SecurityRequirement(name = "bearer")
@Tag(name = "inventory")
public class InventoryResource {

    private static final String BELOW = "true: only the medicines whose sellable quantity is below their reorder level"
            + " (what to reorder); false: only the others";

    private final InventoryService inventory;
    private final StockEvents events;
    private final Ndjson ndjson;
    private final StreamLimits limits;
    private final SecurityIdentity identity;

    public InventoryResource(InventoryService inventory, StockEvents events, Ndjson ndjson, StreamLimits limits,
            SecurityIdentity identity) {
        this.inventory = inventory;
        this.events = events;
        this.ndjson = ndjson;
        this.limits = limits;
        this.identity = identity;
    }

    @GET
    @Path("/inventory")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A row per batch the store holds")
    public Uni<PageResponse<InventoryRow>> inventory(@RestPath String storeId, @RestQuery String medicineId,
            @RestQuery String q, @RestQuery String expiringWithinDays, @RestQuery String includeExpired,
            @RestQuery String includeEmpty, @RestQuery String includeHeld, @RestQuery String page,
            @RestQuery String size,
            @Parameter(schema = @Schema(pattern = InventoryService.INVENTORY_SORT_PATTERN)) @RestQuery String sort,
            @Parameter(description = PageRequest.AFTER, schema = @Schema(type = SchemaType.STRING, pattern = PageRequest.AFTER_PATTERN)) @RestQuery String after) {
        return inventory.inventory(Params.pathId(storeId),
                filter(medicineId, q, expiringWithinDays, includeExpired, includeEmpty, includeHeld),
                PageRequest.parse(page, size, sort, InventoryService.INVENTORY_SORT, "expiryDate", after));
    }

    @GET
    @Path("/inventory")
    @Produces(Ndjson.MEDIA_TYPE)
    public Multi<Buffer> inventoryNdjson(@RestPath String storeId, @RestQuery String medicineId,
            @RestQuery String q, @RestQuery String expiringWithinDays, @RestQuery String includeExpired,
            @RestQuery String includeEmpty, @RestQuery String includeHeld, @RestQuery String sort) {
        long store = Params.pathId(storeId);
        return list(store, inventoryRows(store, medicineId, q, expiringWithinDays, includeExpired, includeEmpty,
                includeHeld, sort).map(ndjson::write));
    }

    @GET
    @Path("/inventory")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<InventoryRow> inventoryEvents(@RestPath String storeId, @RestQuery String medicineId,
            @RestQuery String q, @RestQuery String expiringWithinDays, @RestQuery String includeExpired,
            @RestQuery String includeEmpty, @RestQuery String includeHeld, @RestQuery String sort) {
        long store = Params.pathId(storeId);
        return list(store, inventoryRows(store, medicineId, q, expiringWithinDays, includeExpired, includeEmpty,
                includeHeld, sort).map(Chunks::items));
    }

    @GET
    @Path("/inventory/summary")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A row per medicine: sellable and expired quantity, nearest expiry, reorder level")
    public Uni<PageResponse<SummaryRow>> summary(@RestPath String storeId, @RestQuery String medicineId,
            @RestQuery String q, @Parameter(description = BELOW) @RestQuery String belowReorderLevel,
            @RestQuery String page, @RestQuery String size,
            @Parameter(schema = @Schema(pattern = InventoryService.SUMMARY_SORT_PATTERN)) @RestQuery String sort) {
        return inventory.summary(Params.pathId(storeId), summaryFilter(medicineId, q, belowReorderLevel),
                PageRequest.parse(page, size, sort, InventoryService.SUMMARY_SORT, "medicineName"));
    }

    @GET
    @Path("/inventory/summary")
    @Produces(Ndjson.MEDIA_TYPE)
    public Multi<Buffer> summaryNdjson(@RestPath String storeId, @RestQuery String medicineId,
            @RestQuery String q, @Parameter(description = BELOW) @RestQuery String belowReorderLevel,
            @RestQuery String sort) {
        long store = Params.pathId(storeId);
        return list(store, summaryRows(store, medicineId, q, belowReorderLevel, sort).map(ndjson::write));
    }

    @GET
    @Path("/inventory/summary")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<SummaryRow> summaryEvents(@RestPath String storeId, @RestQuery String medicineId,
            @RestQuery String q, @Parameter(description = BELOW) @RestQuery String belowReorderLevel,
            @RestQuery String sort) {
        long store = Params.pathId(storeId);
        return list(store, summaryRows(store, medicineId, q, belowReorderLevel, sort).map(Chunks::items));
    }

    @GET
    @Path("/stock-movements")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The store's ledger: every stock movement with its cause")
    public Uni<PageResponse<MovementView>> movements(@RestPath String storeId, @RestQuery String medicineId,
            @RestQuery String batchId,
            @Parameter(schema = @Schema(implementation = MovementReason.class)) @RestQuery String reason,
            @RestQuery String from, @RestQuery String to,
            @RestQuery String page, @RestQuery String size,
            @Parameter(schema = @Schema(pattern = InventoryService.MOVEMENT_SORT_PATTERN)) @RestQuery String sort,
            @Parameter(description = PageRequest.AFTER, schema = @Schema(type = SchemaType.STRING, pattern = PageRequest.AFTER_PATTERN)) @RestQuery String after) {
        return inventory.movements(Params.pathId(storeId),
                movementFilter(medicineId, batchId, reason, from, to),
                PageRequest.parse(page, size, sort, InventoryService.MOVEMENT_SORT, "occurredAt,desc", after));
    }

    @GET
    @Path("/stock-movements")
    @Produces(Ndjson.MEDIA_TYPE)
    public Multi<Buffer> movementsNdjson(@RestPath String storeId, @RestQuery String medicineId,
            @RestQuery String batchId,
            @Parameter(schema = @Schema(implementation = MovementReason.class)) @RestQuery String reason,
            @RestQuery String from, @RestQuery String to, @RestQuery String sort) {
        long store = Params.pathId(storeId);
        return list(store, movementRows(store, medicineId, batchId, reason, from, to, sort).map(ndjson::write));
    }

    @GET
    @Path("/stock-movements")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<MovementView> movementsEvents(@RestPath String storeId, @RestQuery String medicineId,
            @RestQuery String batchId,
            @Parameter(schema = @Schema(implementation = MovementReason.class)) @RestQuery String reason,
            @RestQuery String from, @RestQuery String to, @RestQuery String sort) {
        long store = Params.pathId(storeId);
        return list(store, movementRows(store, medicineId, batchId, reason, from, to, sort).map(Chunks::items));
    }

    @GET
    @Path("/stock-events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every committed stock movement of the store as it happens, from any replica",
            description = "Every committed stock movement of the store as it happens, from any replica, in ledger-id"
                    + " order; each event's id is the movement's id. A client that reconnects with Last-Event-ID"
                    + " first receives every movement of the store after that id from the ledger, then the live"
                    + " ones: none missed, none twice.")
    @APIResponse(responseCode = "200", description = "A movement per event; a subscriber that falls too far behind"
            + " gets a last event named dropped", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(implementation = MovementView.class)))
    @APIResponse(responseCode = "409", description = "Last-Event-ID cannot be resumed: more than 100 000 movements"
            + " or some older than 24 h were missed, or it is not in the ledger; resync from /inventory")
    public Multi<OutboundSseEvent> events(@RestPath String storeId,
            @Parameter(name = ResumeCheck.LAST_EVENT_ID, in = ParameterIn.HEADER, description = "The id of the last"
                    + " event received: the stream resumes after it", schema = @Schema(type = SchemaType.STRING,
                            pattern = "^[0-9]{1,18}$")) @RestHeader(ResumeCheck.LAST_EVENT_ID) String lastEventId,
            @Context Sse sse, @Context RoutingContext request) {
        long id = Params.pathId(storeId);
        long after = request.get(ResumeCheck.START); // Last-Event-ID or the last committed id, from ResumeCheck
        return RestMulti.fromUniResponse(limits.live(Actors.of(identity), StreamLimits.store(id),
                inventory.existing(id).flatMap(v -> events.follow(id, after)).map(movements -> movements
                        .map(m -> sse.newEventBuilder().id(Long.toString(m.id()))
                                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(MovementView.class, m).build())
                        .onFailure(StockEvents.Dropped.class).recoverWithItem(e -> sse.newEventBuilder()
                                .name("dropped").mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(Map.class, Map.of("detail", e.getMessage())).build()))),
                stream -> stream);
    }

    /** A list of one store, streamed within the stream limits while the caller still sees the store. */
    private <T> Multi<T> list(long store, Uni<Multi<T>> stream) {
        return limits.respond(Actors.of(identity), StreamLimits.store(store), stream);
    }

    /** The rows both stream formats of /inventory send. */
    private Uni<Chunks<Row, InventoryRow>> inventoryRows(long store, String medicineId, String q,
            String expiringWithinDays, String includeExpired, String includeEmpty, String includeHeld, String sort) {
        return inventory.streamInventory(store,
                filter(medicineId, q, expiringWithinDays, includeExpired, includeEmpty, includeHeld),
                PageRequest.sort(sort, InventoryService.INVENTORY_SORT, "expiryDate"));
    }

    /** The rows both stream formats of /inventory/summary send. */
    private Uni<Chunks<Row, SummaryRow>> summaryRows(long store, String medicineId, String q, String below,
            String sort) {
        return inventory.streamSummary(store, summaryFilter(medicineId, q, below),
                PageRequest.sort(sort, InventoryService.SUMMARY_SORT, "medicineName"));
    }

    private static SummaryFilter summaryFilter(String medicineId, String q, String below) {
        return new SummaryFilter(Params.id("medicineId", medicineId), Params.like("q", q),
                Params.bool("belowReorderLevel", below));
    }

    /** The rows both stream formats of /stock-movements send: without a sort, oldest first (the ledger's index). */
    private Uni<Chunks<Row, MovementView>> movementRows(long store, String medicineId, String batchId, String reason,
            String from, String to, String sort) {
        return inventory.streamMovements(store, movementFilter(medicineId, batchId, reason, from, to),
                PageRequest.sort(sort, InventoryService.MOVEMENT_SORT, "id"));
    }

    private static InventoryFilter filter(String medicineId, String q, String expiringWithinDays,
            String includeExpired, String includeEmpty, String includeHeld) {
        Integer days = expiringWithinDays == null || expiringWithinDays.isBlank() ? null
                : Params.integer("expiringWithinDays", expiringWithinDays, 0);
        if (days != null && (days < 0 || days > 3650)) {
            throw ApiException.invalid("expiringWithinDays", "must be between 0 and 3650");
        }
        return new InventoryFilter(Params.id("medicineId", medicineId), Params.like("q", q), days,
                Boolean.TRUE.equals(Params.bool("includeExpired", includeExpired)),
                Boolean.TRUE.equals(Params.bool("includeEmpty", includeEmpty)),
                Boolean.TRUE.equals(Params.bool("includeHeld", includeHeld)));
    }

    private static MovementFilter movementFilter(String medicineId, String batchId, String reason, String from,
            String to) {
        return new MovementFilter(Params.id("medicineId", medicineId), Params.id("batchId", batchId),
                Params.enumValue("reason", reason, MovementReason.class), Params.instant("from", from),
                Params.instant("to", to));
    }
}
