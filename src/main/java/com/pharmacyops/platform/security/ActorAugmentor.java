package com.pharmacyops.platform.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a verified token into the {@link Actor} the database knows now. The role and stores come from the
 * database, not the token; an unknown or deactivated user is not authenticated at all, nor is a token issued
 * before its user's last password change (the revocation is reported to {@link SecurityEvents}).
 */
@ApplicationScoped
public class ActorAugmentor implements SecurityIdentityAugmentor {

    public static final String ACTOR = "actor";
    private static final Logger LOG = Logger.getLogger(ActorAugmentor.class);

    private final ActorLookup directory;
    private final SecurityEvents events;

    public ActorAugmentor(ActorLookup directory, SecurityEvents events) {
        this.directory = directory;
        this.events = events;
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
        return directory.account(userId).flatMap(account -> {
            if (account == null) {
                return Uni.createFrom().failure(new AuthenticationFailedException("unknown user"));
            }
            String revoked = account.revocation(jwt.getIssuedAtTime());
            if (revoked != null) {
                // A refusal whether or not the audit write succeeds.
                return events.tokenRevoked(account.actor(), revoked, jwt.getIssuedAtTime())
                        .onFailure().invoke(e -> LOG.warnf("Token revocation not audited: %s", e.toString()))
                        .onFailure().recoverWithNull()
                        .flatMap(v -> Uni.createFrom().failure(new AuthenticationFailedException(revoked)));
            }
            Actor actor = account.actor();
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(identity.getPrincipal())
                    .addCredentials(identity.getCredentials())
                    .addAttributes(identity.getAttributes())
                    .addAttribute(ACTOR, actor)
                    .addRole(actor.role().name())
                    .build());
        });
    }
}
