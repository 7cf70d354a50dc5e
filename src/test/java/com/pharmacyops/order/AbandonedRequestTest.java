package com.pharmacyops.order;

import static com.pharmacyops.order.Orders.create;
import static com.pharmacyops.order.Orders.order;
import static com.pharmacyops.support.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures.Crew;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Clients that hang up while their confirmation is in flight: each transaction still ends (COMMIT or ROLLBACK)
 * before its connection goes back to the pool, so no connection is left inside a transaction, every order is
 * either confirmed with its stock moved or untouched, and the service goes on serving.
 */
@QuarkusTest
class AbandonedRequestTest {

    @Test
    void hangingUpMidConfirmationLeavesNoTransactionOpen() throws Exception {
        long store = Fixtures.store();
        Crew crew = Crew.in(store);
        long medicine = Catalog.medicine();
        long batch = Catalog.batch(medicine, LocalDate.now().plusYears(1), "3.00");
        Catalog.seedStock(store, batch, 1000);
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            orders.add(create(crew.cashier(), store, order(null, medicine, 1)));
        }
        String token = Fixtures.token(crew.cashier());
        Random random = new Random(11);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<?>> calls = new ArrayList<>();
        for (long id : orders) {
            int delayMicros = random.nextInt(3000);
            calls.add(clients.submit(() -> hangUp(store, id, token, delayMicros)));
        }
        for (Future<?> f : calls) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();

        // Whatever the timing, every transaction ends within moments of its request: no connection stays inside
        // one (a transaction is "idle in transaction" only between its round trips, a few milliseconds).
        long deadline = System.currentTimeMillis() + 15_000;
        int quietSamples = 0;
        while (quietSamples < 20 && System.currentTimeMillis() < deadline) {
            quietSamples = openTransactions() == 0 ? quietSamples + 1 : 0;
            Thread.sleep(50);
        }
        assertEquals(20, quietSamples, "a connection stayed inside a transaction");

        long confirmed = Db.count("SELECT count(*) FROM orders WHERE store_id = ? AND status = 'CONFIRMED'", store);
        assertEquals(150, confirmed + Db.count(
                "SELECT count(*) FROM orders WHERE store_id = ? AND status = 'CREATED'", store));
        assertEquals(1000 - confirmed, Catalog.stock(store, batch));
        assertEquals(confirmed, Db.count("SELECT count(*) FROM order_allocations WHERE store_id = ?", store));
        Ledgers.assertInvariant();
        // The pool still serves: a fresh order confirms.
        long next = create(crew.cashier(), store, order(null, medicine, 2));
        as(crew.cashier()).post(Orders.url(store, next) + "/confirm").then().statusCode(200);
        assertEquals(1000 - confirmed - 2, Catalog.stock(store, batch));
    }

    private static long openTransactions() {
        return Db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()");
    }

    /** Sends the confirmation, waits a moment, then resets the connection without reading the answer. */
    private static Void hangUp(long store, long order, String token, int delayMicros) throws Exception {
        try (Socket s = new Socket("localhost", RestAssured.port)) {
            s.setSoLinger(true, 0);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/stores/" + store + "/orders/" + order + "/confirm HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            TimeUnit.MICROSECONDS.sleep(delayMicros);
        }
        return null;
    }
}
