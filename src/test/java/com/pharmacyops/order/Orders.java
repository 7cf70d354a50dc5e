package com.pharmacyops.order;

import static com.pharmacyops.support.Fixtures.as;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;

/** Order requests for tests. */
final class Orders {

    private Orders() {
    }

    /** An order body from medicine id, quantity pairs. */
    static Map<String, Object> order(String prescription, long... medicineAndQuantity) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < medicineAndQuantity.length; i += 2) {
            items.add(Map.of("medicineId", medicineAndQuantity[i], "quantity", medicineAndQuantity[i + 1]));
        }
        return prescription == null ? Map.of("customerName", "Ravi", "items", items)
                : Map.of("customerName", "Ravi", "prescriptionReference", prescription, "items", items);
    }

    static long create(String who, long store, Map<String, Object> body) {
        return ((Number) as(who).contentType(ContentType.JSON).body(body).post("/api/v1/stores/" + store + "/orders")
                .then().statusCode(201).extract().path("id")).longValue();
    }

    static String url(long store, long order) {
        return "/api/v1/stores/" + store + "/orders/" + order;
    }
}
