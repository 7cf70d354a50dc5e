package com.pharmacyops.store;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.restassured.path.json.JsonPath;

@QuarkusTest
class StoreResourceTest {

    static long own;
    static long other;
    static Crew crew;

    @BeforeAll
    static void setUp() {
        own = Fixtures.store();
        other = Fixtures.store();
        crew = Crew.in(own);
    }

    private static Map<String, Object> newStore() {
        Map<String, Object> body = new HashMap<>();
        body.put("code", "N-" + Fixtures.unique());
        body.put("name", "New Store");
        body.put("city", "Pune");
        return body;
    }

    private static long stores() {
        return Db.count("SELECT count(*) FROM stores");
    }

    /** role, GET own, GET other, POST, PATCH own, PATCH other. */
    @ParameterizedTest
    @CsvSource({ "ADMIN,200,200,201,200,200", "AUDITOR,200,200,403,403,403",
            "STORE_MANAGER,200,404,403,403,404", "PHARMACIST,200,404,403,403,404", "CASHIER,200,404,403,403,404" })
    void roleMatrix(String role, int getOwn, int getOther, int post, int patchOwn, int patchOther) {
        String who = crew.of(role);
        as(who).get("/api/v1/stores/" + own).then().statusCode(getOwn);
        as(who).get("/api/v1/stores/" + other).then().statusCode(getOther);

        long before = stores();
        as(who).contentType(ContentType.JSON).body(newStore()).post("/api/v1/stores").then().statusCode(post);
        assertEquals(post == 201 ? before + 1 : before, stores());

        String name = "Renamed " + Fixtures.unique();
        as(who).contentType(ContentType.JSON).body(Map.of("name", name)).patch("/api/v1/stores/" + own).then()
                .statusCode(patchOwn);
        assertEquals(patchOwn == 200, name.equals(Db.value("SELECT name FROM stores WHERE id = ?", own)));
        as(who).contentType(ContentType.JSON).body(Map.of("name", name)).patch("/api/v1/stores/" + other).then()
                .statusCode(patchOther);
        assertEquals(patchOther == 200, name.equals(Db.value("SELECT name FROM stores WHERE id = ?", other)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "STORE_MANAGER", "PHARMACIST", "CASHIER" })
    void storeRolesListOnlyTheirStores(String role) {
        as(crew.of(role)).queryParam("size", 100).get("/api/v1/stores").then().statusCode(200)
                .body("items.id", contains((int) own)).body("totalItems", equalTo(1));
    }

    @Test
    void chainRolesListEveryStoreWithFiltersAndPaging() {
        long all = stores();
        as(crew.auditor()).get("/api/v1/stores").then().statusCode(200).body("totalItems", equalTo((int) all));
        long inactive = Fixtures.store("OFF-" + Fixtures.unique(), false);
        as(crew.admin()).queryParam("active", false).queryParam("size", 100).get("/api/v1/stores").then()
                .body("items.id", hasItem((int) inactive)).body("items.active", everyItem(is(false)));
        as(crew.admin()).queryParam("city", "TESTVILLE").queryParam("size", 100).get("/api/v1/stores").then()
                .body("items.city", everyItem(equalTo("Testville")));
        String code = (String) Db.value("SELECT code FROM stores WHERE id = ?", inactive);
        as(crew.admin()).queryParam("q", code.toLowerCase()).get("/api/v1/stores").then()
                .body("items.id", contains((int) inactive));
        var page1 = as(crew.admin()).queryParam("size", 1).queryParam("page", 1).queryParam("sort", "code,desc")
                .get("/api/v1/stores").then().statusCode(200).body("page", equalTo(1)).body("size", equalTo(1))
                .extract().jsonPath();
        assertEquals(1, page1.getList("items").size());
        // An inactive store stays readable.
        as(crew.auditor()).get("/api/v1/stores/" + inactive).then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void createSetsAuditFieldsAndAssignsTheManager() {
        String manager = "mgr-" + Fixtures.unique().toLowerCase();
        long managerId = Fixtures.user(manager, "STORE_MANAGER", own);
        Map<String, Object> body = newStore();
        body.put("managerId", managerId);
        body.put("phone", "+91 80 1234 5678");
        int id = as(crew.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/stores").then()
                .statusCode(201).body("code", equalTo(body.get("code"))).body("managerId", equalTo((int) managerId))
                .body("active", equalTo(true)).body("createdBy", equalTo(crew.admin()))
                .body("updatedBy", equalTo(crew.admin())).extract().path("id");
        assertEquals(1, Db.count("SELECT count(*) FROM user_stores WHERE user_id = ? AND store_id = ?", managerId,
                (long) id));
        // The manager sees the new store at once (this replica forgets what it cached of them).
        as(manager).get("/api/v1/stores/" + id).then().statusCode(200);
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE entity_type = 'STORE' AND entity_id = ?"
                + " AND action = 'CREATE' AND actor = ?", String.valueOf(id), crew.admin()));

        as(crew.admin()).contentType(ContentType.JSON).body(Map.of("active", false)).patch("/api/v1/stores/" + id)
                .then().statusCode(200).body("active", equalTo(false));
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE entity_type = 'STORE' AND entity_id = ?"
                + " AND action = 'DEACTIVATE'", String.valueOf(id)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "blr-001", "B", "ABCDEFGHIJKLMNOPQRSTU", "BLR_001", "BLR 001", "", "ÄBC" })
    void invalidCodesAreRefused(String code) {
        long before = stores();
        Map<String, Object> body = newStore();
        body.put("code", code);
        as(crew.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/stores").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("code"));
        assertEquals(before, stores());
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        long before = stores();
        Map<String, Object> longName = newStore();
        longName.put("name", "n".repeat(201));
        as(crew.admin()).contentType(ContentType.JSON).body(longName).post("/api/v1/stores").then().statusCode(400)
                .body("errors.field", hasItem("name"));

        for (String readOnly : List.of("id", "createdBy", "createdAt", "active", "version")) {
            Map<String, Object> sneaky = newStore();
            sneaky.put(readOnly, "x");
            as(crew.admin()).contentType(ContentType.JSON).body(sneaky).post("/api/v1/stores").then()
                    .statusCode(400).body("errors.field", hasItem(readOnly));
        }
        Map<String, Object> wrongType = newStore();
        wrongType.put("managerId", "abc");
        as(crew.admin()).contentType(ContentType.JSON).body(wrongType).post("/api/v1/stores").then().statusCode(400)
                .body("errors.field", hasItem("managerId"));
        Map<String, Object> notAManager = newStore();
        notAManager.put("managerId", Db.value("SELECT id FROM users WHERE username = ?", crew.cashier()));
        as(crew.admin()).contentType(ContentType.JSON).body(notAManager).post("/api/v1/stores").then()
                .statusCode(400).body("errors.field", hasItem("managerId"));
        as(crew.admin()).contentType(ContentType.JSON).body("{\"code\": \"AB-1\", ").post("/api/v1/stores").then()
                .statusCode(400).body("title", equalTo("Malformed JSON"));
        as(crew.admin()).contentType(ContentType.JSON).body("[]").post("/api/v1/stores").then().statusCode(400);
        assertEquals(before, stores());

        String code = (String) Db.value("SELECT code FROM stores WHERE id = ?", own);
        String name = (String) Db.value("SELECT name FROM stores WHERE id = ?", own);
        as(crew.admin()).contentType(ContentType.JSON).body(Map.of("code", "NEW-CODE")).patch("/api/v1/stores/" + own)
                .then().statusCode(400).body("errors.field", hasItem("code"));
        as(crew.admin()).contentType(ContentType.JSON).body(Map.of("name", " ")).patch("/api/v1/stores/" + own)
                .then().statusCode(400).body("errors.field", hasItem("name"));
        assertEquals(code, Db.value("SELECT code FROM stores WHERE id = ?", own));
        assertEquals(name, Db.value("SELECT name FROM stores WHERE id = ?", own));
    }

    @Test
    void duplicateCodeIsAConflict() {
        long before = stores();
        Map<String, Object> body = newStore();
        body.put("code", Db.value("SELECT code FROM stores WHERE id = ?", own));
        as(crew.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/stores").then().statusCode(409)
                .contentType("application/problem+json");
        assertEquals(before, stores());
    }

    @Test
    void listParametersAreChecked() {
        as(crew.admin()).queryParam("size", 101).get("/api/v1/stores").then().statusCode(400)
                .body("errors.field", contains("size"));
        as(crew.admin()).queryParam("size", 0).get("/api/v1/stores").then().statusCode(400);
        as(crew.admin()).queryParam("page", -1).get("/api/v1/stores").then().statusCode(400);
        as(crew.admin()).queryParam("sort", "phone").get("/api/v1/stores").then().statusCode(400);
        as(crew.admin()).queryParam("sort", "name,sideways").get("/api/v1/stores").then().statusCode(400);
        as(crew.admin()).queryParam("active", "maybe").get("/api/v1/stores").then().statusCode(400)
                .body("errors.field", contains("active"));
    }

    @Test
    void ndjsonStreamsEveryVisibleStoreOneObjectPerLine() {
        String all = as(crew.auditor()).accept("application/x-ndjson").get("/api/v1/stores").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/x-ndjson")).extract().asString();
        List<String> lines = all.lines().toList();
        assertEquals(stores(), lines.size());
        for (String line : lines) {
            JsonPath json = JsonPath.from(line);
            assertTrue(json.getLong("id") > 0 && json.getString("code") != null, line);
        }
        String mine = as(crew.cashier()).accept("application/x-ndjson").get("/api/v1/stores").then()
                .statusCode(200).extract().asString();
        List<String> myLines = mine.lines().toList();
        assertEquals(1, myLines.size());
        assertEquals(own, JsonPath.from(myLines.get(0)).getLong("id"));

        String events = as(crew.cashier()).accept("text/event-stream").get("/api/v1/stores").then().statusCode(200)
                .extract().asString();
        List<String> data = events.lines().filter(l -> l.startsWith("data:")).toList();
        assertEquals(1, data.size());
        assertEquals(own, JsonPath.from(data.get(0).substring(5)).getLong("id"));
        // Plain JSON remains the default.
        as(crew.cashier()).get("/api/v1/stores").then().contentType(ContentType.JSON).body("items", not(
                org.hamcrest.Matchers.empty()));
    }
}
