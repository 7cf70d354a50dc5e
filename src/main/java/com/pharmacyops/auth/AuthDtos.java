package com.pharmacyops.auth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.pharmacyops.platform.security.FitsBcrypt;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The login and password API's request and response bodies. */
public final class AuthDtos {

    private AuthDtos() {
    }

    public record TokenRequest(@NotNull @Size(max = 64) String username, @NotNull @Size(max = 128) String password) {
    }

    @RegisterForReflection
    public record TokenResponse(String accessToken, String tokenType, long expiresIn) {
    }

    public record ChangePassword(@NotNull @Size(max = 128) String currentPassword,
            @NotNull @Size(min = 12, max = 128) @FitsBcrypt String newPassword) {
    }
}
