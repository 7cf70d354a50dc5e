package com.pharmacyops.store;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.store.StoreDtos.CreateStore;
import com.pharmacyops.store.StoreDtos.Filter;
import com.pharmacyops.store.StoreDtos.StoreView;
import com.pharmacyops.store.StoreDtos.UpdateStore;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class StoreService {

    public static final Map<String, String> SORTABLE = Map.of("id", "id", "code", "code", "name", "name",
            "city", "city", "createdAt", "createdAt");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String SORT = "^(id|code|name|city|createdAt)(,(asc|desc))?$";

    private final StoreRepository stores;
    private final ManagerAccounts managers;
    private final AuditLog audit;

    public StoreService(StoreRepository stores, ManagerAccounts managers, AuditLog audit) {
        this.stores = stores;
        this.managers = managers;
        this.audit = audit;
    }

    @WithSession
    public Uni<PageResponse<StoreView>> list(Actor actor, Filter filter, PageRequest page) {
        return stores.search(actor, filter, page).map(p -> p.map(StoreView::of));
    }

    public Multi<StoreView> stream(Actor actor, Filter filter, Sort sort) {
        return stores.stream(actor, filter, sort);
    }

    @WithSession
    public Uni<StoreView> get(Actor actor, long id) {
        return found(id).map(StoreView::of);
    }

    /** The store, or 404; whether the actor sees it was checked before (AccessFilter). */
    private Uni<Store> found(long id) {
        return stores.findById(id).map(s -> {
            if (s == null) {
                throw ApiException.notFound("Store " + id);
            }
            return s;
        });
    }

    @WithTransaction
    public Uni<StoreView> create(Actor actor, CreateStore req) {
        return stores.codeTaken(req.code()).flatMap(taken -> {
            if (taken) {
                throw ApiException.conflict("A store with code '" + req.code() + "' already exists");
            }
            return checkManager(req.managerId());
        }).flatMap(v -> {
            Instant now = Instant.now();
            Store s = new Store();
            s.code = req.code();
            s.name = req.name().trim();
            s.city = req.city().trim();
            s.address = req.address();
            s.phone = req.phone();
            s.managerId = req.managerId();
            s.active = true;
            s.stamp(actor.username(), now);
            return stores.persist(s)
                    .call(saved -> assignManager(actor, saved, now))
                    .call(saved -> audit.record(actor, AuditAction.CREATE, EntityType.STORE, saved.id, saved.id, saved.auditState()))
                    .map(StoreView::of);
        });
    }

    @WithTransaction
    public Uni<StoreView> update(Actor actor, long id, UpdateStore req) {
        return found(id).flatMap(s -> checkManager(req.managerId()).flatMap(v -> {
            Map<String, Object> before = s.auditState();
            Instant now = Instant.now();
            if (req.name() != null) {
                s.name = req.name().trim();
            }
            if (req.city() != null) {
                s.city = req.city().trim();
            }
            if (req.address() != null) {
                s.address = req.address();
            }
            if (req.phone() != null) {
                s.phone = req.phone();
            }
            if (req.managerId() != null) {
                s.managerId = req.managerId();
            }
            if (req.active() != null) {
                s.active = req.active();
            }
            s.stamp(actor.username(), now);
            Map<String, Object> changes = AuditLog.diff(before, s.auditState());
            return assignManager(actor, s, now)
                    .call(x -> audit.record(actor, changes.containsKey("active")
                            ? (s.active ? AuditAction.ACTIVATE : AuditAction.DEACTIVATE) : AuditAction.UPDATE, EntityType.STORE, id, id, changes))
                    .map(x -> StoreView.of(s));
        }));
    }

    /** A manager must be an active STORE_MANAGER. */
    private Uni<Void> checkManager(Long managerId) {
        if (managerId == null) {
            return Uni.createFrom().voidItem();
        }
        return managers.isActiveManager(managerId).map(ok -> {
            if (!ok) {
                throw ApiException.invalid("managerId", "must be an active STORE_MANAGER");
            }
            return null;
        });
    }

    /** Assigning a manager adds the store to the manager's stores. */
    private Uni<Store> assignManager(Actor actor, Store s, Instant now) {
        if (s.managerId == null) {
            return Uni.createFrom().item(s);
        }
        return managers.grantStore(s.managerId, s.id, actor.username(), now).map(v -> s);
    }
}
