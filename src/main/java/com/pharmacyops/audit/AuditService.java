package com.pharmacyops.audit;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.persistence.Where;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AuditService {

    public static final Map<String, String> SORTABLE = Map.of("occurredAt", "occurredAt", "id", "id",
            "actor", "actor", "entityType", "entityType");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String SORT = "^(occurredAt|id|actor|entityType)(,(asc|desc))?$";

    private final AuditEventRepository repository;

    public AuditService(AuditEventRepository repository) {
        this.repository = repository;
    }

    public record Filter(String entityType, String entityId, String actor, Instant from, Instant to) {
    }

    @WithSession
    public Uni<PageResponse<AuditEvent>> list(Filter f, PageRequest page) {
        Where w = new Where()
                .and("entityType = :entityType", "entityType", f.entityType())
                .and("entityId = :entityId", "entityId", f.entityId())
                .and("lower(actor) = lower(:actor)", "actor", f.actor())
                .and("occurredAt >= :from", "from", f.from())
                .and("occurredAt < :to", "to", f.to());
        var query = repository.find(w.query(), page.sort(), w.params());
        return Uni.combine().all().unis(query.page(page.panache()).list(), query.count()).asTuple()
                .map(t -> new PageResponse<>(t.getItem1(), page.page(), page.size(), t.getItem2()));
    }
}
