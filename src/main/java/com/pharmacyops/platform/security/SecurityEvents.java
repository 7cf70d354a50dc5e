package com.pharmacyops.platform.security;

import io.smallrye.mutiny.Uni;

/**
 * Refusals the security shelf reports for the audit log, which a feature records: platform never imports one.
 * Each is written in a transaction of its own, so it stays although the request fails.
 */
public interface SecurityEvents {

    /**
     * A valid token refused because its user was deactivated or changed password after it was issued at
     * {@code issuedAt} (its {@code iat}, epoch seconds). A client presents such a token again and again: report
     * each token once.
     */
    Uni<Void> tokenRevoked(Actor actor, String reason, long issuedAt);

    /** A write refused with 403: the actor's role may not call {@code endpoint} ("POST /api/v1/stores"). */
    Uni<Void> writeRefused(Actor actor, String endpoint, String path, Long storeId);
}
