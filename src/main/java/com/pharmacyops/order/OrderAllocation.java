package com.pharmacyops.order;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import com.pharmacyops.platform.persistence.Audited;

/** Which batch an order line was served from, and at which price (that batch's MRP). */
@Entity
@Immutable
@Table(name = "order_allocations")
public class OrderAllocation extends Audited {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "order_item_id", nullable = false)
    public Long orderItemId;

    @Column(name = "order_id", nullable = false)
    public Long orderId;

    @Column(name = "store_id", nullable = false)
    public Long storeId;

    @Column(name = "batch_id", nullable = false)
    public Long batchId;

    @Column(nullable = false)
    public int quantity;

    @Column(name = "unit_price", nullable = false, precision = 10, scale = 2)
    public BigDecimal unitPrice;
}
