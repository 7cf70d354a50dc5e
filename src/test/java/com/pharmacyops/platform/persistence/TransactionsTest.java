package com.pharmacyops.platform.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/** The transaction rule of the stock and order path, against the real database. */
@QuarkusTest
class TransactionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Transactions transactions;

    private static final String RENAME = "UPDATE stores SET name = $1 WHERE id = $2";

    @Test
    void writesUseGenericPlansAndReadsAReadOnlySnapshot() {
        assertEquals("force_generic_plan", transactions.write(tx -> tx.commitWith(tx.query("SHOW plan_cache_mode")))
                .map(rows -> rows.iterator().next().getString(0)).await().atMost(WAIT));
        String read = transactions.read(tx -> tx.commitWith(Uni.combine().all().unis(tx.query("SHOW plan_cache_mode"),
                tx.query("SHOW transaction_read_only"), tx.query("SHOW transaction_isolation")).asTuple()))
                .map(t -> t.getItem1().iterator().next().getString(0) + " " + t.getItem2().iterator().next().getString(0)
                        + " " + t.getItem3().iterator().next().getString(0))
                .await().atMost(WAIT);
        assertEquals("auto on repeatable read", read);
    }

    @Test
    void aFailureRollsEverythingBack() {
        long store = Fixtures.store();
        Uni<Object> failing = transactions.write(tx -> tx.query(RENAME, Tuple.of("Renamed", store))
                .map(rows -> {
                    throw new IllegalArgumentException("refused after the update");
                }));
        assertThrows(IllegalArgumentException.class, () -> failing.await().atMost(WAIT));
        assertEquals(0, Db.count("SELECT count(*) FROM stores WHERE id = ? AND name = 'Renamed'", store));
    }

    @Test
    void aStatementAfterCommitIsRefusedNotRunOutsideTheTransaction() {
        long store = Fixtures.store();
        // The update waits for the first answer, so it would leave after COMMIT: a bug that must fail loudly.
        Uni<Object> late = transactions.write(tx -> tx.commitWith(tx.query("SELECT 1")
                .flatMap(r -> tx.query(RENAME, Tuple.of("Late", store)))).replaceWith(new Object()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> late.await().atMost(WAIT));
        assertTrue(e.getMessage().contains("after the end of its transaction"));
        assertEquals(0, Db.count("SELECT count(*) FROM stores WHERE id = ? AND name = 'Late'", store));
    }
}
