package com.pharmacyops.product;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import com.pharmacyops.audit.Auditable;
import com.pharmacyops.platform.persistence.AuditFields;

/** Medicine master data, shared by every store. */
@Entity
@Table(name = "medicines")
public class Medicine extends AuditFields implements Auditable {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, updatable = false)
    public String sku;

    @Column(nullable = false)
    public String name;

    @Column(name = "generic_name")
    public String genericName;

    public String manufacturer;

    @Column(name = "dosage_form")
    public String dosageForm;

    public String strength;

    @Column(name = "pack_size")
    public Integer packSize;

    @Column(name = "prescription_required", nullable = false)
    public boolean prescriptionRequired;

    @Column(name = "reorder_level", nullable = false)
    public int reorderLevel;

    @Column(nullable = false)
    public boolean active = true;

    @Version
    public long version;

    @Override
    public Map<String, Object> auditState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sku", sku);
        m.put("name", name);
        m.put("genericName", genericName);
        m.put("manufacturer", manufacturer);
        m.put("dosageForm", dosageForm);
        m.put("strength", strength);
        m.put("packSize", packSize);
        m.put("prescriptionRequired", prescriptionRequired);
        m.put("reorderLevel", reorderLevel);
        m.put("active", active);
        return m;
    }
}
