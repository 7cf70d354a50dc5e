package com.pharmacyops.store;

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

@Entity
@Table(name = "stores")
public class Store extends AuditFields implements Auditable {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, updatable = false)
    public String code;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String city;

    public String address;

    public String phone;

    @Column(name = "manager_id")
    public Long managerId;

    @Column(nullable = false)
    public boolean active = true;

    @Version
    public long version;

    @Override
    public Map<String, Object> auditState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("name", name);
        m.put("city", city);
        m.put("address", address);
        m.put("phone", phone);
        m.put("managerId", managerId);
        m.put("active", active);
        return m;
    }
}
