package com.pharmacyops.platform;

import static com.pharmacyops.support.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Snapshot;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A member of the wrong JSON type is refused, never coerced: each probe of issue #16 answers a 400 problem naming the
 * member, and nothing is written (no row, no audit event, no idempotency key).
 */
@QuarkusTest
class StrictJsonTest {

    static long store;
    static Crew crew;
    static long medicine;
    static long batch;
    static String batchNumber;
    static final String EXPIRY = LocalDate.now().plusYears(1).toString();

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        crew = Crew.in(store);
        medicine = Catalog.medicine();
        batch = Catalog.batch(medicine);
        batchNumber = (String) Db.value("SELECT batch_number FROM batches WHERE id = ?", batch);
        Catalog.seedStock(store, batch, 50);
    }

    private static String user(String role, String storeIds) {
        return "{\"username\":\"strict-" + Fixtures.unique().toLowerCase() + "\",\"fullName\":\"Strict\","
                + "\"password\":\"long-enough-password\",\"role\":" + role + ",\"storeIds\":" + storeIds + "}";
    }

    private static String medicine(String packSize, String prescriptionRequired) {
        return "{\"sku\":\"SJ-" + Fixtures.unique() + "\",\"name\":\"Strictamol\",\"packSize\":" + packSize
                + ",\"prescriptionRequired\":" + prescriptionRequired + "}";
    }

    private static String receipt(String expiry) {
        return "{\"items\":[{\"medicineId\":{medicine},\"batchNumber\":\"SJ-" + Fixtures.unique()
                + "\",\"expiryDate\":" + expiry + ",\"mrp\":10,\"quantity\":1}]}";
    }

    static Stream<Arguments> probes() {
        String users = "/api/v1/users";
        String medicines = "/api/v1/medicines";
        String batches = medicines + "/{medicine}/batches";
        String adjustments = "/api/v1/stores/{store}/stock-adjustments";
        return Stream.of(
                Arguments.of("role as a position", users, user("0", "[]"), "role"),
                Arguments.of("role as a quoted position", users, user("\"2\"", "[]"), "role"),
                Arguments.of("storeIds as floats", users, user("\"CASHIER\"", "[{store}.7]"), "storeIds[0]"),
                Arguments.of("reason as a position", adjustments,
                        "{\"reason\":1,\"items\":[{\"batchId\":{batch},\"quantityDelta\":-1}]}", "reason"),
                Arguments.of("quantityDelta as a float", adjustments,
                        "{\"reason\":\"DAMAGED\",\"items\":[{\"batchId\":{batch},\"quantityDelta\":-1.9}]}",
                        "items[0].quantityDelta"),
                Arguments.of("quantity as a float", "/api/v1/stores/{store}/orders",
                        "{\"items\":[{\"medicineId\":{medicine},\"quantity\":10000.9}]}", "items[0].quantity"),
                Arguments.of("quantity as a string", "/api/v1/stores/{store}/orders",
                        "{\"items\":[{\"medicineId\":{medicine},\"quantity\":\"2\"}]}", "items[0].quantity"),
                Arguments.of("quantity beyond int", "/api/v1/stores/{store}/orders",
                        "{\"items\":[{\"medicineId\":{medicine},\"quantity\":99999999999}]}", "items[0].quantity"),
                Arguments.of("packSize as a float", medicines, medicine("530.6", "false"), "packSize"),
                Arguments.of("prescriptionRequired as a number", medicines, medicine("10", "0"),
                        "prescriptionRequired"),
                Arguments.of("prescriptionRequired as a string", medicines, medicine("10", "\"false\""),
                        "prescriptionRequired"),
                Arguments.of("name as a number", "/api/v1/stores",
                        "{\"code\":\"SJ-" + Fixtures.unique() + "\",\"name\":-720,\"city\":\"Pune\"}", "name"),
                Arguments.of("mrp as a string", batches,
                        "{\"batchNumber\":\"SJ-1\",\"expiryDate\":\"" + EXPIRY + "\",\"mrp\":\"10.00\"}", "mrp"),
                Arguments.of("date as a number", batches,
                        "{\"batchNumber\":\"SJ-2\",\"expiryDate\":2030,\"mrp\":10}", "expiryDate"),
                Arguments.of("date as an array", batches,
                        "{\"batchNumber\":\"SJ-3\",\"expiryDate\":[2030,1,1],\"mrp\":10}", "expiryDate"),
                Arguments.of("date as a digit string", batches,
                        "{\"batchNumber\":\"SJ-4\",\"expiryDate\":\"2030\",\"mrp\":10}", "expiryDate"),
                Arguments.of("year 12030", batches,
                        "{\"batchNumber\":\"SJ-5\",\"expiryDate\":\"+12030-01-01\",\"mrp\":10}", "expiryDate"),
                Arguments.of("negative year", batches, "{\"batchNumber\":\"SJ-6\",\"expiryDate\":\"" + EXPIRY
                        + "\",\"mrp\":10,\"manufacturedOn\":\"-0001-01-01\"}", "manufacturedOn"),
                Arguments.of("a date with a time", batches,
                        "{\"batchNumber\":\"SJ-7\",\"expiryDate\":\"" + EXPIRY + "T00:00\",\"mrp\":10}", "expiryDate"),
                Arguments.of("receipt year 10000", "/api/v1/stores/{store}/stock-receipts",
                        receipt("\"+10000-01-01\""), "items[0].expiryDate"),
                Arguments.of("duplicate member", "/api/v1/stores",
                        "{\"code\":\"SJ-" + Fixtures.unique() + "\",\"name\":\"A\",\"name\":\"B\",\"city\":\"Pune\"}",
                        "name"),
                Arguments.of("duplicate nested member", adjustments, "{\"reason\":\"DAMAGED\",\"items\":[{\"batchId\":"
                        + "{batch},\"quantityDelta\":-1,\"quantityDelta\":-2}]}", "items[0].quantityDelta"));
    }

    private static ValidatableResponse post(String path, String body) {
        String ids = String.valueOf(store);
        return as(crew.admin()).header("Idempotency-Key", "strict-" + Fixtures.unique())
                .contentType(ContentType.JSON)
                .body(body.replace("{store}", ids).replace("{medicine}", String.valueOf(medicine))
                        .replace("{batch}", String.valueOf(batch)))
                .post(path.replace("{store}", ids).replace("{medicine}", String.valueOf(medicine))).then();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void wrongTypesAreRefusedAndChangeNothing(String probe, String path, String body, String field) {
        String before = Snapshot.of();
        post(path, body).statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("errors[0].field", equalTo(field));
        assertEquals(before, Snapshot.of(), probe + " wrote something");
    }

    @Test
    void contentAfterTheBodyIsRefused() {
        String before = Snapshot.of();
        String code = "SJ-" + Fixtures.unique();
        post("/api/v1/stores", "{\"code\":\"" + code + "\",\"name\":\"Trailing\",\"city\":\"Pune\"} xyz")
                .statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        post("/api/v1/stores", "{\"code\":\"" + code + "\",\"name\":\"Trailing\",\"city\":\"Pune\"} {}")
                .statusCode(400).contentType("application/problem+json");
        assertEquals(before, Snapshot.of());
    }

    @Test
    void aPatchRefusesWrongTypesToo() {
        long unmoved = Catalog.batch(medicine);
        String before = Snapshot.of();
        as(crew.admin()).contentType(ContentType.JSON).body("{\"expiryDate\":2030}")
                .patch("/api/v1/medicines/" + medicine + "/batches/" + unmoved).then().statusCode(400)
                .body("errors[0].field", equalTo("expiryDate"));
        long user = (Long) Db.value("SELECT id FROM users WHERE username = ?", crew.cashier());
        as(crew.admin()).contentType(ContentType.JSON).body("{\"role\":0}").patch("/api/v1/users/" + user).then()
                .statusCode(400).body("errors[0].field", equalTo("role"));
        as(crew.admin()).contentType(ContentType.JSON).body("{\"active\":1}").patch("/api/v1/stores/" + store).then()
                .statusCode(400).body("errors[0].field", equalTo("active"));
        assertEquals("CASHIER", Db.value("SELECT role FROM users WHERE id = ?", user));
        assertEquals(before, Snapshot.of());
    }

    @Test
    void wellTypedBodiesStillPass() {
        // An integer is a valid decimal; dates as yyyy-mm-dd; enums by name.
        post("/api/v1/medicines/{medicine}/batches", "{\"batchNumber\":\"SJ-OK-" + Fixtures.unique()
                + "\",\"expiryDate\":\"" + EXPIRY + "\",\"mrp\":10,\"manufacturedOn\":\"2024-02-29\"}")
                .statusCode(201).body("expiryDate", equalTo(EXPIRY));
        post("/api/v1/users", user("\"PHARMACIST\"", "[{store}]")).statusCode(201).body("role", equalTo("PHARMACIST"))
                .body("fullName", equalTo("Strict")).body("updatedAt", org.hamcrest.Matchers.not(nullValue()));
    }
}
