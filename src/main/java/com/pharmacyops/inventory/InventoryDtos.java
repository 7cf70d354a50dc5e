package com.pharmacyops.inventory;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.pharmacyops.audit.Auditable;
import com.pharmacyops.platform.web.FreeText;
import com.pharmacyops.product.BatchStatus;
import com.pharmacyops.product.ProductDtos;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The inventory API's request and response bodies. */
public final class InventoryDtos {

    private InventoryDtos() {
    }

    public record ReceiptLine(
            @NotNull @Positive Long medicineId,
            @NotNull @Pattern(regexp = ProductDtos.BATCH_NUMBER, message = "must be 1 to 50 letters, digits or . / _ -") String batchNumber,
            @NotNull LocalDate expiryDate,
            @NotNull @DecimalMin(value = "0.00", inclusive = false) @Digits(integer = 8, fraction = 2) BigDecimal mrp,
            @NotNull @Min(1) @Max(1_000_000) Integer quantity) {
    }

    public record CreateReceipt(@Size(max = 200) String supplier, @Size(max = 100) String invoiceNumber,
            @NotEmpty @Size(max = 500) List<@NotNull @Valid ReceiptLine> items) {
    }

    public record AdjustmentLine(@NotNull @Positive Long batchId,
            @NotNull @Min(-1_000_000) @Max(1_000_000) Integer quantityDelta) {
    }

    public record CreateAdjustment(@NotNull AdjustmentReason reason, @FreeText @Size(max = 500) String note,
            @NotEmpty @Size(max = 500) List<@NotNull @Valid AdjustmentLine> items) {
    }

    @RegisterForReflection
    public record ReceiptItemView(long batchId, long medicineId, String batchNumber, LocalDate expiryDate,
            BigDecimal mrp, int quantity) {
    }

    @RegisterForReflection
    public record ReceiptView(long id, long storeId, @Schema(nullable = true) String supplier,
            @Schema(nullable = true) String invoiceNumber,
            List<ReceiptItemView> items, Instant createdAt, String createdBy) implements Auditable {

        @Override
        public Map<String, Object> auditState() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("supplier", supplier);
            m.put("invoiceNumber", invoiceNumber);
            m.put("items", items.stream().map(i -> Map.of("batchId", i.batchId(), "quantity", i.quantity())).toList());
            return m;
        }
    }

    @RegisterForReflection
    public record AdjustmentItemView(long batchId, long medicineId, String batchNumber, int quantityDelta) {
    }

    @RegisterForReflection
    public record AdjustmentView(long id, long storeId, AdjustmentReason reason, @Schema(nullable = true) String note,
            List<AdjustmentItemView> items, Instant createdAt, String createdBy) implements Auditable {

        @Override
        public Map<String, Object> auditState() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reason", reason);
            m.put("note", note);
            m.put("items", items.stream()
                    .map(i -> Map.of("batchId", i.batchId(), "quantityDelta", i.quantityDelta())).toList());
            return m;
        }
    }

    /** A row per batch a store holds. */
    @RegisterForReflection
    public record InventoryRow(long batchId, String batchNumber, long medicineId, String medicineName, String sku,
            LocalDate expiryDate, BigDecimal mrp, int quantity, boolean expired,
            @Schema(description = "ON_HOLD and RECALLED stock is not sellable") BatchStatus status) {
    }

    /** A row per medicine a store holds. */
    @RegisterForReflection
    public record SummaryRow(long medicineId, String medicineName, String sku,
            @Schema(description = "Units of ACTIVE batches not expired") long sellableQuantity,
            @Schema(description = "Units of expired batches, whatever their status") long expiredQuantity,
            @Schema(description = "Units of ON_HOLD and RECALLED batches not expired: on hand, not sellable")
            long heldQuantity,
            @Schema(nullable = true, description = "None when no sellable stock is left") LocalDate nearestExpiry,
            int reorderLevel, boolean belowReorderLevel,
            @Schema(description = "Dispatched to this store by transfers not yet received") long inTransitQuantity) {
    }

    @RegisterForReflection
    public record MovementView(long id, long storeId, long batchId, long medicineId, int quantityDelta,
            int balanceAfter, MovementReason reason, @Schema(nullable = true) AdjustmentReason adjustmentReason,
            String referenceType,
            long referenceId, String actor, Instant occurredAt, @Schema(nullable = true) String note) {
    }

    /** By default the sellable rows: not expired, not empty, batch ACTIVE (includeHeld adds ON_HOLD, RECALLED). */
    public record InventoryFilter(Long medicineId, String like, Integer expiringWithinDays, boolean includeExpired,
            boolean includeEmpty, boolean includeHeld) {
    }

    /** belowReorderLevel: true for the medicines to reorder only, false for the others, absent for all. */
    public record SummaryFilter(Long medicineId, String like, Boolean belowReorderLevel) {
    }

    public record MovementFilter(Long medicineId, Long batchId, MovementReason reason, Instant from, Instant to) {
    }
}
