package com.pharmacyops.store;

import java.util.function.Function;

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
import com.pharmacyops.store.StoreDtos.CreateStore;
import com.pharmacyops.store.StoreDtos.Filter;
import com.pharmacyops.store.StoreDtos.StoreView;
import com.pharmacyops.store.StoreDtos.UpdateStore;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

@Path("/api/v1/stores")
@Authenticated
@SecurityRequirement(name = "bearer")
@Tag(name = "stores")
public class StoreResource {


    private final StoreService stores;
    private final SecurityIdentity identity;
    private final Ndjson ndjson;
    private final StreamLimits limits;

    public StoreResource(StoreService stores, SecurityIdentity identity, Ndjson ndjson, StreamLimits limits) {
        this.stores = stores;
        this.identity = identity;
        this.ndjson = ndjson;
        this.limits = limits;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The stores the caller sees")
    public Uni<PageResponse<StoreView>> list(@RestQuery String active, @RestQuery String city, @RestQuery String q,
            @RestQuery String page, @RestQuery String size,
            @Parameter(schema = @Schema(pattern = StoreService.SORT)) @RestQuery String sort) {
        return stores.list(Actors.of(identity), filter(active, city, q),
                PageRequest.parse(page, size, sort, StoreService.SORTABLE, "id"));
    }

    /** Every matching store, one JSON object a line, without paging. */
    @GET
    @Produces(Ndjson.MEDIA_TYPE)
    public Multi<Buffer> streamNdjson(@RestQuery String active, @RestQuery String city, @RestQuery String q,
            @RestQuery String sort) {
        Filter f = filter(active, city, q);
        Sort order = PageRequest.sort(sort, StoreService.SORTABLE, "id");
        return stream(actor -> ndjson.lines(stores.stream(actor, f, order)));
    }

    /** Every matching store as server-sent events, one event a store. */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<StoreView> streamEvents(@RestQuery String active, @RestQuery String city, @RestQuery String q,
            @RestQuery String sort) {
        Filter f = filter(active, city, q);
        Sort order = PageRequest.sort(sort, StoreService.SORTABLE, "id");
        return stream(actor -> stores.stream(actor, f, order));
    }

    /** The stores the caller sees, streamed within the stream limits while the caller sees no fewer. */
    private <T> Multi<T> stream(Function<Actor, Multi<T>> rows) {
        Actor actor = Actors.of(identity);
        return RestMulti.fromUniResponse(limits.list(actor, StreamLimits.storesOf(actor),
                Uni.createFrom().item(() -> rows.apply(actor))), s -> s);
    }

    @GET
    @Path("/{storeId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One store the caller sees")
    public Uni<StoreView> get(@RestPath String storeId) {
        return stores.get(Actors.of(identity), Params.pathId(storeId));
    }

    @POST
    @Idempotent
    @Allow(Role.ADMIN)
    @APIResponse(responseCode = "201", description = "Created; Location names the new store",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StoreView.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a store (ADMIN)")
    public Uni<Response> create(@Valid @NotNull CreateStore body,
            UriInfo uri) {
        Actor actor = Actors.of(identity);
        return stores.create(actor, body)
                .map(s -> Created.at(uri, s.id(), s).build());
    }

    @PATCH
    @Path("/{storeId}")
    @Allow(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a store; absent members stay as they are, the code never changes (ADMIN)")
    public Uni<StoreView> update(@RestPath String storeId, @Valid @NotNull UpdateStore body) {
        return stores.update(Actors.of(identity), Params.pathId(storeId), body);
    }

    private static Filter filter(String active, String city, String q) {
        return new Filter(Params.bool("active", active), Params.text("city", city),
                Params.like("q", q));
    }
}
