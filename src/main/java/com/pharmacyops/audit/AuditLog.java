package com.pharmacyops.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.security.Actor;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Records an audit event for a write. Called by services inside the write's own transaction, so the event
 * exists exactly when the write does: through the Hibernate session for master data, or as one statement in
 * the {@link Tx} of the stock and order path. Security events are the exception ({@link #recordNow}): refusals
 * and failed attempts commit on their own.
 */
@ApplicationScoped
public class AuditLog {

    // Sent as text and cast: a String bound to a jsonb parameter would be stored as one JSON string.
    private static final String APPEND = """
            INSERT INTO audit_events (actor, action, entity_type, entity_id, store_id, occurred_at, changes,
                created_at, updated_at, created_by, updated_by)
            VALUES ($1, $2, $3, $4, $5, now(), $6::text::jsonb, now(), now(), $1, $1)""";

    private final AuditEventRepository repository;
    private final ObjectMapper json;
    private final Pool pool;

    public AuditLog(AuditEventRepository repository, ObjectMapper json, Pool pool) {
        this.repository = repository;
        this.json = json;
        this.pool = pool;
    }

    /** The event as a statement of this transaction (pipelined with whatever else it sends). */
    public Uni<Void> append(Tx tx, Actor actor, AuditAction action, EntityType entityType, Object entityId, Long storeId,
            Map<String, Object> changes) {
        return row(actor.username(), action, entityType, entityId, storeId, changes)
                .flatMap(args -> tx.query(APPEND, args)).replaceWithVoid();
    }

    /**
     * The event in a transaction of its own (one autocommitted statement), outside whatever transaction the caller
     * is in: for refusals and failed attempts, which must stay recorded although the request fails.
     */
    public Uni<Void> recordNow(String actor, AuditAction action, EntityType entityType, Object entityId, Long storeId,
            Map<String, Object> changes) {
        return row(actor, action, entityType, entityId, storeId, changes)
                .flatMap(args -> pool.preparedQuery(APPEND).execute(args)).replaceWithVoid();
    }

    /** The parameters of {@link #APPEND}; the changes go as JSON text. */
    private Uni<Tuple> row(String actor, AuditAction action, EntityType entityType, Object entityId, Long storeId,
            Map<String, Object> changes) {
        try {
            return Uni.createFrom().item(Tuple.from(new Object[] { actor, action.name(), entityType.name(),
                    String.valueOf(entityId), storeId, json.writeValueAsString(changes) }));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    public Uni<Void> record(Actor actor, AuditAction action, EntityType entityType, Object entityId, Long storeId,
            Map<String, Object> changes) {
        return record(actor.username(), action, entityType, entityId, storeId, changes);
    }

    public Uni<Void> record(String actor, AuditAction action, EntityType entityType, Object entityId, Long storeId,
            Map<String, Object> changes) {
        AuditEvent e = new AuditEvent();
        Instant now = Instant.now();
        e.actor = actor;
        e.action = action.name();
        e.entityType = entityType.name();
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
