package com.pharmacyops.platform.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a verified token into the {@link Actor} the database knows now. The role and stores come from the
 * database, not the token; an unknown or deactivated user is not authenticated at all.
 */
@ApplicationScoped
public class ActorAugmentor implements SecurityIdentityAugmentor {

    public static final String ACTOR = "actor";

    private final ActorLookup directory;

    public ActorAugmentor(ActorLookup directory) {
        this.directory = directory;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        long userId;
        try {
            userId = Long.parseLong(jwt.getSubject());
        } catch (NumberFormatException | NullPointerException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException("bad subject"));
        }
        return directory.activeActor(userId).map(actor -> {
            if (actor == null) {
                throw new AuthenticationFailedException("unknown or inactive user");
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(identity.getPrincipal())
                    .addCredentials(identity.getCredentials())
                    .addAttributes(identity.getAttributes())
                    .addAttribute(ACTOR, actor)
                    .addRole(actor.role().name())
                    .build();
        });
    }
}
