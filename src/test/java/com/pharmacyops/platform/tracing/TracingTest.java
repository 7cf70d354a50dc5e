package com.pharmacyops.platform.tracing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With an OTLP endpoint configured (nothing listens there; export failures are only logged). */
@QuarkusTest
@TestProfile(TracingTest.WithCollector.class)
class TracingTest {

    public static class WithCollector implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:9");
        }
    }

    @Inject
    OpenTelemetry otel;

    @Test
    void anEndpointTurnsTracingOn() {
        var span = otel.getTracer("test").spanBuilder("probe").startSpan();
        assertTrue(span.isRecording());
        span.end();
    }

    @Test
    void theCallersTraceIdBecomesTheRequestId() {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        given().header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01").get("/api/v1/nowhere").then()
                .statusCode(404).header("X-Request-Id", trace).body("traceId", equalTo(trace));
    }
}
