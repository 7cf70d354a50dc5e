package com.pharmacyops.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.security.Passwords;
import com.pharmacyops.platform.security.Role;
import com.pharmacyops.user.User;
import com.pharmacyops.user.UserDtos;
import com.pharmacyops.user.UserRepository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The first ADMIN of an empty database, from {@code PHARMACY_BOOTSTRAP_ADMIN_USERNAME} and
 * {@code PHARMACY_BOOTSTRAP_ADMIN_PASSWORD}. Does nothing once any user exists; if several replicas start at
 * once, the unique username lets one of them win. Whether a user exists is one plain query on the pool: the
 * usual start-up (users exist) opens no Hibernate session and compiles no query.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);
    private static final String ANY_USER = "SELECT EXISTS (SELECT 1 FROM users)";

    private final Pool pool;
    private final UserRepository users;
    private final Passwords passwords;
    private final AuditLog audit;
    private final Optional<String> username;
    private final Optional<String> password;

    public BootstrapAdmin(Pool pool, UserRepository users, Passwords passwords, AuditLog audit,
            PharmacyConfig config) {
        this.pool = pool;
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
        this.username = config.bootstrap().admin().username();
        this.password = config.bootstrap().admin().password();
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (username.isEmpty() || password.isEmpty()) {
            return;
        }
        if (!username.get().matches(UserDtos.USERNAME) || password.get().length() < 12
                || password.get().getBytes(StandardCharsets.UTF_8).length > Passwords.MAX_BYTES) {
            throw new IllegalStateException("PHARMACY_BOOTSTRAP_ADMIN_USERNAME must be 3-64 letters, digits or ._@- "
                    + "and the password at least 12 characters and at most 72 bytes of UTF-8");
        }
        try {
            Boolean created = VertxContextSupport.subscribeAndAwait(() -> pool.query(ANY_USER).execute()
                    .map(rows -> rows.iterator().next().getBoolean(0))
                    .flatMap(any -> any ? Uni.createFrom().item(false) : create()));
            if (created) {
                LOG.infof("Created the bootstrap ADMIN '%s'", username.get());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Bootstrap ADMIN not created (another replica may have created it): %s", e.getMessage());
        }
    }

    /** Creates the admin unless a user exists by now (counted again in the transaction). */
    private Uni<Boolean> create() {
        return Panache.withTransaction(() -> users.count()
                .flatMap(n -> n > 0 ? Uni.createFrom().item(false)
                        : passwords.hash(password.get()).flatMap(hash -> {
                            Instant now = Instant.now();
                            User u = new User();
                            u.username = username.get();
                            u.fullName = "Bootstrap administrator";
                            u.passwordHash = hash;
                            u.role = Role.ADMIN;
                            u.stamp("bootstrap", now);
                            return users.persist(u).flatMap(saved -> audit.record("bootstrap", AuditAction.CREATE,
                                    EntityType.USER, saved.id, null, saved.auditState())).map(v -> true);
                        })));
    }
}
