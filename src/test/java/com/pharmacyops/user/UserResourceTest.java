package com.pharmacyops.user;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class UserResourceTest {

    static long store;
    static long otherStore;
    static Crew crew;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        otherStore = Fixtures.store();
        crew = Crew.in(store);
    }

    private static Map<String, Object> newUser(String role, Long... storeIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", "new-" + Fixtures.unique().toLowerCase());
        body.put("fullName", "New User");
        body.put("password", "long-enough-password");
        body.put("role", role);
        body.put("storeIds", List.of(storeIds));
        return body;
    }

    private static long users() {
        return Db.count("SELECT count(*) FROM users");
    }

    @ParameterizedTest
    @CsvSource({ "ADMIN,200,201", "AUDITOR,200,403", "STORE_MANAGER,403,403", "PHARMACIST,403,403",
            "CASHIER,403,403" })
    void roleMatrix(String role, int read, int write) {
        String who = crew.of(role);
        long target = Fixtures.user("target-" + Fixtures.unique().toLowerCase(), "CASHIER", store);

        as(who).get("/api/v1/users").then().statusCode(read);
        as(who).get("/api/v1/users/" + target).then().statusCode(read);

        long before = users();
        as(who).contentType(ContentType.JSON).body(newUser("CASHIER", store)).post("/api/v1/users").then()
                .statusCode(write);
        assertEquals(write == 201 ? before + 1 : before, users());

        as(who).contentType(ContentType.JSON).body(Map.of("fullName", "Renamed")).patch("/api/v1/users/" + target)
                .then().statusCode(write == 201 ? 200 : 403);
        assertEquals(write == 201 ? "Renamed" : "User " + Db.value("SELECT username FROM users WHERE id = ?", target),
                Db.value("SELECT full_name FROM users WHERE id = ?", target));
    }

    @Test
    void createReadListAndAudit() {
        Map<String, Object> body = newUser("STORE_MANAGER", store, otherStore);
        String location = as(crew.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/users").then()
                .statusCode(201)
                .body("username", equalTo(body.get("username")))
                .body("role", equalTo("STORE_MANAGER"))
                .body("active", equalTo(true))
                .body("storeIds", containsInAnyOrder((int) store, (int) otherStore))
                .body("createdBy", equalTo(crew.admin()))
                .body("$", not(org.hamcrest.Matchers.hasKey("password")))
                .extract().header("Location");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

        as(crew.auditor()).get("/api/v1/users/" + id).then().statusCode(200).body("fullName", equalTo("New User"));
        as(crew.auditor()).queryParam("role", "STORE_MANAGER").queryParam("storeId", otherStore)
                .get("/api/v1/users").then().statusCode(200)
                .body("items.id", contains((int) id)).body("totalItems", equalTo(1));
        as(crew.admin()).queryParam("q", body.get("username").toString().toUpperCase()).get("/api/v1/users").then()
                .body("items.username", contains(body.get("username")));
        as(crew.admin()).queryParam("active", "false").get("/api/v1/users").then()
                .body("items.active", everyItem(equalTo(false)));

        // The new user logs in with the password the admin set; the hash is bcrypt.
        io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("username", body.get("username"), "password", "long-enough-password"))
                .post("/api/v1/auth/token").then().statusCode(200);
        assertEquals("$2a$", Db.value("SELECT substr(password_hash, 1, 4) FROM users WHERE id = ?", id));

        as(crew.auditor()).queryParam("entityType", "USER").queryParam("entityId", id).get("/api/v1/audit-events")
                .then().statusCode(200)
                .body("items.action", contains("CREATE"))
                .body("items[0].actor", equalTo(crew.admin()))
                .body("items[0].changes.role", equalTo("STORE_MANAGER"))
                .body("items[0].changes", not(org.hamcrest.Matchers.hasKey("passwordHash")));
    }

    @Test
    void updateRecordsChangedFieldsAndDeactivationLocksOut() {
        String name = "upd-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(name, "CASHIER", store);
        String token = Fixtures.token(name);
        io.restassured.RestAssured.given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);

        as(crew.admin()).contentType(ContentType.JSON)
                .body(Map.of("role", "PHARMACIST", "storeIds", List.of(otherStore), "active", false))
                .patch("/api/v1/users/" + id).then().statusCode(200)
                .body("role", equalTo("PHARMACIST")).body("storeIds", contains((int) otherStore))
                .body("active", equalTo(false)).body("updatedBy", equalTo(crew.admin()));

        // Tokens of a deactivated user stop working (at once on this replica).
        io.restassured.RestAssured.given().auth().oauth2(token).get("/api/v1/me").then().statusCode(401);

        as(crew.admin()).queryParam("entityType", "USER").queryParam("entityId", id).get("/api/v1/audit-events")
                .then().statusCode(200)
                // The refused token is audited too, after the update.
                .body("items.action", contains("TOKEN_REVOKED", "UPDATE"))
                .body("items[1].changes.role.from", equalTo("CASHIER"))
                .body("items[1].changes.role.to", equalTo("PHARMACIST"))
                .body("items[1].changes.active.to", equalTo(false))
                .body("items[1].changes", not(org.hamcrest.Matchers.hasKey("fullName")));
    }

    @Test
    void validationRefusesAndChangesNothing() {
        long before = users();
        var post = as(crew.admin()).contentType(ContentType.JSON);

        Map<String, Object> shortPassword = newUser("CASHIER", store);
        shortPassword.put("password", "short");
        as(crew.admin()).contentType(ContentType.JSON).body(shortPassword).post("/api/v1/users").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("password"));

        as(crew.admin()).contentType(ContentType.JSON).body(newUser("CASHIER")).post("/api/v1/users").then()
                .statusCode(400).body("errors.field", hasItem("storeIds"));
        as(crew.admin()).contentType(ContentType.JSON).body(newUser("AUDITOR", store)).post("/api/v1/users").then()
                .statusCode(400).body("errors.field", hasItem("storeIds"));
        as(crew.admin()).contentType(ContentType.JSON).body(newUser("CASHIER", 987654321L)).post("/api/v1/users")
                .then().statusCode(400).body("errors.field", hasItem("storeIds"));

        Map<String, Object> badRole = newUser("CASHIER", store);
        badRole.put("role", "SUPERUSER");
        as(crew.admin()).contentType(ContentType.JSON).body(badRole).post("/api/v1/users").then().statusCode(400)
                .body("errors.field", hasItem("role"));

        Map<String, Object> longName = newUser("CASHIER", store);
        longName.put("fullName", "x".repeat(201));
        as(crew.admin()).contentType(ContentType.JSON).body(longName).post("/api/v1/users").then().statusCode(400)
                .body("errors.field", hasItem("fullName"));

        for (String readOnly : List.of("id", "createdBy", "passwordHash", "active")) {
            Map<String, Object> sneaky = newUser("CASHIER", store);
            sneaky.put(readOnly, readOnly.equals("active") ? false : "x");
            as(crew.admin()).contentType(ContentType.JSON).body(sneaky).post("/api/v1/users").then().statusCode(400)
                    .body("errors.field", hasItem(readOnly));
        }
        post.body("{\"username\": 12, ").post("/api/v1/users").then().statusCode(400);
        assertEquals(before, users());
    }

    @Test
    void usernamesAreUniqueIgnoringCase() {
        String name = "dup-" + Fixtures.unique().toLowerCase();
        Fixtures.user(name, "AUDITOR");
        long before = users();
        Map<String, Object> body = newUser("AUDITOR");
        body.put("username", name.toUpperCase());
        as(crew.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/users").then().statusCode(409)
                .contentType("application/problem+json");
        assertEquals(before, users());
    }

    @Test
    void theLastActiveAdminStays() {
        // Make this crew's admin the only active admin for the duration of the check.
        String others = (String) Db.value(
                "SELECT string_agg(id::text, ',') FROM users WHERE role = 'ADMIN' AND active AND username <> ?",
                crew.admin());
        Db.exec("UPDATE users SET active = FALSE WHERE id = ANY(string_to_array(?, ',')::bigint[])", others);
        try {
            long self = (long) Db.value("SELECT id FROM users WHERE username = ?", crew.admin());
            as(crew.admin()).contentType(ContentType.JSON).body(Map.of("active", false))
                    .patch("/api/v1/users/" + self).then().statusCode(409);
            as(crew.admin()).contentType(ContentType.JSON).body(Map.of("role", "AUDITOR"))
                    .patch("/api/v1/users/" + self).then().statusCode(409);
            assertEquals("ADMIN", Db.value("SELECT role FROM users WHERE id = ?", self));
            assertEquals(true, Db.value("SELECT active FROM users WHERE id = ?", self));
        } finally {
            Db.exec("UPDATE users SET active = TRUE WHERE id = ANY(string_to_array(?, ',')::bigint[])", others);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "0", "-1", "99999999" })
    void unknownOrMalformedIdsAre404(String id) {
        as(crew.admin()).get("/api/v1/users/" + id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void listParametersAreChecked() {
        as(crew.admin()).queryParam("size", 101).get("/api/v1/users").then().statusCode(400)
                .body("errors.field", hasItems("size"));
        as(crew.admin()).queryParam("sort", "passwordHash,asc").get("/api/v1/users").then().statusCode(400)
                .body("errors.field", hasItems("sort"));
        as(crew.admin()).queryParam("role", "KING").get("/api/v1/users").then().statusCode(400);
        as(crew.admin()).queryParam("storeId", "x").get("/api/v1/users").then().statusCode(400);
        as(crew.admin()).queryParam("size", 2).queryParam("sort", "username,desc").get("/api/v1/users").then()
                .statusCode(200).body("size", equalTo(2)).body("page", equalTo(0)).body("items.size()", equalTo(2));
    }
}
