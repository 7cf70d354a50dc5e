package com.pharmacyops.platform.security;

import java.security.GeneralSecurityException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import com.pharmacyops.platform.config.PharmacyConfig;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * bcrypt hashing and checking at {@code pharmacy.security.bcrypt-cost} (12). Both cost a few hundred milliseconds
 * of CPU, so they run on a worker thread and resume on the caller's Vert.x context (where the reactive session
 * lives), never on the event loop. A hash records its own cost, so hashes made at an older cost still verify.
 * bcrypt reads only the first {@value #MAX_BYTES} bytes of a password, so new passwords are limited to that
 * ({@link FitsBcrypt}).
 */
@ApplicationScoped
public class Passwords {

    /** What bcrypt reads of a password (UTF-8); the rest would be ignored. */
    public static final int MAX_BYTES = 72;
    static final int DEFAULT_COST = 12;

    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();
    // A real hash at the default cost of a random password that was thrown away, checked when the user does not
    // exist so both cases take the same time. A literal: hashing it at start cost ~0.3 s of startup.
    static final String DECOY = "$2a$12$aF/Trpq.g3XVxhiBqVy.h.tGTVuvOkERQOGQgYCgq412mI5ZbEoUS";

    private final Vertx vertx;
    private final int cost;
    private volatile String decoy;

    public Passwords(Vertx vertx, PharmacyConfig config) {
        this.vertx = vertx;
        this.cost = config.security().bcryptCost();
        if (cost < 10 || cost > 16) {
            throw new IllegalStateException("pharmacy.security.bcrypt-cost must be 10 to 16, not " + cost);
        }
        this.decoy = cost == DEFAULT_COST ? DECOY : null;
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password, cost)));
    }

    /** Whether {@code password} matches {@code hash}; a null hash is checked against a decoy and fails. */
    public Uni<Boolean> matches(String password, String hash) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> check(password, hash == null ? decoy() : hash)
                && hash != null));
    }

    /** The decoy at the configured cost; made once, on a worker thread, when the cost is not the default. */
    private String decoy() {
        if (decoy == null) {
            decoy = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
        }
        return decoy;
    }

    private static boolean check(String password, String hash) {
        try {
            Password raw = ModularCrypt.decode(hash);
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
            BCryptPassword restored = (BCryptPassword) factory.translate(raw);
            return factory.verify(restored, password.toCharArray());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
