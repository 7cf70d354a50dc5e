package com.pharmacyops.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Block-reserved order numbers: unique across replicas, increasing within one, nothing for a missing store. */
@QuarkusTest
class OrderNumbersTest {

    @Inject
    Pool pool;

    @Test
    void threeReplicasNeverHandOutOneNumberTwice() {
        long store = Fixtures.store();
        List<OrderNumbers> replicas = List.of(new OrderNumbers(pool), new OrderNumbers(pool), new OrderNumbers(pool));
        List<Uni<Long>> calls = new ArrayList<>();
        for (int i = 0; i < 3 * OrderNumbers.BLOCK + 50; i++) {
            calls.add(replicas.get(i % 3).next(store));
        }
        List<Long> numbers = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(30));
        assertEquals(numbers.size(), new HashSet<>(numbers).size());
        // Requests that miss together share one reservation: few numbers are skipped.
        long highest = numbers.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals(true, highest <= 6L * OrderNumbers.BLOCK, "highest " + highest);
        // One after another, a replica's numbers go up by one within its block.
        OrderNumbers alone = replicas.get(0);
        long first = alone.next(store).await().atMost(Duration.ofSeconds(10));
        assertEquals(first + 1, alone.next(store).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void aMissingStoreGetsNoNumber() {
        assertNull(new OrderNumbers(pool).next(987_654_321L).await().atMost(Duration.ofSeconds(10)));
    }
}
