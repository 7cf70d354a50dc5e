package com.pharmacyops.user;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.security.ActorLookup;
import com.pharmacyops.platform.security.Passwords;
import com.pharmacyops.platform.security.Role;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.store.StoreRepository;
import com.pharmacyops.user.UserDtos.CreateUser;
import com.pharmacyops.user.UserDtos.UpdateUser;
import com.pharmacyops.user.UserDtos.UserView;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserService {

    public static final Map<String, String> SORTABLE = Map.of("id", "id", "username", "username",
            "fullName", "fullName", "role", "role", "createdAt", "createdAt");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String SORT = "^(id|username|fullName|role|createdAt)(,(asc|desc))?$";

    private final UserRepository users;
    private final StoreRepository stores;
    private final Passwords passwords;
    private final AuditLog audit;
    private final ActorLookup directory;

    public UserService(UserRepository users, StoreRepository stores, Passwords passwords, AuditLog audit,
            ActorLookup directory) {
        this.users = users;
        this.stores = stores;
        this.passwords = passwords;
        this.audit = audit;
        this.directory = directory;
    }

    @WithSession
    public Uni<PageResponse<UserView>> list(Role role, Long storeId, Boolean active, String like, PageRequest page) {
        return users.search(role, storeId, active, like, page).flatMap(p -> users
                .storeIds(p.items().stream().map(u -> u.id).toList())
                .map(ids -> p.map(u -> UserView.of(u, ids.getOrDefault(u.id, Set.of())))));
    }

    @WithSession
    public Uni<UserView> get(long id) {
        return load(id).flatMap(this::view);
    }

    @WithTransaction
    public Uni<UserView> create(Actor actor, CreateUser req) {
        Set<Long> storeIds = req.storeIds() == null ? Set.of() : new TreeSet<>(req.storeIds());
        return checkStores(req.role(), storeIds)
                .flatMap(v -> users.findByUsername(req.username()))
                .flatMap(existing -> {
                    if (existing != null) {
                        throw ApiException.conflict("A user named '" + req.username() + "' already exists");
                    }
                    return passwords.hash(req.password());
                })
                .flatMap(hash -> {
                    Instant now = Instant.now();
                    User u = new User();
                    u.username = req.username();
                    u.fullName = req.fullName().trim();
                    u.passwordHash = hash;
                    u.role = req.role();
                    u.active = true;
                    u.stamp(actor.username(), now);
                    return users.persist(u)
                            .flatMap(saved -> users.addStores(saved.id, storeIds, actor.username(), now))
                            .flatMap(v -> {
                                Map<String, Object> state = u.auditState();
                                state.put("storeIds", storeIds);
                                return audit.record(actor, AuditAction.CREATE, EntityType.USER, u.id, null, state);
                            })
                            .map(v -> UserView.of(u, storeIds));
                });
    }

    @WithTransaction
    public Uni<UserView> update(Actor actor, long id, UpdateUser req) {
        return load(id).flatMap(u -> users.storeIds(id).flatMap(currentStores -> {
            Map<String, Object> before = u.auditState();
            before.put("storeIds", currentStores);
            Role role = req.role() != null ? req.role() : u.role;
            Set<Long> storeIds = req.storeIds() != null ? new TreeSet<>(req.storeIds())
                    : (role.storeScoped() ? currentStores : Set.of());
            boolean active = req.active() != null ? req.active() : u.active;
            boolean losesAdmin = u.role == Role.ADMIN && u.active && (role != Role.ADMIN || !active);

            Uni<Void> checks = checkStores(role, storeIds)
                    .flatMap(v -> losesAdmin ? users.countActiveAdmins() : Uni.createFrom().item(2L))
                    .map(admins -> {
                        if (admins < 2) {
                            throw ApiException.conflict("The last active ADMIN cannot be deactivated or demoted");
                        }
                        return null;
                    })
                    .flatMap(v -> stores.countManagedOutside(id,
                            role == Role.STORE_MANAGER && active ? storeIds : List.of()))
                    .map(managed -> {
                        if (managed > 0) {
                            throw ApiException.conflict(
                                    "The user manages stores they would no longer hold; assign another manager first");
                        }
                        return null;
                    });
            Uni<String> hash = req.password() != null ? passwords.hash(req.password()) : Uni.createFrom().nullItem();
            return checks.flatMap(v -> hash).flatMap(newHash -> {
                Instant now = Instant.now();
                if (req.fullName() != null) {
                    u.fullName = req.fullName().trim();
                }
                u.role = role;
                u.active = active;
                if (newHash != null) {
                    u.passwordHash = newHash;
                    u.credentialsChangedAt = now; // ends the user's older tokens
                }
                u.stamp(actor.username(), now);
                Map<String, Object> after = u.auditState();
                after.put("storeIds", storeIds);
                Map<String, Object> changes = AuditLog.diff(before, after);
                if (newHash != null) {
                    changes.put("password", "changed");
                }
                Uni<Void> assign = storeIds.equals(currentStores) ? Uni.createFrom().voidItem()
                        : users.assignStores(id, storeIds, actor.username(), now);
                return assign
                        .flatMap(x -> audit.record(actor, AuditAction.UPDATE, EntityType.USER, id, null, changes))
                        .flatMap(x -> directory.forget(id))
                        .map(x -> UserView.of(u, storeIds));
            });
        }));
    }

    @WithSession
    public Uni<UserView> me(Actor actor) {
        return get(actor.userId());
    }

    private Uni<User> load(long id) {
        return users.findById(id).map(u -> {
            if (u == null) {
                throw ApiException.notFound("User " + id);
            }
            return u;
        });
    }

    private Uni<UserView> view(User u) {
        return users.storeIds(u.id).map(ids -> UserView.of(u, ids));
    }

    /** Store roles need at least one existing store; ADMIN and AUDITOR take none. */
    private Uni<Void> checkStores(Role role, Set<Long> storeIds) {
        if (role.storeScoped() && storeIds.isEmpty()) {
            throw ApiException.invalid("storeIds", "a " + role + " needs at least one store");
        }
        if (!role.storeScoped() && !storeIds.isEmpty()) {
            throw ApiException.invalid("storeIds", "an " + role + " works chain-wide and takes no stores");
        }
        return stores.countExisting(storeIds).map(n -> {
            if (n != storeIds.size()) {
                throw ApiException.invalid("storeIds", "contains a store that does not exist");
            }
            return null;
        });
    }
}
