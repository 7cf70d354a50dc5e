package com.pharmacyops.user;

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

import com.pharmacyops.audit.Auditable;
import com.pharmacyops.platform.persistence.AuditFields;
import com.pharmacyops.platform.security.Role;

@Entity
@Table(name = "users")
public class User extends AuditFields implements Auditable {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String username;

    @Column(name = "full_name", nullable = false)
    public String fullName;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Role role;

    @Column(nullable = false)
    public boolean active = true;

    /** When the password last changed: tokens issued before it no longer work. */
    @Column(name = "credentials_changed_at")
    public Instant credentialsChangedAt;

    @Version
    public long version;

    /** What the audit log records of a user; never the password hash. */
    @Override
    public Map<String, Object> auditState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", username);
        m.put("fullName", fullName);
        m.put("role", role);
        m.put("active", active);
        return m;
    }
}
