package com.pharmacyops.auth;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.user.Lockouts;

import io.smallrye.mutiny.Uni;

/**
 * An ADMIN lifts a lock-out before its window ends ({@code POST /users/{id}/unlock}), so that locking out a user,
 * an administrator above all, is no lasting denial of service: another ADMIN restores access at once.
 */
@ApplicationScoped
public class UserLockouts implements Lockouts {

    private final Attempts attempts;
    private final AuditLog audit;
    private final Transactions transactions;

    public UserLockouts(Attempts attempts, AuditLog audit, Transactions transactions) {
        this.attempts = attempts;
        this.audit = audit;
        this.transactions = transactions;
    }

    @Override
    public Uni<Void> unlock(Actor actor, long userId) {
        return transactions.write(tx -> attempts.username(tx, userId).flatMap(username -> {
            if (username == null) {
                throw ApiException.notFound("User " + userId);
            }
            return tx.commitWith(Uni.combine().all().unis(attempts.clear(tx, userId, username), audit.append(tx, actor,
                    AuditAction.UNLOCK, EntityType.USER, userId, null, Map.of("username", username))).discardItems());
        }));
    }
}
