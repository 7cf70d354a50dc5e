package com.pharmacyops.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import com.pharmacyops.platform.persistence.Audited;

/** A sale in one store. Named SaleOrder because ORDER is a query keyword. */
@Entity(name = "SaleOrder")
@Table(name = "orders")
public class SaleOrder extends Audited {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "store_id", nullable = false, updatable = false)
    public Long storeId;

    @Column(name = "order_number", nullable = false, updatable = false)
    public String orderNumber;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OrderStatus status;

    @Column(name = "customer_name")
    public String customerName;

    @Column(name = "customer_phone")
    public String customerPhone;

    @Column(name = "prescription_reference")
    public String prescriptionReference;

    @Column(precision = 12, scale = 2)
    public BigDecimal total;

    @Column(name = "confirmed_by")
    public String confirmedBy;

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    @Column(name = "cancelled_by")
    public String cancelledBy;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "cancel_reason")
    public String cancelReason;

    @Version
    public long version;

    public Map<String, Object> auditState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderNumber", orderNumber);
        m.put("status", status);
        m.put("customerName", customerName);
        m.put("customerPhone", customerPhone);
        m.put("prescriptionReference", prescriptionReference);
        m.put("total", total);
        return m;
    }
}
