package com.pharmacyops.platform.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class TracingSwitchTest {

    private static final String DISABLED = TracingSwitch.DISABLED;
    private static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    private static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";

    /** An extension's defaults (lowest ordinal), application.properties (250) and the environment (300). */
    private static boolean disabled(Map<String, String> packaged, Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(ENDPOINT, "http://localhost:4317"), "defaults",
                        Integer.MIN_VALUE))
                .withSources(new PropertiesConfigSource(packaged, "application.properties", 250))
                .withSources(new PropertiesConfigSource(environment, "env", 300))
                .withInterceptors(new TracingSwitch())
                .build();
        return config.getOptionalValue(DISABLED, Boolean.class).orElse(false);
    }

    @Test
    void offWithoutAnEndpoint() {
        assertEquals(true, disabled(Map.of(DISABLED, "true"), Map.of()));
        assertEquals(true, disabled(Map.of(DISABLED, "true"), Map.of(ENDPOINT, " ")));
    }

    @Test
    void onWhenEitherEndpointIsSet() {
        assertEquals(false, disabled(Map.of(DISABLED, "true"), Map.of(ENDPOINT, "http://collector:4317")));
        assertEquals(false, disabled(Map.of(DISABLED, "true"), Map.of(TRACES_ENDPOINT, "http://collector:4317")));
    }

    @Test
    void anExplicitSwitchWins() {
        assertEquals(true, disabled(Map.of(DISABLED, "true"),
                Map.of(ENDPOINT, "http://collector:4317", DISABLED, "true")));
        assertEquals(false, disabled(Map.of(DISABLED, "true"), Map.of(DISABLED, "false")));
    }
}
