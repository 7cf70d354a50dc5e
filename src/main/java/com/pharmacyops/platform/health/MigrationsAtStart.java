package com.pharmacyops.platform.health;

import java.util.Arrays;

import jakarta.inject.Singleton;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import io.quarkus.flyway.FlywayConfigurationCustomizer;

/**
 * The schema version that the migration at start-up left ({@code quarkus.flyway.migrate-at-start}), taken from
 * Flyway's own result, so that {@link MigrationsCheck} needs no second Flyway run (classpath scan, connection,
 * history query) on the first readiness probe.
 */
@Singleton
public class MigrationsAtStart implements FlywayConfigurationCustomizer, Callback {

    private volatile String version;

    /** The version migrated to (or found up to date) at start-up; null if no migration ran here. */
    public String version() {
        return version;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        Callback[] callbacks = Arrays.copyOf(configuration.getCallbacks(), configuration.getCallbacks().length + 1);
        callbacks[callbacks.length - 1] = this;
        configuration.callbacks(callbacks);
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE_OPERATION_FINISH;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        // Flyway reports this only for a migration that succeeded: every migration of this build is applied.
        if (context.getOperationResult() instanceof MigrateResult result && result.success) {
            version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        }
    }

    @Override
    public String getCallbackName() {
        return "migrations-at-start";
    }
}
