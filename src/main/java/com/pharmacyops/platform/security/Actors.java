package com.pharmacyops.platform.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/** The {@link Actor} of an authenticated request. */
public final class Actors {

    private Actors() {
    }

    public static Actor of(SecurityIdentity identity) {
        Actor actor = identity.getAttribute(ActorAugmentor.ACTOR);
        if (actor == null) {
            throw new UnauthorizedException();
        }
        return actor;
    }
}
