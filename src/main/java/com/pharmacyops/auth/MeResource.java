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

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.pharmacyops.auth.AuthDtos.ChangePassword;
import com.pharmacyops.platform.idempotency.Idempotent;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.Actors;
import com.pharmacyops.user.UserDtos.UserView;
import com.pharmacyops.user.UserService;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

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
    public Uni<UserView> me() {
        return users.me(Actors.of(identity));
    }

    @POST
    @Idempotent
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> changePassword(@Valid @NotNull ChangePassword body) {
        Actor actor = Actors.of(identity);
        return auth.changePassword(actor, body).map(v -> Response.noContent().build());
    }
}
