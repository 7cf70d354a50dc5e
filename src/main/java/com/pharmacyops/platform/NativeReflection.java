package com.pharmacyops.platform;

import com.pharmacyops.audit.AuditResource;
import com.pharmacyops.inventory.InventoryDtos;
import com.pharmacyops.inventory.Ledger;
import com.pharmacyops.order.OrderDtos;
import com.pharmacyops.platform.error.Problem;
import com.pharmacyops.platform.paging.PageResponse;
import com.pharmacyops.product.ProductDtos;
import com.pharmacyops.store.StoreDtos;
import com.pharmacyops.user.UserDtos;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Bodies that Jackson writes but the native build cannot see from resource signatures: entities of a
 * {@code Response} (201 Created, problems, idempotent replays), stream elements, problem members.
 */
@RegisterForReflection(targets = {
        Problem.class, Problem.FieldError.class, OrderDtos.Shortage.class, Ledger.Shortage.class,
        PageResponse.class,
        UserDtos.UserView.class, UserDtos.TokenResponse.class,
        StoreDtos.StoreView.class,
        ProductDtos.MedicineView.class, ProductDtos.BatchView.class,
        InventoryDtos.ReceiptView.class, InventoryDtos.ReceiptItemView.class, InventoryDtos.AdjustmentView.class,
        InventoryDtos.AdjustmentItemView.class, InventoryDtos.InventoryRow.class, InventoryDtos.SummaryRow.class,
        InventoryDtos.MovementView.class,
        OrderDtos.OrderView.class, OrderDtos.ItemView.class, OrderDtos.AllocationView.class,
        AuditResource.AuditEventView.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
