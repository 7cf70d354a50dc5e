package com.pharmacyops.audit;

import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import com.pharmacyops.platform.security.Allow;
import com.pharmacyops.platform.security.Role;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.platform.web.Params;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/audit-events")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {

    private final AuditService service;

    public AuditResource(AuditService service) {
        this.service = service;
    }

    @RegisterForReflection
    public record AuditEventView(long id, String actor, String action, String entityType, String entityId,
            @Schema(nullable = true) Long storeId, Instant occurredAt, Map<String, Object> changes) {
        static AuditEventView of(AuditEvent e) {
            return new AuditEventView(e.id, e.actor, e.action, e.entityType, e.entityId, e.storeId, e.occurredAt,
                    e.changes);
        }
    }

    @GET
    @Allow({ Role.ADMIN, Role.AUDITOR })
    @Operation(summary = "The audit log, newest first: who changed what and when (ADMIN, AUDITOR)")
    public Uni<PageResponse<AuditEventView>> list(
            @Parameter(schema = @Schema(implementation = EntityType.class)) @RestQuery String entityType,
            @RestQuery String entityId,
            @RestQuery String actor, @RestQuery String from, @RestQuery String to, @RestQuery String page,
            @RestQuery String size, @Parameter(schema = @Schema(pattern = AuditService.SORT)) @RestQuery String sort) {
        var filter = new AuditService.Filter(name(Params.enumValue("entityType", entityType, EntityType.class)),
                Params.text("entityId", entityId), Params.text("actor", actor),
                Params.instant("from", from), Params.instant("to", to));
        return service.list(filter, PageRequest.parse(page, size, sort, AuditService.SORTABLE, "occurredAt,desc"))
                .map(p -> p.map(AuditEventView::of));
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }
}
