package com.pharmacyops.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import com.pharmacyops.platform.persistence.Audited;

@Entity
@Immutable
@Table(name = "stock_receipt_items")
public class StockReceiptItem extends Audited {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "receipt_id", nullable = false)
    public Long receiptId;

    @Column(name = "store_id", nullable = false)
    public Long storeId;

    @Column(name = "batch_id", nullable = false)
    public Long batchId;

    @Column(nullable = false)
    public int quantity;
}
