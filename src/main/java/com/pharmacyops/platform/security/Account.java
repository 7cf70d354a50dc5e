package com.pharmacyops.platform.security;

import java.time.Instant;

/**
 * A token's subject as the database knows it now: the {@link Actor} it would act as, whether it is active, and
 * when its password last changed (null: never since this was recorded).
 */
public record Account(Actor actor, boolean active, Instant credentialsChangedAt) {

    public static final String DEACTIVATED = "deactivated";
    public static final String CREDENTIALS_CHANGED = "password changed";

    /**
     * Why a token issued at {@code issuedAt} (epoch seconds, the JWT's {@code iat}) no longer works, or null while
     * it does. {@code iat} has whole seconds, so a token counts as issued before the change when its second is
     * earlier than the change's: one issued in the same second, even just before, still works.
     */
    public String revocation(long issuedAt) {
        if (!active) {
            return DEACTIVATED;
        }
        if (credentialsChangedAt != null && issuedAt < credentialsChangedAt.getEpochSecond()) {
            return CREDENTIALS_CHANGED;
        }
        return null;
    }
}
