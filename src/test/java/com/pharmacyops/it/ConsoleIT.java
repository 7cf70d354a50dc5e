package com.pharmacyops.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.pharmacyops.platform.dev.EmbeddedPostgres;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The operations console as the packaged application serves it (src/main/webui, README "Console"), and the browser
 * scenarios of src/main/webui/e2e/console.mjs: a headless Chromium against this application, screenshots in
 * target/console. The API then shows that what the browser did happened.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedAppResource.class, restrictToAnnotatedClass = true)
class ConsoleIT {

    private static final String PASSWORD = "console-it-password";
    private static final Path OUT = Path.of("target/console");

    @Test
    void servesTheConsoleUnderAStrictPolicy() {
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", endsWith("/admin/"));
        given().redirects().follow(false).get("/admin").then().statusCode(302).header("Location", endsWith("/admin/"));
        String page = given().get("/admin/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", allOf(containsString("default-src 'self'"),
                        containsString("script-src 'self';"), containsString("frame-ancestors 'none'"),
                        not(containsString("unsafe-eval"))))
                .extract().asString();
        // script-src 'self' holds: every script of the page is a file
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page).find(), page);
        // the console's own routes are its page; a missing file and the API's unknown paths stay 404 problems
        given().get("/admin/orders/7/show").then().statusCode(200).body(containsString("<div id=\"root\">"));
        given().get("/admin/assets/missing.js").then().statusCode(404).contentType("application/problem+json");
        given().get("/nowhere").then().statusCode(404).contentType("application/problem+json");
        Map<String, Object> paths = given().port(PackagedAppResource.managementPort).queryParam("format", "json")
                .get("/q/openapi").then().statusCode(200).extract().path("paths");
        assertTrue(paths.keySet().stream().allMatch(p -> p.startsWith("/api/v1/")), paths.keySet().toString());
    }

    @Test
    void browserScenarios() throws Exception {
        String admin = token(PackagedAppResource.ADMIN, PackagedAppResource.ADMIN_PASSWORD);
        int store = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("code", "IT-MAIN", "name", "Main street", "city", "Chennai"))
                .post("/api/v1/stores").then().statusCode(201).extract().path("id");
        for (String[] u : new String[][] { { "manager", "STORE_MANAGER" }, { "pharmacist", "PHARMACIST" },
                { "cashier", "CASHIER" }, { "auditor", "AUDITOR" } }) {
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("username", u[0], "fullName", "Console " + u[0], "password", PASSWORD, "role", u[1],
                            "storeIds", u[1].equals("AUDITOR") ? List.of() : List.of(store)))
                    .post("/api/v1/users").then().statusCode(201);
        }

        Files.createDirectories(OUT);
        browser("console.mjs", "e2e.log");
        // What the browser did, as the API sees it.
        JsonPath result = JsonPath.from(OUT.resolve("result.json").toFile());
        String base = "/api/v1/stores/" + store + "/orders/";
        given().auth().oauth2(admin).get(base + result.getInt("orderId")).then().statusCode(200)
                .body("status", equalTo("CONFIRMED")).body("createdBy", equalTo("pharmacist"))
                .body("total", equalTo(62.5f)).body("items[0].allocations[0].quantity", equalTo(5));
        given().auth().oauth2(admin).get(base + result.getInt("shortOrderId")).then().body("status", equalTo("CREATED"));
        given().auth().oauth2(admin).get(base + result.getInt("cashierOrderId")).then().body("status", equalTo("CREATED"));
        given().auth().oauth2(admin).queryParam("q", result.getString("sku")).get("/api/v1/stores/" + store + "/inventory")
                .then().statusCode(200).body("items[0].quantity", equalTo(45));
        given().auth().oauth2(admin).queryParam("q", result.getString("username")).get("/api/v1/users").then()
                .body("items[0].active", equalTo(false)).body("items[0].role", equalTo("CASHIER"));
        given().auth().oauth2(admin).queryParam("q", result.getString("storeCode")).get("/api/v1/stores").then()
                .body("totalItems", equalTo(1));
        for (String shot : List.of("dashboard", "stores", "medicine-with-batches", "receipt", "inventory",
                "order-confirmed", "order-shortage", "cashier-order", "audit-log")) {
            assertTrue(Files.size(OUT.resolve(shot + ".png")) > 0, shot);
        }

        chainScenarios(admin, store, result);
    }

    /** DESIGN §5.1's pages (e2e/chain.mjs, after console.mjs): a return, a hold and its trace, two transfers. */
    private void chainScenarios(String admin, int store, JsonPath before) throws Exception {
        browser("chain.mjs", "e2e-chain.log");
        JsonPath result = JsonPath.from(OUT.resolve("chain.json").toFile());
        int other = before.getInt("storeId");
        String order = "/api/v1/stores/" + store + "/orders/" + before.getInt("orderId");
        given().auth().oauth2(admin).get(order).then().statusCode(200).body("refundedTotal", equalTo(25.0f))
                .body("items[0].returnedQuantity", equalTo(2));
        given().auth().oauth2(admin).get(order + "/returns").then().statusCode(200).body("totalItems", equalTo(1))
                .body("items[0].createdBy", equalTo("pharmacist")).body("items[0].items[0].quantity", equalTo(2))
                .body("items[0].items[0].restock", equalTo(true));
        int batch = given().auth().oauth2(admin).queryParam("q", before.getString("sku"))
                .get("/api/v1/stores/" + store + "/inventory").then().statusCode(200)
                .body("items[0].quantity", equalTo(37)).body("items[0].status", equalTo("ACTIVE"))
                .extract().path("items[0].batchId");
        given().auth().oauth2(admin).queryParam("q", before.getString("sku"))
                .get("/api/v1/stores/" + other + "/inventory").then().statusCode(200)
                .body("items[0].batchId", equalTo(batch)).body("items[0].quantity", equalTo(8));
        given().auth().oauth2(admin).queryParam("entityType", "BATCH").queryParam("entityId", batch)
                .queryParam("sort", "id,asc").get("/api/v1/audit-events").then().statusCode(200)
                .body("items.action", equalTo(List.of("CREATE", "HOLD", "RELEASE")))
                .body("items[1].actor", equalTo(PackagedAppResource.ADMIN));
        String transfers = "/api/v1/stores/" + store + "/transfers/";
        given().auth().oauth2(admin).get(transfers + result.getInt("cancelledId")).then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("toStoreId", equalTo(other))
                .body("dispatchedBy", equalTo("manager")).body("items[0].quantity", equalTo(3));
        given().auth().oauth2(admin).get(transfers + result.getInt("receivedId")).then().statusCode(200)
                .body("status", equalTo("RECEIVED")).body("dispatchedBy", equalTo("manager"))
                .body("items[0].quantity", equalTo(10)).body("items[0].receivedQuantity", equalTo(8))
                .body("items[0].lostQuantity", equalTo(2));
        try (Connection c = DriverManager.getConnection(PackagedAppResource.jdbcUrl, EmbeddedPostgres.USER, "")) {
            Ledgers.assertInvariant(c);
            // The batch's ledger in both stores, in order: what each page's action moved, and nothing else.
            List<String> moves = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT store_id, reason, quantity_delta FROM stock_movements"
                    + " WHERE batch_id = ? ORDER BY id")) {
                ps.setInt(1, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        moves.add((rs.getInt(1) == store ? "main " : "other ") + rs.getString(2) + " " + rs.getInt(3));
                    }
                }
            }
            assertEquals(List.of("main RECEIPT 50", "main SALE -5", "main CUSTOMER_RETURN 2", "main TRANSFER_OUT -3",
                    "main TRANSFER_CANCELLATION 3", "main TRANSFER_OUT -10", "other TRANSFER_IN 8"), moves);
        }
        for (String shot : List.of("order-return", "batch-on-hold", "batch-trace", "transfer-dispatched",
                "transfer-received")) {
            assertTrue(Files.size(OUT.resolve(shot + ".png")) > 0, shot);
        }
    }

    /** Runs one scenario file of src/main/webui/e2e against this application; fails with its output. */
    private static void browser(String script, String logName) throws Exception {
        File log = OUT.resolve(logName).toFile();
        ProcessBuilder node = new ProcessBuilder("node", "src/main/webui/e2e/" + script)
                .redirectErrorStream(true).redirectOutput(log);
        node.environment().putAll(Map.of("BASE_URL", "http://localhost:" + RestAssured.port,
                "ADMIN", PackagedAppResource.ADMIN, "ADMIN_PASSWORD", PackagedAppResource.ADMIN_PASSWORD,
                "PASSWORD", PASSWORD, "STORE", "IT-MAIN", "OUT", OUT.toString()));
        Process p = node.start();
        boolean ended = p.waitFor(15, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertTrue(ended && p.exitValue() == 0, script + " failed (screenshots in " + OUT + "):\n" + output);
    }

    private static String token(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("accessToken");
    }
}
