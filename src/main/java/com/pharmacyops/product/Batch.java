package com.pharmacyops.product;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
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

import com.pharmacyops.audit.Auditable;
import com.pharmacyops.platform.persistence.AuditFields;

/**
 * A manufactured lot of a medicine: expiry and MRP. Immutable once it has stock movements (V2 trigger), its
 * status aside.
 */
@Entity
@Table(name = "batches")
public class Batch extends AuditFields implements Auditable {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "medicine_id", nullable = false, updatable = false)
    public Long medicineId;

    @Column(name = "batch_number", nullable = false)
    public String batchNumber;

    @Column(name = "expiry_date", nullable = false)
    public LocalDate expiryDate;

    @Column(nullable = false, precision = 10, scale = 2)
    public BigDecimal mrp;

    @Column(name = "manufactured_on")
    public LocalDate manufacturedOn;

    /** Written only by the hold, release and recall statements (BatchStatusRepository), never by Hibernate. */
    @Enumerated(EnumType.STRING)
    @Column(insertable = false, updatable = false)
    public BatchStatus status = BatchStatus.ACTIVE;

    @Column(name = "status_reason", insertable = false, updatable = false)
    public String statusReason;

    @Column(name = "status_changed_by", insertable = false, updatable = false)
    public String statusChangedBy;

    @Column(name = "status_changed_at", insertable = false, updatable = false)
    public Instant statusChangedAt;

    @Version
    public long version;

    @Override
    public Map<String, Object> auditState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("medicineId", medicineId);
        m.put("batchNumber", batchNumber);
        m.put("expiryDate", expiryDate == null ? null : expiryDate.toString());
        m.put("mrp", mrp);
        m.put("manufacturedOn", manufacturedOn == null ? null : manufacturedOn.toString());
        return m;
    }
}
