package com.pharmacyops.order;

import static com.pharmacyops.order.Orders.create;
import static com.pharmacyops.order.Orders.order;
import static com.pharmacyops.order.Orders.url;
import static com.pharmacyops.support.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every endpoint and transition, per role, in the actor's store and in another one. */
@QuarkusTest
class OrderAccessTest {

    static long store;
    static long other;
    static Crew crew;
    static Crew otherCrew;
    static long medicine;

    @BeforeAll
    static void setUp() {
        store = Fixtures.store();
        other = Fixtures.store();
        crew = Crew.in(store);
        otherCrew = Crew.in(other);
        medicine = Catalog.medicine();
        Catalog.seedStock(store, Catalog.batch(medicine, LocalDate.now().plusYears(1), "2.00"), 1000);
        Catalog.seedStock(other, Catalog.batch(medicine, LocalDate.now().plusYears(1), "2.00"), 1000);
    }

    /** role, create, read, replace, confirm, cancel confirmed, delete — in own store; other store is 404 for store roles. */
    @ParameterizedTest
    @CsvSource({ "ADMIN,201,200,200,200,200,204", "STORE_MANAGER,201,200,200,200,200,204",
            "PHARMACIST,201,200,200,200,403,204", "CASHIER,201,200,200,200,403,204",
            "AUDITOR,403,200,403,403,403,403" })
    void matrix(String role, int create, int read, int replace, int confirm, int cancelConfirmed, int delete) {
        String who = crew.of(role);
        long before = Db.count("SELECT count(*) FROM orders WHERE store_id = ?", store);
        as(who).contentType(ContentType.JSON).body(order(null, medicine, 1))
                .post("/api/v1/stores/" + store + "/orders").then().statusCode(create);
        assertEquals(before + (create == 201 ? 1 : 0), Db.count("SELECT count(*) FROM orders WHERE store_id = ?",
                store));

        long draft = create(crew.cashier(), store, order(null, medicine, 1));
        as(who).get("/api/v1/stores/" + store + "/orders").then().statusCode(read);
        as(who).get(url(store, draft)).then().statusCode(read);
        as(who).contentType(ContentType.JSON).body(order(null, medicine, 2)).put(url(store, draft)).then()
                .statusCode(replace);
        as(who).post(url(store, draft) + "/confirm").then().statusCode(confirm);
        if (confirm != 200) {
            as(crew.cashier()).post(url(store, draft) + "/confirm").then().statusCode(200);
        }
        as(who).contentType(ContentType.JSON).body(Map.of("reason", "r")).post(url(store, draft) + "/cancel").then()
                .statusCode(cancelConfirmed);

        long another = create(crew.cashier(), store, order(null, medicine, 1));
        as(who).delete(url(store, another)).then().statusCode(delete);

        // Another store's orders: invisible to store roles, forbidden to write for AUDITOR.
        long foreign = create(otherCrew.cashier(), other, order(null, medicine, 1));
        boolean chainWide = role.equals("ADMIN") || role.equals("AUDITOR");
        as(who).get(url(other, foreign)).then().statusCode(chainWide ? 200 : 404);
        as(who).post(url(other, foreign) + "/confirm").then().statusCode(chainWide ? confirm : 404);
        as(who).contentType(ContentType.JSON).body(order(null, medicine, 1))
                .post("/api/v1/stores/" + other + "/orders").then().statusCode(chainWide ? create : 404);
        // An order id from another store under this store's path is not found.
        as(who).get(url(store, foreign)).then().statusCode(404);
    }
}
