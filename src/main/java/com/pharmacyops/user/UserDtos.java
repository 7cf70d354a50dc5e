package com.pharmacyops.user;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.pharmacyops.platform.security.FitsBcrypt;
import com.pharmacyops.platform.security.Role;
import com.pharmacyops.platform.web.NotBlankText;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** The users API's request and response bodies. */
public final class UserDtos {

    private UserDtos() {
    }

    public static final String USERNAME = "^[A-Za-z0-9._@-]{3,64}$";

    public record CreateUser(
            @NotNull @Pattern(regexp = USERNAME, message = "must be 3 to 64 letters, digits or . _ @ -") String username,
            @NotNull @NotBlankText @Size(min = 1, max = 200) String fullName,
            @NotNull @Size(min = 12, max = 128) @FitsBcrypt String password,
            @NotNull Role role,
            @Size(max = 100) List<@NotNull @Positive Long> storeIds) {
    }

    /** Absent members stay as they are. */
    public record UpdateUser(
            @NotBlankText @Size(min = 1, max = 200) String fullName,
            Role role,
            @Size(max = 100) List<@NotNull @Positive Long> storeIds,
            Boolean active,
            @Size(min = 12, max = 128) @FitsBcrypt String password) {
    }

    @RegisterForReflection
    public record UserView(long id, String username, String fullName, Role role, boolean active, Set<Long> storeIds,
            Instant createdAt, Instant updatedAt, String createdBy, String updatedBy) {

        public static UserView of(User u, Set<Long> storeIds) {
            return new UserView(u.id, u.username, u.fullName, u.role, u.active, storeIds, u.createdAt, u.updatedAt,
                    u.createdBy, u.updatedBy);
        }
    }
}
