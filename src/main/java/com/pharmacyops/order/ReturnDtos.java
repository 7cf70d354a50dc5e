package com.pharmacyops.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.pharmacyops.platform.web.FreeText;
import com.pharmacyops.platform.web.NotBlankText;

/** The customer returns API's request and response bodies. */
public final class ReturnDtos {

    private ReturnDtos() {
    }

    public record ReturnLine(@NotNull @Positive Long orderItemId, @NotNull @Min(1) @Max(10_000) Integer quantity,
            @Schema(description = "true: the units go back on the shelf (a CUSTOMER_RETURN movement); false: recorded"
                    + " without stock (damaged goods)") @NotNull Boolean restock) {
    }

    /** A return names each order line once. */
    public record ReturnRequest(@FreeText @NotNull @NotBlankText @Size(min = 1, max = 500) String reason,
            @NotEmpty @Size(max = 100) List<@NotNull @Valid ReturnLine> items) {
    }

    @RegisterForReflection
    public record ReturnBatchView(long batchId, int quantity, BigDecimal unitPrice) {
    }

    @RegisterForReflection
    public record ReturnItemView(long orderItemId, long medicineId, int quantity, boolean restock,
            @Schema(description = "The allocations the units went back to, latest expiry first")
            List<ReturnBatchView> batches) {
    }

    @RegisterForReflection
    public record ReturnView(long id, long orderId, String reason, List<ReturnItemView> items,
            @Schema(description = "The returned units at the prices they were sold for") BigDecimal refund,
            Instant createdAt, String createdBy) {
    }
}
