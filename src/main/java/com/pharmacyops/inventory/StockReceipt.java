package com.pharmacyops.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import com.pharmacyops.platform.persistence.Audited;

/** Goods received into a store: the cause of its RECEIPT movements. */
@Entity
@Immutable
@Table(name = "stock_receipts")
public class StockReceipt extends Audited {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "store_id", nullable = false)
    public Long storeId;

    public String supplier;

    @Column(name = "invoice_number")
    public String invoiceNumber;
}
