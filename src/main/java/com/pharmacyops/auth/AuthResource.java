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
import com.pharmacyops.platform.web.ClientAddress;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

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
    @APIResponse(responseCode = "429", description = "Too many failures for this username, or too many attempts "
            + "from this client address; see Retry-After")
    public Uni<TokenResponse> token(@Valid @NotNull TokenRequest body, HttpServerRequest request) {
        return auth.login(body.username(), body.password(), ClientAddress.of(request));
    }
}
