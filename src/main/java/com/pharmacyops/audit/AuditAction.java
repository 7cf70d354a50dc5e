package com.pharmacyops.audit;

/** What a write did, as the audit log records it in {@code action}. */
public enum AuditAction {
    CREATE, UPDATE, DELETE, ACTIVATE, DEACTIVATE, CHANGE_PASSWORD, CONFIRM, CANCEL, RECEIVE, ADJUST
}
