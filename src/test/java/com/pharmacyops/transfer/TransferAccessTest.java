package com.pharmacyops.transfer;

import static com.pharmacyops.support.Fixtures.as;
import static com.pharmacyops.transfer.Transfers.body;
import static com.pharmacyops.transfer.Transfers.stocked;
import static com.pharmacyops.transfer.Transfers.url;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The role matrix of both stores: ADMIN and the source's STORE_MANAGER dispatch and cancel under the source's path,
 * ADMIN and the destination's STORE_MANAGER receive under the destination's; every user of either store reads it;
 * a third store sees nothing (404), and an action under the other end's path is a 404 too.
 */
@QuarkusTest
class TransferAccessTest {

    static long a;
    static long b;
    static long c;
    static Crew crewA;
    static Crew crewB;
    static Crew crewC;

    @BeforeAll
    static void setUp() {
        a = Fixtures.store();
        b = Fixtures.store();
        c = Fixtures.store();
        crewA = Crew.in(a);
        crewB = Crew.in(b);
        crewC = Crew.in(c);
    }

    static long dispatched(long batch) {
        return as(crewA.admin()).contentType(ContentType.JSON).body(body(b, batch, 1)).post(url(a)).then()
                .statusCode(201).extract().jsonPath().getLong("id");
    }

    static int post(String who, long store, String path) {
        return as(who).contentType(ContentType.JSON).body("{}").post(url(store) + path).then().extract().statusCode();
    }

    @ParameterizedTest
    @ValueSource(strings = { "ADMIN", "STORE_MANAGER", "PHARMACIST", "CASHIER", "AUDITOR" })
    void roleMatrix(String role) {
        boolean writes = role.equals("ADMIN") || role.equals("STORE_MANAGER");
        long batch = stocked(a, 100);
        // Dispatch under the source's path; a user of the destination or of a third store cannot.
        int dispatch = as(crewA.of(role)).contentType(ContentType.JSON).body(body(b, batch, 2)).post(url(a)).then()
                .extract().statusCode();
        assertEquals(writes ? 201 : 403, dispatch);
        if (!role.equals("ADMIN") && !role.equals("AUDITOR")) {
            as(crewB.of(role)).contentType(ContentType.JSON).body(body(b, batch, 2)).post(url(a)).then().statusCode(404);
            as(crewC.of(role)).contentType(ContentType.JSON).body(body(b, batch, 2)).post(url(a)).then().statusCode(404);
        }
        assertEquals(writes ? 98 : 100, Catalog.stock(a, batch));

        // Receive under the destination's path only.
        long t = dispatched(batch);
        assertEquals(writes ? 404 : 403, post(crewA.of(role), a, "/" + t + "/receive"), "receive at the source");
        assertEquals(writes ? 404 : 403, post(crewC.of(role), c, "/" + t + "/receive"), "receive at a third store");
        assertEquals(writes ? 200 : 403, post(crewB.of(role), b, "/" + t + "/receive"), "receive at the destination");

        // Cancel under the source's path only.
        long u = dispatched(batch);
        assertEquals(writes ? 404 : 403, post(crewB.of(role), b, "/" + u + "/cancel"), "cancel at the destination");
        assertEquals(writes ? 404 : 403, post(crewC.of(role), c, "/" + u + "/cancel"), "cancel at a third store");
        assertEquals(writes ? 200 : 403, post(crewA.of(role), a, "/" + u + "/cancel"), "cancel at the source");

        // Both stores read it, under their own path; a third store does not, under any path it may use.
        for (Crew crew : new Crew[] { crewA, crewB }) {
            long own = crew == crewA ? a : b;
            as(crew.of(role)).get(url(own) + "/" + u).then().statusCode(200).body("id", equalTo((int) u));
            as(crew.of(role)).queryParam("size", 100).get(url(own)).then().statusCode(200);
        }
        as(crewC.of(role)).get(url(c) + "/" + u).then().statusCode(404);
        as(crewC.of(role)).get(url(c)).then().statusCode(200).body("totalItems", equalTo(0));
        boolean seesAll = role.equals("ADMIN") || role.equals("AUDITOR");
        as(crewC.of(role)).get(url(a) + "/" + u).then().statusCode(seesAll ? 200 : 404);
        as(crewC.of(role)).get(url(a)).then().statusCode(seesAll ? 200 : 404);
        Ledgers.assertInvariant();
    }

    @Test
    void aMissingStoreOrTransferIsA404() {
        as(crewA.admin()).get(url(987654321L)).then().statusCode(404);
        as(crewA.admin()).get(url(a) + "/987654321").then().statusCode(404);
        as(crewA.admin()).contentType(ContentType.JSON).body("{}").post(url(b) + "/987654321/receive").then()
                .statusCode(404);
        as(crewA.admin()).post(url(a) + "/987654321/cancel").then().statusCode(404);
        as(crewA.admin()).contentType(ContentType.JSON).body(body(b, 1L, 1)).post(url(987654321L)).then()
                .statusCode(404);
    }
}
