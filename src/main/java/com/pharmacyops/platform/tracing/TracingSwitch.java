package com.pharmacyops.platform.tracing;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Turns OpenTelemetry on exactly when an OTLP endpoint is configured. The SDK is disabled in
 * application.properties; this answers {@code quarkus.otel.sdk.disabled=false} instead as soon as
 * {@code quarkus.otel.exporter.otlp[.traces].endpoint} is configured (not just defaulted), unless the switch itself was set
 * explicitly (environment or system property), which always wins.
 */
@Priority(Priorities.APPLICATION)
public class TracingSwitch implements ConfigSourceInterceptor {

    static final String DISABLED = "quarkus.otel.sdk.disabled";
    static final String[] ENDPOINTS = {
            "quarkus.otel.exporter.otlp.endpoint", "quarkus.otel.exporter.otlp.traces.endpoint" };
    /** Ordinal of environment variables; system properties rank higher. */
    private static final int EXPLICIT = 300;
    /** Below this are the extensions' defaults (the OTLP endpoint defaults to localhost:4317): not configured. */
    private static final int CONFIGURED = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!DISABLED.equals(name) || (value != null && value.getConfigSourceOrdinal() >= EXPLICIT)) {
            return value;
        }
        for (String endpoint : ENDPOINTS) {
            ConfigValue url = context.proceed(endpoint);
            if (url != null && url.getConfigSourceOrdinal() >= CONFIGURED && url.getValue() != null
                    && !url.getValue().isBlank()) {
                return value != null ? value.withValue("false")
                        : ConfigValue.builder().withName(name).withValue("false").build();
            }
        }
        return value;
    }
}
