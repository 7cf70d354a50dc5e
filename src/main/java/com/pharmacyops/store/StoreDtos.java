package com.pharmacyops.store;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.pharmacyops.platform.web.FreeText;
import com.pharmacyops.platform.web.NotBlankText;

/** The stores API's request and response bodies. */
public final class StoreDtos {

    private StoreDtos() {
    }

    public static final String CODE = "^[A-Z0-9-]{2,20}$";
    private static final String PHONE = "^[0-9+() -]{3,30}$";

    public record CreateStore(
            @NotNull @Pattern(regexp = CODE, message = "must be 2 to 20 capital letters, digits or -") String code,
            @NotNull @NotBlankText @Size(min = 1, max = 200) String name,
            @NotNull @NotBlankText @Size(min = 1, max = 100) String city,
            @FreeText @Size(max = 500) String address,
            @Pattern(regexp = PHONE, message = "must be a phone number") String phone,
            @Positive Long managerId) {
    }

    /** Absent members stay as they are; the code never changes (order numbers carry it). */
    public record UpdateStore(
            @NotBlankText @Size(min = 1, max = 200) String name,
            @NotBlankText @Size(min = 1, max = 100) String city,
            @FreeText @Size(max = 500) String address,
            @Pattern(regexp = PHONE, message = "must be a phone number") String phone,
            @Positive Long managerId,
            Boolean active) {
    }

    @RegisterForReflection
    public record StoreView(long id, String code, String name, String city, @Schema(nullable = true) String address,
            @Schema(nullable = true) String phone, @Schema(nullable = true) Long managerId, boolean active, Instant createdAt, Instant updatedAt, String createdBy,
            String updatedBy) {

        public static StoreView of(Store s) {
            return new StoreView(s.id, s.code, s.name, s.city, s.address, s.phone, s.managerId, s.active,
                    s.createdAt, s.updatedAt, s.createdBy, s.updatedBy);
        }
    }

    public record Filter(Boolean active, String city, String like) {
    }
}
