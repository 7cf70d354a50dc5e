package com.pharmacyops.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.pharmacyops.auth.AuthDtos.ChangePassword;
import com.pharmacyops.platform.idempotency.Idempotent;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.Actors;
import com.pharmacyops.platform.web.ClientAddress;
import com.pharmacyops.user.UserDtos.UserView;
import com.pharmacyops.user.UserService;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/v1/me")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "me")
public class MeResource {

    private final UserService users;
    private final AuthService auth;
    private final SecurityIdentity identity;

    public MeResource(UserService users, AuthService auth, SecurityIdentity identity) {
        this.users = users;
        this.auth = auth;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The caller's own account: username, role, stores")
    public Uni<UserView> me() {
        return users.me(Actors.of(identity));
    }

    @POST
    @Idempotent
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change your password; every token issued before the change stops working, this one too")
    @APIResponse(responseCode = "204", description = "Changed; log in again with the new password")
    @APIResponse(responseCode = "429", description = "Too many wrong current passwords; see Retry-After")
    public Uni<Response> changePassword(@Valid @NotNull ChangePassword body, HttpServerRequest request) {
        Actor actor = Actors.of(identity);
        return auth.changePassword(actor, body, ClientAddress.of(request)).map(v -> Response.noContent().build());
    }
}
