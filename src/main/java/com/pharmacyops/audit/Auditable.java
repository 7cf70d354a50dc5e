package com.pharmacyops.audit;

import java.util.Map;

/**
 * The one way an entity describes itself to the audit log: the fields an event records on create and compares
 * on update ({@link AuditLog#diff}). Never secrets: a password appears as "changed", not as its hash.
 */
public interface Auditable {

    Map<String, Object> auditState();
}
