package com.pharmacyops.order;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.pharmacyops.platform.persistence.Audited;

@Entity
@Table(name = "order_items")
public class OrderItem extends Audited {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "order_id", nullable = false, updatable = false)
    public Long orderId;

    @Column(name = "store_id", nullable = false, updatable = false)
    public Long storeId;

    @Column(name = "medicine_id", nullable = false, updatable = false)
    public Long medicineId;

    @Column(nullable = false)
    public int quantity;
}
