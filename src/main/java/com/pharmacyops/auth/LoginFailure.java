package com.pharmacyops.auth;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.pharmacyops.platform.persistence.AuditFields;

/** A failed login, kept in the database so the lock-out holds across replicas. */
@Entity
@Table(name = "login_failures")
public class LoginFailure extends AuditFields {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String username;

    @Column(name = "failed_at", nullable = false)
    public Instant failedAt;
}
