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
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;

/**
 * Login: checks the password, counts failures per username in the database (so the lock-out holds across
 * replicas) and issues a short-lived RS256 token.
 */
@ApplicationScoped
public class AuthService {

    private static final Logger LOG = Logger.getLogger(AuthService.class);
    private static final String BAD_CREDENTIALS = "Wrong username or password";

    private final UserRepository users;
    private final Passwords passwords;
    private final AuditLog audit;
    private final String issuer;
    private final Duration lifetime;
    private final int maxFailures;
    private final Duration window;

    public AuthService(UserRepository users, Passwords passwords, AuditLog audit,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            PharmacyConfig config) {
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
        this.issuer = issuer;
        this.lifetime = config.jwt().lifetime();
        this.maxFailures = config.security().lockout().maxFailures();
        this.window = config.security().lockout().window();
    }

    @WithTransaction
    public Uni<Void> changePassword(Actor actor, ChangePassword req) {
        return users.findById(actor.userId())
                .onItem().ifNull().failWith(() -> ApiException.notFound("User " + actor.userId()))
                .flatMap(u -> passwords.matches(req.currentPassword(), u.passwordHash).flatMap(ok -> {
                    if (!ok) {
                        throw ApiException.invalid("currentPassword", "is not your current password");
                    }
                    return passwords.hash(req.newPassword());
                }).flatMap(hash -> {
                    u.passwordHash = hash;
                    u.stamp(actor.username(), Instant.now());
                    Map<String, Object> changes = new LinkedHashMap<>();
                    changes.put("password", "changed");
                    return audit.record(actor, AuditAction.CHANGE_PASSWORD, EntityType.USER, u.id, null, changes);
                }));
    }

    @WithSession
    public Uni<TokenResponse> login(String username, String password) {
        Instant now = Instant.now();
        return lockedOutFor(username, now)
                .flatMap(retryAfter -> {
                    if (retryAfter > 0) {
                        throw ApiException.tooManyRequests("Too many failed logins for this user; retry later",
                                retryAfter);
                    }
                    return users.findByUsername(username);
                })
                .flatMap(user -> passwords.matches(password, user == null ? null : user.passwordHash)
                        .flatMap(ok -> {
                            if (!ok || !user.active) {
                                return recordFailure(username, now).map(v -> {
                                    throw new ApiException(ErrorKind.UNAUTHORIZED, BAD_CREDENTIALS);
                                });
                            }
                            return Panache.withTransaction(() -> LoginFailure
                                    .delete("lower(username) = lower(?1)", username))
                                    .flatMap(n -> users.storeIds(user.id))
                                    .map(stores -> token(user, stores));
                        }));
    }

    /** Seconds until the oldest failure in the window leaves it, or 0 when the user may try. */
    private Uni<Long> lockedOutFor(String username, Instant now) {
        return LoginFailure.<LoginFailure>find("lower(username) = lower(?1) and failedAt > ?2 order by failedAt",
                username, now.minus(window)).list().map(failures -> {
                    if (failures.size() < maxFailures) {
                        return 0L;
                    }
                    Instant freeAt = failures.get(failures.size() - maxFailures).failedAt.plus(window);
                    return Math.max(1, Duration.between(now, freeAt).toSeconds() + 1);
                });
    }

    private Uni<Void> recordFailure(String username, Instant now) {
        LOG.infof("Failed login for '%s'", username.length() > 64 ? username.substring(0, 64) : username);
        LoginFailure f = new LoginFailure();
        f.username = username.length() > 64 ? username.substring(0, 64) : username;
        f.failedAt = now;
        f.stamp("anonymous", now);
        return Panache.withTransaction(() -> f.persist()).replaceWithVoid();
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
