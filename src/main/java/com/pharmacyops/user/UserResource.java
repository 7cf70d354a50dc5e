package com.pharmacyops.user;

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

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.pharmacyops.platform.idempotency.Idempotent;
import com.pharmacyops.platform.idempotency.Idempotent.Transaction;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.Actors;
import com.pharmacyops.platform.security.Allow;
import com.pharmacyops.platform.security.Role;
import com.pharmacyops.platform.web.Created;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.platform.web.Params;
import com.pharmacyops.user.UserDtos.CreateUser;
import com.pharmacyops.user.UserDtos.UpdateUser;
import com.pharmacyops.user.UserDtos.UserView;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/users")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

    private final UserService users;
    private final Lockouts lockouts;
    private final SecurityIdentity identity;

    public UserResource(UserService users, Lockouts lockouts, SecurityIdentity identity) {
        this.users = users;
        this.lockouts = lockouts;
        this.identity = identity;
    }

    @GET
    @Allow({ Role.ADMIN, Role.AUDITOR })
    @Operation(summary = "Users, by role, store, active and text (ADMIN, AUDITOR)")
    public Uni<PageResponse<UserView>> list(
            @Parameter(schema = @Schema(implementation = Role.class)) @RestQuery String role, @RestQuery String storeId,
            @RestQuery String active, @RestQuery String q, @RestQuery String page, @RestQuery String size,
            @Parameter(schema = @Schema(pattern = UserService.SORT)) @RestQuery String sort) {
        return users.list(Params.enumValue("role", role, Role.class), Params.id("storeId", storeId),
                Params.bool("active", active), Params.like("q", q),
                PageRequest.parse(page, size, sort, UserService.SORTABLE, "id"));
    }

    @GET
    @Path("/{id}")
    @Allow({ Role.ADMIN, Role.AUDITOR })
    @Operation(summary = "One user (ADMIN, AUDITOR)")
    public Uni<UserView> get(@RestPath String id) {
        return users.get(Params.pathId(id));
    }

    @POST
    @Idempotent
    @Allow(Role.ADMIN)
    @APIResponse(responseCode = "201", description = "Created; Location names the new user",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user with a role and stores (ADMIN)")
    public Uni<Response> create(@Valid @NotNull CreateUser body,
            UriInfo uri) {
        Actor actor = Actors.of(identity);
        return users.create(actor, body)
                .map(u -> Created.at(uri, u.id(), u).build());
    }

    @POST
    @Idempotent(Transaction.REACTIVE_CLIENT)
    @Path("/{id}/unlock")
    @Allow(Role.ADMIN)
    @Operation(summary = "Lift a user's lock-out: clears the failed logins and failed current-password checks "
            + "counted against the user, so the next attempt is checked at once (audited as UNLOCK)")
    @APIResponse(responseCode = "204", description = "Unlocked (also when the user was not locked out)")
    public Uni<Response> unlock(@RestPath String id) {
        return lockouts.unlock(Actors.of(identity), Params.pathId(id)).map(v -> Response.noContent().build());
    }

    @PATCH
    @Path("/{id}")
    @Allow(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a user: name, role, stores, active, password (ADMIN)")
    public Uni<UserView> update(@RestPath String id, @Valid @NotNull UpdateUser body) {
        return users.update(Actors.of(identity), Params.pathId(id), body);
    }
}
