package com.pharmacyops.order;

import static com.pharmacyops.order.Orders.create;
import static com.pharmacyops.order.Orders.order;
import static com.pharmacyops.order.Orders.url;
import static com.pharmacyops.support.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.net.URL;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class OrderMetricsTest {

    /** Health, metrics and OpenAPI live on the management interface, not the API port. */
    @TestHTTPResource(value = "/", management = true)
    URL management;


    private double metric(String name) {
        String text = given().port(management.getPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " ([0-9.E+-]+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void lifecycleIsCounted() {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        Catalog.seedStock(store, Catalog.batch(medicine, LocalDate.now().plusYears(1), "1.00"), 1);
        as(crew.cashier()).get("/api/v1/me").then().statusCode(200);
        double created = metric("pharmacy_orders_created_total");
        double confirmed = metric("pharmacy_orders_confirmed_total");
        double shortages = metric("pharmacy_orders_shortages_total");
        double cancelled = metric("pharmacy_orders_cancelled_total{from=\"CONFIRMED\"}");
        double confirmations = metric("pharmacy_orders_confirmation_seconds_count");
        double lockWaits = metric("pharmacy_orders_lock_wait_seconds_count");

        long sold = create(crew.cashier(), store, order(null, medicine, 1));
        long short_ = create(crew.cashier(), store, order(null, medicine, 1));
        as(crew.cashier()).post(url(store, sold) + "/confirm").then().statusCode(200);
        as(crew.cashier()).post(url(store, short_) + "/confirm").then().statusCode(409);
        as(crew.manager()).contentType(ContentType.JSON).body(Map.of("reason", "r")).post(url(store, sold) + "/cancel")
                .then().statusCode(200);

        assertEquals(created + 2, metric("pharmacy_orders_created_total"));
        assertEquals(confirmed + 1, metric("pharmacy_orders_confirmed_total"));
        assertEquals(shortages + 1, metric("pharmacy_orders_shortages_total"));
        assertEquals(cancelled + 1, metric("pharmacy_orders_cancelled_total{from=\"CONFIRMED\"}"));
        assertEquals(confirmations + 1, metric("pharmacy_orders_confirmation_seconds_count"));
        assertTrue(metric("pharmacy_orders_lock_wait_seconds_count") >= lockWaits + 2);
    }
}
