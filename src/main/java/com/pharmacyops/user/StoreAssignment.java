package com.pharmacyops.user;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import com.pharmacyops.platform.persistence.AuditFields;

/** A store assignment of a user. */
@Entity
@Table(name = "user_stores")
@IdClass(StoreAssignment.Key.class)
public class StoreAssignment extends AuditFields {

    @Id
    @Column(name = "user_id")
    public Long userId;

    @Id
    @Column(name = "store_id")
    public Long storeId;

    public static class Key implements Serializable {
        public Long userId;
        public Long storeId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(userId, k.userId) && Objects.equals(storeId, k.storeId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, storeId);
        }
    }
}
