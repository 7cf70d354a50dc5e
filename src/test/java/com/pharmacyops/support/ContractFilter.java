package com.pharmacyops.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Holds every response of the REST Assured suite to the OpenAPI document the service serves ({@link Contract}):
 * a response the document does not describe fails the test that received it. Registered before each
 * {@code @QuarkusTest} (a Quarkus test callback, see META-INF/services); the responses checked are counted into
 * {@code target/contract-checks.txt} when the test JVM ends.
 */
public final class ContractFilter implements OrderedFilter, QuarkusTestBeforeEachCallback {

    static final ContractFilter INSTANCE = new ContractFilter();
    private static final AtomicLong CHECKED = new AtomicLong();
    private static volatile Contract contract;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ContractFilter::report));
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!RestAssured.filters().contains(INSTANCE)) {
            RestAssured.filters(INSTANCE);
        }
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE; // outermost: sees the response exactly as the test does
    }

    @Override
    public Response filter(FilterableRequestSpecification req, FilterableResponseSpecification res, FilterContext ctx) {
        Response r = ctx.next(req, res);
        URI uri = URI.create(req.getURI());
        if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/api/") || uri.getPort() == managementPort()) {
            return r; // the management interface's endpoints (health, metrics, the document) are not the API's
        }
        String body = r.asString();
        List<String> problems = contract().problems(req.getMethod(), uri.getRawPath(), r.statusCode(),
                r.contentType(), body);
        CHECKED.incrementAndGet();
        if (!problems.isEmpty()) {
            throw new AssertionError("The response breaks the OpenAPI document:\n  " + String.join("\n  ", problems));
        }
        return r;
    }

    private static Contract contract() {
        if (contract == null) {
            synchronized (ContractFilter.class) {
                if (contract == null) {
                    contract = new Contract(document());
                }
            }
        }
        return contract;
    }

    private static int managementPort() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    private static String document() {
        int port = managementPort();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET /q/openapi answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("the OpenAPI document is not reachable on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void report() {
        try {
            Files.writeString(Path.of("target", "contract-checks.txt"), CHECKED.get() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the count is a figure for the README, not a result
        }
    }
}
