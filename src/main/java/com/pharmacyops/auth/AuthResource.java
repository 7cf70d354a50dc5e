package com.pharmacyops.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.pharmacyops.auth.AuthDtos.TokenRequest;
import com.pharmacyops.auth.AuthDtos.TokenResponse;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/auth/token")
@Tag(name = "auth")
public class AuthResource {

    private final AuthService auth;

    public AuthResource(AuthService auth) {
        this.auth = auth;
    }

    /** Login is naturally safe to retry, so an Idempotency-Key is accepted and not stored (tokens stay out of the database). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange a username and password for a bearer token")
    @APIResponse(responseCode = "200", description = "A token")
    @APIResponse(responseCode = "401", description = "Wrong username or password")
    @APIResponse(responseCode = "429", description = "Too many failures for this username; see Retry-After")
    public Uni<TokenResponse> token(@Valid @NotNull TokenRequest body) {
        return auth.login(body.username(), body.password());
    }
}
