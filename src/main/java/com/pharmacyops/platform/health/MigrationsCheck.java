package com.pharmacyops.platform.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Ready only when every migration this build knows is applied. Once seen applied it stays so (migrations are
 * never undone), so later probes cost nothing; the datasource checks report reachability. After a migration at
 * start-up ({@link MigrationsAtStart}) it is so from the first probe; else Flyway is asked.
 */
@Readiness
@ApplicationScoped
public class MigrationsCheck implements HealthCheck {

    private final Flyway flyway;
    private final MigrationsAtStart atStart;
    private volatile String appliedVersion;

    public MigrationsCheck(Flyway flyway, MigrationsAtStart atStart) {
        this.flyway = flyway;
        this.atStart = atStart;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Database migrations");
        if (appliedVersion == null) {
            appliedVersion = atStart.version();
        }
        if (appliedVersion != null) {
            return response.up().withData("version", appliedVersion).build();
        }
        try {
            var info = flyway.info();
            int pending = info.pending().length;
            MigrationInfo current = info.current();
            if (pending > 0 || current == null) {
                return response.down().withData("pending", pending).build();
            }
            appliedVersion = current.getVersion() != null ? current.getVersion().getVersion()
                    : current.getDescription();
            return response.up().withData("version", appliedVersion).build();
        } catch (RuntimeException e) {
            return response.down().withData("error", "database not reachable").build();
        }
    }
}
