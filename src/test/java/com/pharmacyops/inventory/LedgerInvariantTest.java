package com.pharmacyops.inventory;

import static com.pharmacyops.support.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.Ledgers;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Property: whatever sequence of receipts and adjustments clients send, every refused one changes nothing, every
 * accepted one changes exactly what it says, and stock always equals the sum of its ledger, never below zero.
 */
@QuarkusTest
class LedgerInvariantTest {

    static String admin;

    @BeforeAll
    static void setUp() {
        admin = "inv-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
    }

    record Lot(long medicine, long batch, String number, LocalDate expiry) {
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = { 1, 7, 42 })
    void randomSequencesKeepTheLedgerExact(long seed) {
        Random random = new Random(seed);
        List<Long> stores = List.of(Fixtures.store(), Fixtures.store());
        List<Lot> lots = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long medicine = Catalog.medicine();
            LocalDate expiry = LocalDate.now().plusDays(30 + random.nextInt(700));
            long batch = Catalog.batch(medicine, expiry, "12.00");
            lots.add(new Lot(medicine, batch, (String) Db.value("SELECT batch_number FROM batches WHERE id = ?",
                    batch), expiry));
        }
        Map<String, Integer> model = new HashMap<>();
        int accepted = 0;
        int refused = 0;
        for (int op = 0; op < 60; op++) {
            long store = stores.get(random.nextInt(stores.size()));
            int lines = 1 + random.nextInt(3);
            List<Lot> chosen = new ArrayList<>(lots);
            java.util.Collections.shuffle(chosen, random);
            chosen = chosen.subList(0, lines);
            if (random.nextBoolean()) {
                List<Map<String, Object>> items = new ArrayList<>();
                Map<String, Integer> wanted = new HashMap<>();
                for (Lot lot : chosen) {
                    int q = 1 + random.nextInt(20);
                    items.add(Map.of("medicineId", lot.medicine(), "batchNumber", lot.number(), "expiryDate",
                            lot.expiry().toString(), "mrp", 12, "quantity", q));
                    wanted.put(store + "/" + lot.batch(), q);
                }
                as(admin).contentType(ContentType.JSON).body(Map.of("items", items))
                        .post("/api/v1/stores/" + store + "/stock-receipts").then().statusCode(201);
                wanted.forEach((k, q) -> model.merge(k, q, Integer::sum));
                accepted++;
            } else {
                List<Map<String, Object>> items = new ArrayList<>();
                Map<String, Integer> wanted = new HashMap<>();
                boolean fits = true;
                for (Lot lot : chosen) {
                    int delta = random.nextInt(25) - 15;
                    if (delta == 0) {
                        delta = -1;
                    }
                    items.add(Map.of("batchId", lot.batch(), "quantityDelta", delta));
                    String key = store + "/" + lot.batch();
                    wanted.put(key, delta);
                    fits &= model.getOrDefault(key, 0) + delta >= 0;
                }
                int status = as(admin).contentType(ContentType.JSON)
                        .body(Map.of("reason", "COUNT_CORRECTION", "items", items))
                        .post("/api/v1/stores/" + store + "/stock-adjustments").then().extract().statusCode();
                assertEquals(fits ? 201 : 409, status, "adjustment " + items + " in store " + store);
                if (fits) {
                    wanted.forEach((k, d) -> model.merge(k, d, Integer::sum));
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        for (long store : stores) {
            for (Lot lot : lots) {
                assertEquals(model.getOrDefault(store + "/" + lot.batch(), 0), Catalog.stock(store, lot.batch()),
                        "store " + store + " batch " + lot.batch());
            }
        }
        Ledgers.assertInvariant();
        System.out.printf("seed %d: %d accepted, %d refused%n", seed, accepted, refused);
    }
}
