package com.pharmacyops.audit;

/** What a write did, as the audit log records it in {@code action}. */
public enum AuditAction {
    CREATE, UPDATE, DELETE, ACTIVATE, DEACTIVATE, CHANGE_PASSWORD, CONFIRM, CANCEL, RECEIVE, ADJUST,
    // A customer return, recorded on its order.
    RETURN,
    // Batch status (BatchStatusService).
    HOLD, RELEASE, RECALL,
    /** A transfer's stock leaves its source store. */
    DISPATCH,
    // Security events, written in transactions of their own (AuditLog.recordNow): they stay although the request fails.
    LOGIN_FAILED, PASSWORD_REJECTED, LOCKED_OUT, UNLOCK, TOKEN_REVOKED, ACCESS_DENIED
}
