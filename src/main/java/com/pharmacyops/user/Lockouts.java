package com.pharmacyops.user;

import com.pharmacyops.platform.security.Actor;

import io.smallrye.mutiny.Uni;

/**
 * Users' lock-outs after failed password attempts. Declared here for the users API and implemented by the auth
 * feature, which counts the attempts: auth depends on user, never the reverse.
 */
public interface Lockouts {

    /** Clears what counts against the user (failed logins and current-password checks), audited; 404 for none. */
    Uni<Void> unlock(Actor actor, long userId);
}
