package com.pharmacyops.user;

import static com.pharmacyops.support.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * {@code PATCH /users/{id}} with {@code storeIds} that overlap the user's current stores: the rows that stay are
 * kept as they were, the others go or come (once answered 500: the kept rows were deleted in bulk and persisted
 * again beside their copies in the session).
 */
@QuarkusTest
class StoreAssignmentTest {

    static final String[] LETTERS = { "a", "b", "c" };
    static long[] stores;
    static String admin;

    @BeforeAll
    static void setUp() {
        stores = new long[] { Fixtures.store(), Fixtures.store(), Fixtures.store() };
        admin = "admin-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
    }

    /** Stores as letters ("a b"), an empty string for none, "-" for storeIds left out of the request. */
    @ParameterizedTest(name = "{0} [{1}] -> {2} [{3}]: {4}")
    @CsvSource({
            "PHARMACIST, a b, PHARMACIST, b,     200",   // subset
            "PHARMACIST, b,   PHARMACIST, a b,   200",   // superset
            "PHARMACIST, a b, PHARMACIST, b c,   200",   // partial overlap
            "PHARMACIST, a b, PHARMACIST, a b,   200",   // the same set
            "CASHIER,    a,   CASHIER,    b,     200",   // disjoint
            "STORE_MANAGER, a b c, STORE_MANAGER, c a, 200",
            "PHARMACIST, a b, ADMIN,      '',    200",   // chain-wide role, no stores
            "CASHIER,    a,   AUDITOR,    -,     200",   // chain-wide role, storeIds left out
            "PHARMACIST, a b, PHARMACIST, '',    400",   // a store role needs a store
            "PHARMACIST, a,   ADMIN,      a,     400" }) // a chain-wide role takes none
    void replacesOverlappingAssignments(String role, String before, String newRole, String after, int status) {
        String username = "assigned-" + Fixtures.unique().toLowerCase();
        long user = Fixtures.user(username, role, ids(before));
        Map<String, Object> body = new HashMap<>();
        body.put("role", newRole);
        if (!after.equals("-")) {
            body.put("storeIds", Arrays.stream(ids(after)).boxed().toList());
        }
        long events = Db.count("SELECT count(*) FROM audit_events WHERE entity_type = 'USER' AND entity_id = ?",
                String.valueOf(user));

        var response = as(admin).contentType(ContentType.JSON).body(body).patch("/api/v1/users/" + user).then()
                .statusCode(status);

        String expected = status == 200 ? (after.equals("-") ? "" : after) : before;
        assertEquals(sorted(expected), rows(user), "user_stores after");
        assertEquals(events + (status == 200 ? 1 : 0), Db.count("SELECT count(*) FROM audit_events"
                + " WHERE entity_type = 'USER' AND entity_id = ?", String.valueOf(user)));
        if (status != 200) {
            return;
        }
        List<Integer> answered = response.extract().path("storeIds");
        assertEquals(sorted(expected), answered.stream().map(Integer::longValue).sorted().map(String::valueOf)
                .collect(Collectors.joining(" ")));
        // Kept rows are the ones the fixture wrote; only new ones carry the admin's name.
        for (long s : ids(expected)) {
            boolean kept = Arrays.stream(ids(before)).anyMatch(b -> b == s);
            assertEquals(kept ? "test" : admin, Db.value(
                    "SELECT created_by FROM user_stores WHERE user_id = ? AND store_id = ?", user, s));
        }
    }

    private static long[] ids(String letters) {
        return Arrays.stream(letters.trim().split("\\s+")).filter(l -> !l.isEmpty())
                .mapToLong(l -> stores[Arrays.asList(LETTERS).indexOf(l)]).toArray();
    }

    private static String sorted(String letters) {
        return Arrays.stream(ids(letters)).sorted().mapToObj(String::valueOf).collect(Collectors.joining(" "));
    }

    private static String rows(long user) {
        Object v = Db.value("SELECT string_agg(store_id::text, ' ' ORDER BY store_id) FROM user_stores"
                + " WHERE user_id = ?", user);
        return v == null ? "" : v.toString();
    }
}
