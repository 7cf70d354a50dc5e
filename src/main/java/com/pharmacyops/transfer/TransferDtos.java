package com.pharmacyops.transfer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.pharmacyops.audit.Auditable;
import com.pharmacyops.platform.web.FreeText;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The transfer API's request and response bodies. */
public final class TransferDtos {

    private TransferDtos() {
    }

    public record TransferLine(@NotNull @Positive Long batchId, @NotNull @Min(1) @Max(1_000_000) Integer quantity) {
    }

    public record CreateTransfer(@NotNull @Positive Long toStoreId, @FreeText @Size(max = 500) String note,
            @NotEmpty @Size(max = 500) List<@NotNull @Valid TransferLine> items) {
    }

    public record ReceivedLine(@NotNull @Positive Long batchId,
            @NotNull @Min(0) @Max(1_000_000) Integer receivedQuantity) {
    }

    @Schema(description = "Lines not listed (or no items at all) arrived in full")
    public record ReceiveTransfer(@Size(max = 500) List<@NotNull @Valid ReceivedLine> items) {
    }

    @RegisterForReflection
    public record TransferItemView(long batchId, long medicineId, String batchNumber, int quantity,
            @Schema(nullable = true, description = "Set on receipt") Integer receivedQuantity,
            @Schema(nullable = true, description = "Lost in transit: quantity − receivedQuantity, set on receipt")
            Integer lostQuantity) {
    }

    @RegisterForReflection
    public record TransferView(long id, long fromStoreId, long toStoreId, TransferStatus status,
            @Schema(nullable = true) String note, List<TransferItemView> items, Instant dispatchedAt,
            String dispatchedBy, @Schema(nullable = true) Instant receivedAt,
            @Schema(nullable = true) String receivedBy, @Schema(nullable = true) Instant cancelledAt,
            @Schema(nullable = true) String cancelledBy) implements Auditable {

        @Override
        public Map<String, Object> auditState() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fromStoreId", fromStoreId);
            m.put("toStoreId", toStoreId);
            m.put("status", status);
            m.put("note", note);
            m.put("items", items.stream().map(i -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("batchId", i.batchId());
                line.put("quantity", i.quantity());
                line.put("receivedQuantity", i.receivedQuantity());
                return line;
            }).toList());
            return m;
        }
    }

    /** Which of a store's transfers a list shows: those it sends (out), receives (in), or both. */
    public enum Direction {
        IN, OUT
    }

    public record TransferFilter(Direction direction, TransferStatus status) {
    }
}
