package com.pharmacyops.platform.streaming;

import static com.pharmacyops.platform.streaming.StreamLimitsTest.OPEN_STREAMS;
import static com.pharmacyops.platform.streaming.StreamLimitsTest.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;
import com.pharmacyops.support.RawHttp;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With tight limits: a 3 s idle limit, one list per user, two live subscriptions per user and three in all. */
@QuarkusTest
@TestProfile(StreamIdleTest.Tight.class)
class StreamIdleTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pharmacy.streams.idle-timeout", "PT3S", "pharmacy.streams.per-user", "1",
                    "pharmacy.streams.live.per-user", "2", "pharmacy.streams.live.max", "3");
        }
    }

    @Test
    void aListWhoseClientReadsNothingIsClosedAndItsConnectionReturned() throws Exception {
        int rows = StreamLimitsTest.ROWS;
        long store = StreamLimitsTest.bigStore(rows);
        String reader = "idle-" + Fixtures.unique().toLowerCase();
        Fixtures.user(reader, "AUDITOR");
        try (RawHttp stalled = StreamLimitsTest.inventory(store, reader)) {
            assertEquals(200, stalled.status);
            // The cursor's transaction is rolled back once the client has read nothing for 3 s.
            assertTrue(within(30, () -> Db.count(OPEN_STREAMS) == 0), "the stalled stream kept its transaction");
            RawHttp.Body rest = stalled.drain();
            assertFalse(rest.complete(), "a closed stream must not look complete");
            assertTrue(rest.text().lines().count() < rows);
        }
        // Its permit came back: the user's one list may start again.
        try (RawHttp again = StreamLimitsTest.inventory(store, reader)) {
            assertEquals(200, again.status);
        }
    }

    @Test
    void liveSubscriptionsHaveAServiceWideCapAndAreNotIdleWhileWaiting() throws Exception {
        long store = Fixtures.store();
        String s = Fixtures.unique().toLowerCase();
        String first = "live1-" + s;
        String second = "live2-" + s;
        Fixtures.user(first, "AUDITOR");
        Fixtures.user(second, "AUDITOR");
        String path = "/api/v1/stores/" + store + "/stock-events";
        List<RawHttp> open = new ArrayList<>();
        try {
            for (String user : List.of(first, first, second)) {
                open.add(RawHttp.get(path, user, "text/event-stream"));
                assertEquals(200, open.get(open.size() - 1).status);
            }
            try (RawHttp mine = RawHttp.get(path, first, "text/event-stream")) {
                assertEquals(429, mine.status);
                assertTrue(mine.body().contains("the most one user may have"));
            }
            // Subscriptions waiting for events are not idle readers: past the idle limit, all three are still open.
            Thread.sleep(7000);
            try (RawHttp all = RawHttp.get(path, second, "text/event-stream")) {
                assertEquals(429, all.status);
                assertTrue(all.body().contains("as many live subscriptions open as it allows"));
            }
            open.remove(0).close();
            assertTrue(within(30, () -> {
                try (RawHttp again = RawHttp.get(path, second, "text/event-stream")) {
                    return again.status == 200;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        } finally {
            for (RawHttp r : open) {
                r.close();
            }
        }
    }
}
