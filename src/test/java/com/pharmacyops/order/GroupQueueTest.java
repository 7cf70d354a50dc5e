package com.pharmacyops.order;

import static com.pharmacyops.order.Orders.create;
import static com.pharmacyops.order.Orders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** A store's confirmation queue is bounded: beyond it a request is refused at once with 503 and Retry-After. */
@QuarkusTest
@TestProfile(GroupQueueTest.OneQueued.class)
class GroupQueueTest {

    public static class OneQueued implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pharmacy.orders.group.queue", "1");
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void aFullQueueAnswers503AndChangesNothing() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine);
        Catalog.seedStock(store, batch, 10);
        long first = create(crew.cashier(), store, order(null, medicine, 1));
        long queued = create(crew.cashier(), store, order(null, medicine, 1));
        long refused = create(crew.cashier(), store, order(null, medicine, 1));
        String key = "full-" + refused;

        CompletableFuture<HttpResponse<String>> a;
        CompletableFuture<HttpResponse<String>> b;
        HttpResponse<String> c;
        try (Connection lock = Groups.lockStock(store, batch)) {
            a = Groups.confirm(crew.cashier(), store, first, null);
            Groups.awaitLockWaiter();
            b = Groups.queue(management, crew.cashier(), store, queued, null);
            c = Groups.confirm(crew.cashier(), store, refused, key).join();
            lock.rollback();
        }

        assertEquals(503, c.statusCode(), c.body());
        assertEquals("1", c.headers().firstValue("Retry-After").orElse(null));
        assertTrue(c.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(503, JsonPath.from(c.body()).getInt("status"));
        assertEquals(200, a.join().statusCode());
        assertEquals(200, b.join().statusCode());
        assertEquals("CREATED", Db.value("SELECT status FROM orders WHERE id = ?", refused));
        assertEquals(0, Db.count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));
        assertEquals(8, Catalog.stock(store, batch));
        Ledgers.assertInvariant();

        // With room again, the same request (and key) goes through.
        assertEquals(200, Groups.confirm(crew.cashier(), store, refused, key).join().statusCode());
        assertEquals(7, Catalog.stock(store, batch));
    }
}
