package com.pharmacyops.platform.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every session of the reactive pool runs with a statement timeout and an idle-in-transaction timeout (DatabasePool),
 * the transactions' and the streams' cursors alike.
 */
@QuarkusTest
class SessionTimeoutsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Transactions transactions;

    @Test
    void poolSessionsHaveTheConfiguredTimeouts() {
        String settings = transactions.read(tx -> tx.commitWith(Uni.combine().all()
                .unis(tx.query("SHOW statement_timeout"), tx.query("SHOW idle_in_transaction_session_timeout"))
                .asTuple()))
                .map(t -> t.getItem1().iterator().next().getString(0) + " "
                        + t.getItem2().iterator().next().getString(0))
                .await().atMost(WAIT);
        assertEquals("30s 1min", settings);
        String cursor = transactions.cursor("SELECT current_setting('statement_timeout') || ' '"
                + " || current_setting('idle_in_transaction_session_timeout')", Tuple.tuple())
                .map(r -> r.getString(0)).collect().first().await().atMost(WAIT);
        assertEquals("30s 1min", cursor);
    }
}
