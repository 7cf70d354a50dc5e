package com.pharmacyops.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.security.Actor;

import io.smallrye.mutiny.Uni;

/**
 * Records an audit event for a write. Called by services inside the write's own transaction, so the event
 * exists exactly when the write does.
 */
@ApplicationScoped
public class AuditLog {

    private final AuditEventRepository repository;

    public AuditLog(AuditEventRepository repository) {
        this.repository = repository;
    }

    public Uni<Void> record(Actor actor, String action, String entityType, Object entityId, Long storeId,
            Map<String, Object> changes) {
        return record(actor.username(), action, entityType, entityId, storeId, changes);
    }

    public Uni<Void> record(String actor, String action, String entityType, Object entityId, Long storeId,
            Map<String, Object> changes) {
        AuditEvent e = new AuditEvent();
        Instant now = Instant.now();
        e.actor = actor;
        e.action = action;
        e.entityType = entityType;
        e.entityId = String.valueOf(entityId);
        e.storeId = storeId;
        e.occurredAt = now;
        e.changes = changes;
        e.stamp(actor, now);
        return repository.persist(e).replaceWithVoid();
    }

    /** The fields whose values differ, as {@code field → {from, to}}. */
    public static Map<String, Object> diff(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : after.entrySet()) {
            Object old = before.get(e.getKey());
            if (!Objects.equals(old, e.getValue())) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("from", old);
                change.put("to", e.getValue());
                d.put(e.getKey(), change);
            }
        }
        return d;
    }
}
