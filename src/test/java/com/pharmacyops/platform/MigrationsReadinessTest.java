package com.pharmacyops.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.pharmacyops.platform.health.MigrationsAtStart;
import com.pharmacyops.support.Db;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Readiness knows the schema version from the migration at start-up, without a second Flyway run. */
@QuarkusTest
class MigrationsReadinessTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    MigrationsAtStart atStart;

    @Test
    void theVersionComesFromTheMigrationAtStartUp() throws Exception {
        String latest;
        try (var c = Db.connectAsOwner(); var rs = c.createStatement().executeQuery("SELECT version FROM "
                + "flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")) {
            rs.next();
            latest = rs.getString(1);
        }
        assertEquals(latest, atStart.version());
        given().port(management.getPort()).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Database migrations' }.data.version", equalTo(latest));
    }
}
