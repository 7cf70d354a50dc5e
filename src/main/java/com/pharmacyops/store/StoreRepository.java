package com.pharmacyops.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.persistence.Where;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.store.StoreDtos.Filter;
import com.pharmacyops.store.StoreDtos.StoreView;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class StoreRepository implements PanacheRepositoryBase<Store, Long> {

    private final Transactions transactions;

    public StoreRepository(Transactions transactions) {
        this.transactions = transactions;
    }

    public Uni<Long> countExisting(Collection<Long> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(0L) : count("id in ?1", ids);
    }

    public Uni<Boolean> codeTaken(String code) {
        return count("code", code).map(n -> n > 0);
    }

    /** Stores a user manages other than {@code keptStoreIds}. */
    public Uni<Long> countManagedOutside(long managerId, Collection<Long> keptStoreIds) {
        return keptStoreIds.isEmpty() ? count("managerId", managerId)
                : count("managerId = ?1 and id not in ?2", managerId, keptStoreIds);
    }

    public Uni<PageResponse<Store>> search(Actor actor, Filter f, PageRequest page) {
        Where w = new Where()
                .and("active = :active", "active", f.active())
                .and("lower(city) = lower(:city)", "city", f.city())
                .and("(lower(name) like :q escape '\\' or lower(code) like :q escape '\\')", "q", f.like());
        if (!actor.seesAllStores()) {
            w.and("id in :visible", "visible", actor.storeIds().isEmpty() ? List.of(-1L) : actor.storeIds());
        }
        var query = find(w.query(), page.sort(), w.params());
        return query.page(page.panache()).list().flatMap(items -> query.count()
                .map(total -> new PageResponse<>(items, page.page(), page.size(), total)));
    }

    /** Every matching store the actor may see, streamed in the list's sort order. */
    public Multi<StoreView> stream(Actor actor, Filter f, Sort sort) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, code, name, city, address, phone, manager_id, active,
                       created_at, updated_at, created_by, updated_by
                FROM stores WHERE TRUE""");
        List<Object> args = new ArrayList<>();
        if (f.active() != null) {
            args.add(f.active());
            sql.append(" AND active = $").append(args.size());
        }
        if (f.city() != null) {
            args.add(f.city());
            sql.append(" AND lower(city) = lower($").append(args.size()).append(')');
        }
        if (f.like() != null) {
            args.add(f.like());
            sql.append(" AND (lower(name) LIKE $").append(args.size()).append(" OR lower(code) LIKE $")
                    .append(args.size()).append(')');
        }
        if (!actor.seesAllStores()) {
            args.add(actor.storeIds().toArray(new Long[0]));
            sql.append(" AND id = ANY($").append(args.size()).append(')');
        }
        sql.append(" ORDER BY ").append(PageRequest.sqlOrder(sort, "id"));
        return transactions.cursor(sql.toString(), Tuple.from(args)).map(StoreRepository::view);
    }

    private static StoreView view(Row r) {
        return new StoreView(r.getLong("id"), r.getString("code"), r.getString("name"), r.getString("city"),
                r.getString("address"), r.getString("phone"), r.getLong("manager_id"), r.getBoolean("active"),
                r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant(),
                r.getString("created_by"), r.getString("updated_by"));
    }
}
