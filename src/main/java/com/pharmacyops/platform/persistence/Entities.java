package com.pharmacyops.platform.persistence;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Loads entities by id through Hibernate's multi-load ({@code session.find(type, ids…)}): no query to parse or
 * plan, which keeps the hot paths out of Hibernate's query plan cache (see application.properties).
 */
public final class Entities {

    private Entities() {
    }

    /** The entities that exist among these ids (missing ones are left out), from the current session. */
    public static <T> Uni<List<T>> byIds(Class<T> type, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().flatMap(s -> s.find(type, ids.stream().distinct().toArray()))
                .map(found -> found.stream().filter(Objects::nonNull).toList());
    }
}
