package com.pharmacyops.auth;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.SecurityEvents;

import io.smallrye.mutiny.Uni;

/**
 * Security events in the audit log, each committed on its own ({@link AuditLog#recordNow}) because the request
 * that caused it fails: failed logins and password checks (username or user and client address, never the
 * password), lock-outs, revoked tokens, refused writes. A revoked token is recorded once per replica (tokens of a
 * user issued in the same second count as one): a client retrying it does not flood the log.
 */
@ApplicationScoped
public class SecurityAudit implements SecurityEvents {

    static final String ANONYMOUS = "anonymous";
    private static final int ID = 64; // audit_events.entity_id

    private final AuditLog audit;
    private final Cache<String, Boolean> revocations;

    public SecurityAudit(AuditLog audit, PharmacyConfig config) {
        this.audit = audit;
        // A token is presented at most until it expires.
        this.revocations = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(config.jwt().lifetime()).build();
    }

    @Override
    public Uni<Void> tokenRevoked(Actor actor, String reason, long issuedAt) {
        if (revocations.asMap().putIfAbsent(actor.userId() + " " + reason + " " + issuedAt, Boolean.TRUE) != null) {
            return Uni.createFrom().voidItem();
        }
        return audit.recordNow(actor.username(), AuditAction.TOKEN_REVOKED, EntityType.USER, actor.userId(), null,
                Map.of("reason", reason));
    }

    @Override
    public Uni<Void> writeRefused(Actor actor, String endpoint, String path, Long storeId) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("path", path);
        changes.put("role", actor.role().name());
        return audit.recordNow(actor.username(), AuditAction.ACCESS_DENIED, EntityType.ENDPOINT, cut(endpoint),
                storeId, changes);
    }

    /** A wrong password for {@code username}, or one that names no user or an inactive one. */
    Uni<Void> loginFailed(String username, String address, boolean lockedOut) {
        String name = cut(username.toLowerCase(java.util.Locale.ROOT));
        Uni<Void> failed = audit.recordNow(ANONYMOUS, AuditAction.LOGIN_FAILED, EntityType.LOGIN, name, null,
                Map.of("clientAddress", address));
        return !lockedOut ? failed : failed.call(() -> audit.recordNow(ANONYMOUS, AuditAction.LOCKED_OUT,
                EntityType.LOGIN, name, null, Map.of("clientAddress", address)));
    }

    /** A wrong current password in a password change. */
    Uni<Void> passwordRejected(Actor actor, String address, boolean lockedOut) {
        Uni<Void> rejected = audit.recordNow(actor.username(), AuditAction.PASSWORD_REJECTED, EntityType.USER,
                actor.userId(), null, Map.of("clientAddress", address));
        return !lockedOut ? rejected : rejected.call(() -> audit.recordNow(actor.username(), AuditAction.LOCKED_OUT,
                EntityType.USER, actor.userId(), null, Map.of("clientAddress", address)));
    }

    /** At most the column's width; control characters (which PostgreSQL text may refuse) as '?'. */
    private static String cut(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > ID ? printable.substring(0, ID) : printable;
    }
}
