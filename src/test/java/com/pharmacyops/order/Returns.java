package com.pharmacyops.order;

import static com.pharmacyops.order.Orders.create;
import static com.pharmacyops.order.Orders.order;
import static com.pharmacyops.order.Orders.url;
import static com.pharmacyops.support.Fixtures.as;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Customer return requests for tests. */
final class Returns {

    private Returns() {
    }

    /** A CONFIRMED order of these medicine id, quantity pairs, by {@code who}. */
    static long sold(String who, long store, long... medicineAndQuantity) {
        long id = create(who, store, order(null, medicineAndQuantity));
        as(who).post(url(store, id) + "/confirm").then().statusCode(200);
        return id;
    }

    /** The order's line ids, in line order. */
    static List<Long> lines(String who, long store, long order) {
        List<Number> ids = as(who).get(url(store, order)).then().statusCode(200).extract().path("items.id");
        return ids.stream().map(Number::longValue).toList();
    }

    /** A return body from orderItemId, quantity, restock (1 or 0) triples. */
    static Map<String, Object> body(String reason, long... itemQuantityRestock) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < itemQuantityRestock.length; i += 3) {
            items.add(Map.of("orderItemId", itemQuantityRestock[i], "quantity", itemQuantityRestock[i + 1],
                    "restock", itemQuantityRestock[i + 2] == 1));
        }
        return Map.of("reason", reason, "items", items);
    }

    static Response post(String who, long store, long order, Object body) {
        return as(who).contentType(ContentType.JSON).body(body).post(url(store, order) + "/returns");
    }

    static Response cancel(String who, long store, long order) {
        return as(who).contentType(ContentType.JSON).body(Map.of("reason", "customer left"))
                .post(url(store, order) + "/cancel");
    }
}
