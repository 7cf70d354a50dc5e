package com.pharmacyops.product;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.pharmacyops.platform.web.FreeText;
import com.pharmacyops.platform.web.Money;
import com.pharmacyops.platform.web.NotBlankText;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The catalog API's request and response bodies. */
public final class ProductDtos {

    private ProductDtos() {
    }

    public static final String SKU = "^[A-Za-z0-9._-]{2,40}$";
    public static final String BATCH_NUMBER = "^[A-Za-z0-9./_-]{1,50}$";

    public record CreateMedicine(
            @NotNull @Pattern(regexp = SKU, message = "must be 2 to 40 letters, digits or . _ -") String sku,
            @NotNull @NotBlankText @Size(min = 1, max = 200) String name,
            @Size(max = 300) String genericName,
            @Size(max = 200) String manufacturer,
            @Size(max = 50) String dosageForm,
            @Size(max = 50) String strength,
            @Min(1) @Max(100000) Integer packSize,
            @NotNull Boolean prescriptionRequired,
            @Min(0) @Max(1000000) Integer reorderLevel) {
    }

    /** Absent members stay as they are; the SKU never changes. */
    public record UpdateMedicine(
            @NotBlankText @Size(min = 1, max = 200) String name,
            @Size(max = 300) String genericName,
            @Size(max = 200) String manufacturer,
            @Size(max = 50) String dosageForm,
            @Size(max = 50) String strength,
            @Min(1) @Max(100000) Integer packSize,
            Boolean prescriptionRequired,
            @Min(0) @Max(1000000) Integer reorderLevel,
            Boolean active) {
    }

    @RegisterForReflection
    public record MedicineView(long id, String sku, String name, @Schema(nullable = true) String genericName,
            @Schema(nullable = true) String manufacturer, @Schema(nullable = true) String dosageForm,
            @Schema(nullable = true) String strength, @Schema(nullable = true) Integer packSize, boolean prescriptionRequired, int reorderLevel,
            boolean active, Instant createdAt, Instant updatedAt, String createdBy, String updatedBy) {

        public static MedicineView of(Medicine m) {
            return new MedicineView(m.id, m.sku, m.name, m.genericName, m.manufacturer, m.dosageForm, m.strength,
                    m.packSize, m.prescriptionRequired, m.reorderLevel, m.active, m.createdAt, m.updatedAt,
                    m.createdBy, m.updatedBy);
        }
    }

    public record MedicineFilter(String like, Boolean prescriptionRequired, Boolean active) {
    }

    public record CreateBatch(
            @NotNull @Pattern(regexp = BATCH_NUMBER, message = "must be 1 to 50 letters, digits or . / _ -") String batchNumber,
            @NotNull LocalDate expiryDate,
            @NotNull @DecimalMin(value = "0.00", inclusive = false) @Digits(integer = 8, fraction = 2) BigDecimal mrp,
            LocalDate manufacturedOn) {
    }

    /** Only while the batch has no stock movements. */
    public record UpdateBatch(
            LocalDate expiryDate,
            @DecimalMin(value = "0.00", inclusive = false) @Digits(integer = 8, fraction = 2) BigDecimal mrp,
            LocalDate manufacturedOn) {
    }

    @RegisterForReflection
    public record BatchView(long id, long medicineId, String batchNumber, LocalDate expiryDate,
            BigDecimal mrp, @Schema(nullable = true) LocalDate manufacturedOn,
            @Schema(description = "ON_HOLD and RECALLED batches are never sold") BatchStatus status,
            @Schema(nullable = true, description = "Why the batch was held or recalled; none while ACTIVE")
            String statusReason,
            @Schema(nullable = true, description = "Who last changed the status; none if it never changed")
            String statusChangedBy,
            @Schema(nullable = true) Instant statusChangedAt,
            Instant createdAt, String createdBy) {

        public static BatchView of(Batch b) {
            return new BatchView(b.id, b.medicineId, b.batchNumber, b.expiryDate, Money.of(b.mrp), b.manufacturedOn,
                    b.status, b.statusReason, b.statusChangedBy, b.statusChangedAt, b.createdAt, b.createdBy);
        }
    }

    /** Why a batch is held or recalled. */
    public record StatusChange(@FreeText @NotNull @NotBlankText @Size(min = 1, max = 500) String reason) {
    }

    /** A store's stock of a traced batch. */
    @RegisterForReflection
    public record TracedStore(long storeId, String storeCode, int quantity) {
    }

    /** A confirmed order that sold units of a traced batch. */
    @RegisterForReflection
    public record TracedSale(long storeId, long orderId, String orderNumber, int quantity, Instant confirmedAt) {
    }

    /** Where a batch is and whom it was sold to: what a recall needs. */
    @RegisterForReflection
    public record Trace(BatchView batch,
            @Schema(description = "Stores holding units of the batch, by store id") List<TracedStore> stores,
            @Schema(description = "Confirmed orders that sold it, newest first; at most " + BatchStatusRepository.SALES
                    + " (salesTruncated tells when there are more; the stores' ledgers list every sale)")
            List<TracedSale> sales,
            @Schema(description = "How many confirmed orders sold it, all of them") long salesCount,
            @Schema(description = "Units sold in those orders, all of them") long soldQuantity,
            boolean salesTruncated) {
    }
}
