package com.pharmacyops.user;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.persistence.Where;
import com.pharmacyops.platform.security.Role;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, Long> {

    public Uni<User> findByUsername(String username) {
        return find("lower(username) = lower(?1)", username).firstResult();
    }

    public Uni<Long> countActiveAdmins() {
        return count("role = ?1 and active = true", Role.ADMIN);
    }

    public Uni<PageResponse<User>> search(Role role, Long storeId, Boolean active, String like, PageRequest page) {
        Where w = new Where()
                .and("role = :role", "role", role)
                .and("active = :active", "active", active)
                .and("id in (select us.userId from StoreAssignment us where us.storeId = :storeId)", "storeId", storeId)
                .and("(lower(username) like :q escape '\\' or lower(fullName) like :q escape '\\')", "q", like);
        var query = find(w.query(), page.sort(), w.params());
        return query.page(page.panache()).list().flatMap(items -> query.count()
                .map(total -> new PageResponse<>(items, page.page(), page.size(), total)));
    }

    /** Store ids of each user, sorted. */
    public Uni<Map<Long, Set<Long>>> storeIds(List<Long> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return StoreAssignment.<StoreAssignment>list("userId in ?1", userIds).map(rows -> {
            Map<Long, Set<Long>> m = new HashMap<>();
            for (StoreAssignment us : rows) {
                m.computeIfAbsent(us.userId, k -> new TreeSet<>()).add(us.storeId);
            }
            return m;
        });
    }

    public Uni<Set<Long>> storeIds(long userId) {
        return storeIds(List.of(userId)).map(m -> m.getOrDefault(userId, Set.of()));
    }

    /**
     * Replaces a user's store assignments: removes the ones no longer wanted and adds the new ones, keeping the rows
     * that stay. The session may already hold them (read by {@link #storeIds}), so deleting every row in bulk and
     * persisting the kept ones again would meet their managed copies (NonUniqueObjectException).
     */
    public Uni<Void> assignStores(long userId, Set<Long> storeIds, String actor, java.time.Instant now) {
        return StoreAssignment.<StoreAssignment>list("userId", userId).flatMap(current -> {
            Set<Long> added = new TreeSet<>(storeIds);
            Uni<Void> removed = Uni.createFrom().voidItem();
            for (StoreAssignment a : current) {
                if (!added.remove(a.storeId)) {
                    // One after the other: a reactive session runs one operation at a time.
                    removed = removed.flatMap(v -> a.delete());
                }
            }
            return removed.flatMap(v -> addStores(userId, added, actor, now));
        });
    }

    public Uni<Void> addStores(long userId, Set<Long> storeIds, String actor, java.time.Instant now) {
        if (storeIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<StoreAssignment> rows = storeIds.stream().map(s -> {
            StoreAssignment us = new StoreAssignment();
            us.userId = userId;
            us.storeId = s;
            us.stamp(actor, now);
            return us;
        }).toList();
        return StoreAssignment.persist(rows);
    }
}
