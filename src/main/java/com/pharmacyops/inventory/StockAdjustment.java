package com.pharmacyops.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import com.pharmacyops.platform.persistence.Audited;

/** A correction of a store's stock with a reason: the cause of its ADJUSTMENT movements. */
@Entity
@Immutable
@Table(name = "stock_adjustments")
public class StockAdjustment extends Audited {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "store_id", nullable = false)
    public Long storeId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AdjustmentReason reason;

    public String note;
}
