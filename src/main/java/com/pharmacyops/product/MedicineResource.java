package com.pharmacyops.product;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.pharmacyops.platform.idempotency.Idempotent;
import com.pharmacyops.platform.idempotency.Idempotent.Transaction;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.Actors;
import com.pharmacyops.platform.security.Allow;
import com.pharmacyops.platform.security.Role;
import com.pharmacyops.platform.streaming.Ndjson;
import com.pharmacyops.platform.streaming.StreamLimits;
import com.pharmacyops.platform.web.Created;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.platform.web.Params;
import com.pharmacyops.product.ProductDtos.BatchView;
import com.pharmacyops.product.ProductDtos.CreateBatch;
import com.pharmacyops.product.ProductDtos.CreateMedicine;
import com.pharmacyops.product.ProductDtos.MedicineFilter;
import com.pharmacyops.product.ProductDtos.MedicineView;
import com.pharmacyops.product.BatchStatusService.Transition;
import com.pharmacyops.product.ProductDtos.StatusChange;
import com.pharmacyops.product.ProductDtos.Trace;
import com.pharmacyops.product.ProductDtos.UpdateBatch;
import com.pharmacyops.product.ProductDtos.UpdateMedicine;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

@Path("/api/v1/medicines")
@Authenticated
@SecurityRequirement(name = "bearer")
@Tag(name = "medicines")
public class MedicineResource {

    private final MedicineService medicines;
    private final BatchStatusService batchStatus;
    private final SecurityIdentity identity;
    private final Ndjson ndjson;
    private final StreamLimits limits;

    public MedicineResource(MedicineService medicines, BatchStatusService batchStatus, SecurityIdentity identity,
            Ndjson ndjson, StreamLimits limits) {
        this.medicines = medicines;
        this.batchStatus = batchStatus;
        this.identity = identity;
        this.ndjson = ndjson;
        this.limits = limits;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Medicines, by text, prescription flag and active")
    public Uni<PageResponse<MedicineView>> list(@RestQuery String q, @RestQuery String prescriptionRequired,
            @RestQuery String active, @RestQuery String page, @RestQuery String size,
            @Parameter(schema = @Schema(pattern = MedicineService.SORT)) @RestQuery String sort) {
        return medicines.list(filter(q, prescriptionRequired, active),
                PageRequest.parse(page, size, sort, MedicineService.SORTABLE, "id"));
    }

    @GET
    @Produces(Ndjson.MEDIA_TYPE)
    public Multi<Buffer> streamNdjson(@RestQuery String q, @RestQuery String prescriptionRequired,
            @RestQuery String active, @RestQuery String sort) {
        MedicineFilter f = filter(q, prescriptionRequired, active);
        Sort order = PageRequest.sort(sort, MedicineService.SORTABLE, "id");
        return stream(Uni.createFrom().item(() -> ndjson.lines(medicines.stream(f, order))));
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<MedicineView> streamEvents(@RestQuery String q, @RestQuery String prescriptionRequired,
            @RestQuery String active, @RestQuery String sort) {
        MedicineFilter f = filter(q, prescriptionRequired, active);
        Sort order = PageRequest.sort(sort, MedicineService.SORTABLE, "id");
        return stream(Uni.createFrom().item(() -> medicines.stream(f, order)));
    }

    /** Medicines, streamed within the stream limits while the caller is active. */
    private <T> Multi<T> stream(Uni<Multi<T>> rows) {
        return RestMulti.fromUniResponse(limits.list(Actors.of(identity), StreamLimits.active(), rows), s -> s);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One medicine")
    public Uni<MedicineView> get(@RestPath String id) {
        return medicines.get(Params.pathId(id));
    }

    @POST
    @Idempotent
    @Allow(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created; Location names the new medicine",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MedicineView.class)))
    @Operation(summary = "Create a medicine (ADMIN)")
    public Uni<Response> create(@Valid @NotNull CreateMedicine body,
            UriInfo uri) {
        Actor actor = Actors.of(identity);
        return medicines.create(actor, body)
                .map(m -> Created.at(uri, m.id(), m).build());
    }

    @PATCH
    @Path("/{id}")
    @Allow(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a medicine; absent members stay as they are (ADMIN)")
    public Uni<MedicineView> update(@RestPath String id, @Valid @NotNull UpdateMedicine body) {
        return medicines.update(Actors.of(identity), Params.pathId(id), body);
    }

    @GET
    @Path("/{id}/batches")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The medicine's batches")
    public Uni<List<BatchView>> batches(@RestPath String id) {
        return medicines.batches(Params.pathId(id));
    }

    @POST
    @Idempotent
    @Path("/{id}/batches")
    @Allow(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created; Location names the new batch",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class)))
    @Operation(summary = "Register a manufacturer batch of the medicine: number, expiry, MRP (ADMIN)")
    public Uni<Response> createBatch(@RestPath String id, @Valid @NotNull CreateBatch body, UriInfo uri) {
        Actor actor = Actors.of(identity);
        long medicineId = Params.pathId(id);
        return medicines.createBatch(actor, medicineId, body)
                .map(b -> Created.at(uri, b.id(), b).build());
    }

    @PATCH
    @Path("/{id}/batches/{batchId}")
    @Allow(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Correct a batch until it has moved stock (ADMIN)")
    public Uni<BatchView> updateBatch(@RestPath String id, @RestPath String batchId, @Valid @NotNull UpdateBatch body) {
        return medicines.updateBatch(Actors.of(identity), Params.pathId(id), Params.pathId(batchId), body);
    }

    @POST
    @Idempotent(Transaction.REACTIVE_CLIENT)
    @Path("/{id}/batches/{batchId}/hold")
    @Allow(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hold an ACTIVE batch: no store sells it until it is released (ADMIN)")
    @APIResponse(responseCode = "200", description = "The batch with its new status", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class)))
    public Uni<Response> hold(@RestPath String id, @RestPath String batchId, @Valid @NotNull StatusChange body) {
        return status(id, batchId, Transition.HOLD, body.reason());
    }

    @POST
    @Idempotent(Transaction.REACTIVE_CLIENT)
    @Path("/{id}/batches/{batchId}/release")
    @Allow(Role.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Release an ON_HOLD batch: it is sold again (ADMIN)")
    @APIResponse(responseCode = "200", description = "The batch with its new status", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class)))
    public Uni<Response> release(@RestPath String id, @RestPath String batchId) {
        return status(id, batchId, Transition.RELEASE, null);
    }

    @POST
    @Idempotent(Transaction.REACTIVE_CLIENT)
    @Path("/{id}/batches/{batchId}/recall")
    @Allow(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recall an ACTIVE or ON_HOLD batch, for good: never sold again (ADMIN)")
    @APIResponse(responseCode = "200", description = "The batch with its new status", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class)))
    public Uni<Response> recall(@RestPath String id, @RestPath String batchId, @Valid @NotNull StatusChange body) {
        return status(id, batchId, Transition.RECALL, body.reason());
    }

    @GET
    @Path("/{id}/batches/{batchId}/trace")
    @Allow({ Role.ADMIN, Role.AUDITOR })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Where the batch is and which confirmed orders sold it: what a recall needs (ADMIN, AUDITOR)")
    public Uni<Trace> trace(@RestPath String id, @RestPath String batchId) {
        return batchStatus.trace(Params.pathId(id), Params.pathId(batchId));
    }

    /** A Response, as @Idempotent methods answer: the interceptor stores and replays it. */
    private Uni<Response> status(String id, String batchId, Transition t, String reason) {
        return batchStatus.change(Actors.of(identity), Params.pathId(id), Params.pathId(batchId), t, reason)
                .map(b -> Response.ok(b).build());
    }

    private static MedicineFilter filter(String q, String prescriptionRequired, String active) {
        return new MedicineFilter(Params.like("q", q), Params.bool("prescriptionRequired", prescriptionRequired),
                Params.bool("active", active));
    }
}
