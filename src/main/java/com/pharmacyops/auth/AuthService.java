package com.pharmacyops.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.auth.Attempts.Admission;
import com.pharmacyops.auth.AuthDtos.ChangePassword;
import com.pharmacyops.auth.AuthDtos.TokenResponse;
import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.error.ErrorKind;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.Passwords;
import com.pharmacyops.user.User;
import com.pharmacyops.user.UserRepository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;

/**
 * Login and password checks. Each attempt passes the per-address limit ({@link AddressLimits}), then is counted
 * per username or user in the database before its password is checked ({@link Attempts}), so the lock-out holds
 * across replicas and under any number of parallel attempts. A good login issues a short-lived RS256 token; a
 * password change also ends the user's older tokens ({@code users.credentials_changed_at}).
 */
@ApplicationScoped
public class AuthService {

    private static final Logger LOG = Logger.getLogger(AuthService.class);
    private static final String BAD_CREDENTIALS = "Wrong username or password";

    private final UserRepository users;
    private final Passwords passwords;
    private final AuditLog audit;
    private final Attempts attempts;
    private final AddressLimits addresses;
    private final SecurityAudit events;
    private final ActorCache actors;
    private final String issuer;
    private final Duration lifetime;

    public AuthService(UserRepository users, Passwords passwords, AuditLog audit, Attempts attempts,
            AddressLimits addresses, SecurityAudit events, ActorCache actors,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer, PharmacyConfig config) {
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
        this.attempts = attempts;
        this.addresses = addresses;
        this.events = events;
        this.actors = actors;
        this.issuer = issuer;
        this.lifetime = config.jwt().lifetime();
    }

    /**
     * No session spans the login: the user is read in a short one, so no connection is held while bcrypt runs, and
     * a request never holds one connection while it waits for another (the counter and audit writes).
     */
    public Uni<TokenResponse> login(String username, String password, String address) {
        String key = Attempts.login(username);
        return Uni.createFrom().deferred(() -> {
            addresses.take(address);
            return attempts.admit(key, SecurityAudit.ANONYMOUS);
        }).flatMap(admission -> {
            if (!admission.admitted()) {
                throw lockedOut("Too many failed logins for this user; retry later", admission);
            }
            return Panache.withSession(() -> users.findByUsername(username)).flatMap(user -> passwords
                    .matches(password, user == null ? null : user.passwordHash).flatMap(ok -> {
                        if (!ok || !user.active) {
                            LOG.infof("Failed login for '%s' from %s", key.substring("login:".length()), address);
                            return events.loginFailed(username, address, admission.last()).map(v -> {
                                throw new ApiException(ErrorKind.UNAUTHORIZED, BAD_CREDENTIALS);
                            });
                        }
                        return attempts.clear(key).flatMap(v -> Panache.withSession(() -> users.storeIds(user.id)))
                                .map(stores -> token(user, stores));
                    }));
        });
    }

    /**
     * Checks the current password (counted like a login: 429 after {@code max-failures} wrong ones), then stores the
     * new hash and the time of the change, which ends every token issued before it (the caller's too).
     */
    @WithTransaction
    public Uni<Void> changePassword(Actor actor, ChangePassword req, String address) {
        String key = Attempts.password(actor.userId());
        return attempts.admit(key, actor.username()).flatMap(admission -> {
            if (!admission.admitted()) {
                throw lockedOut("Too many wrong current passwords; retry later", admission);
            }
            return users.findById(actor.userId())
                    .onItem().ifNull().failWith(() -> ApiException.notFound("User " + actor.userId()))
                    .flatMap(u -> passwords.matches(req.currentPassword(), u.passwordHash).flatMap(ok -> {
                        if (!ok) {
                            return events.passwordRejected(actor, address, admission.last()).map(v -> {
                                throw ApiException.invalid("currentPassword", "is not your current password");
                            });
                        }
                        return attempts.clear(key).flatMap(v -> passwords.hash(req.newPassword()));
                    }).flatMap(hash -> {
                        Instant now = Instant.now();
                        u.passwordHash = hash;
                        u.credentialsChangedAt = now;
                        u.stamp(actor.username(), now);
                        Map<String, Object> changes = new LinkedHashMap<>();
                        changes.put("password", "changed");
                        return audit.record(actor, AuditAction.CHANGE_PASSWORD, EntityType.USER, u.id, null, changes);
                    }))
                    .call(() -> actors.forget(actor.userId()));
        });
    }

    private static ApiException lockedOut(String detail, Admission admission) {
        return ApiException.tooManyRequests(detail, admission.retryAfterSeconds());
    }

    private TokenResponse token(User user, Set<Long> stores) {
        String token = Jwt.issuer(issuer)
                .subject(String.valueOf(user.id))
                .upn(user.username)
                .groups(Set.of(user.role.name()))
                .claim("stores", new ArrayList<>(stores))
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(Instant.now())
                .expiresIn(lifetime)
                .jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign();
        return new TokenResponse(token, "Bearer", lifetime.toSeconds());
    }
}
