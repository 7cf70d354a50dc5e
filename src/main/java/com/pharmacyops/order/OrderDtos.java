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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.pharmacyops.platform.web.FreeText;
import com.pharmacyops.platform.web.NotBlankText;

/** The orders API's request and response bodies. */
public final class OrderDtos {

    private OrderDtos() {
    }

    public record OrderLine(@NotNull @Positive Long medicineId, @NotNull @Min(1) @Max(10_000) Integer quantity) {
    }

    /** The body of a new order and of a replacement (PUT). */
    public record OrderRequest(@Size(max = 200) String customerName,
            @Pattern(regexp = "^[0-9+() -]{3,30}$", message = "must be a phone number") String customerPhone,
            @Size(max = 100) String prescriptionReference,
            @NotEmpty @Size(max = 100) List<@NotNull @Valid OrderLine> items) {
    }

    public record CancelRequest(@FreeText @NotNull @NotBlankText @Size(min = 1, max = 500) String reason) {
    }

    @RegisterForReflection
    public record AllocationView(long batchId, String batchNumber, int quantity, BigDecimal unitPrice) {
    }

    @RegisterForReflection
    public record ItemView(@Schema(description = "The orderItemId a return names") long id, long medicineId,
            String medicineName, boolean prescriptionRequired, int quantity,
            @Schema(description = "Units customers have returned (restocked or not)") int returnedQuantity,
            List<AllocationView> allocations) {
    }

    @RegisterForReflection
    public record OrderView(long id, long storeId, String orderNumber, OrderStatus status,
            @Schema(nullable = true) String customerName, @Schema(nullable = true) String customerPhone,
            @Schema(nullable = true) String prescriptionReference, List<ItemView> items,
            @Schema(nullable = true, description = "Known once the order is confirmed") BigDecimal total,
            @Schema(description = "What customer returns refunded (0 without returns)") BigDecimal refundedTotal,
            long version, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
            @Schema(nullable = true) String confirmedBy, @Schema(nullable = true) Instant confirmedAt,
            @Schema(nullable = true) String cancelledBy, @Schema(nullable = true) Instant cancelledAt,
            @Schema(nullable = true) String cancelReason) {
    }

    public record OrderFilter(OrderStatus status, Instant from, Instant to) {
    }

    /** A line that cannot be filled: what was asked and what is sellable. */
    @RegisterForReflection
    public record Shortage(long medicineId, int requested, int available) {
    }
}
