package com.pharmacyops.platform.security;

import java.security.GeneralSecurityException;

import jakarta.enterprise.context.ApplicationScoped;

import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * bcrypt hashing and checking. Both cost tens of milliseconds of CPU, so they run on a worker thread and
 * resume on the caller's Vert.x context (where the reactive session lives), never on the event loop.
 */
@ApplicationScoped
public class Passwords {

    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();
    // A real hash (cost 10, as BcryptUtil makes them) of a random password that was thrown away, checked when the
    // user does not exist so both cases take the same time. A literal: hashing it at start cost ~0.3 s of startup.
    static final String DECOY = "$2a$10$xHI2dzmO7qGsNyqM7IMvIuPclkjIjbK6fobfFV5OtBNZPJOb/.cLi";

    private final Vertx vertx;

    public Passwords(Vertx vertx) {
        this.vertx = vertx;
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password)));
    }

    /** Whether {@code password} matches {@code hash}; a null hash is checked against a decoy and fails. */
    public Uni<Boolean> matches(String password, String hash) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> check(password, hash == null ? DECOY : hash)
                && hash != null));
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
