package com.pharmacyops.platform.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.TimeoutException;

import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** How failures that reach no specific mapper become problems: the database's unavailability is a 503. */
class ProblemMappersTest {

    final ProblemMappers mappers = new ProblemMappers();

    int status(Throwable e) {
        return mappers.unexpected(e, null).getStatus();
    }

    @Test
    void aLostConnectionIsUnavailableEvenWhenTheRollbackFailsToo() {
        // What Hibernate Reactive reports when the server goes away inside a transaction.
        var lost = ClosedConnectionException.INSTANCE;
        var e = new CompositeException(new HibernateException(lost), lost);
        var r = mappers.unexpected(e, null);
        assertEquals(503, r.getStatus());
        assertEquals("5", r.getHeaderString("Retry-After"));
        assertEquals("application/problem+json", r.getMediaType().toString());
    }

    @Test
    void noPooledConnectionInTimeIsUnavailable() {
        assertEquals(503, status(new VertxException("Timeout waiting for connection", true)));
        assertEquals(500, status(new VertxException("Something else", true)));
    }

    @Test
    void refusedConnectionsTimeoutsAndServerShutdownAreUnavailable() {
        assertEquals(503, status(new HibernateException(new ConnectException("Connection refused"))));
        assertEquals(503, status(new TimeoutException()));
        assertEquals(503, status(new CompositeException(new SocketException("Connection reset"),
                new IllegalStateException("HR000090: Live transaction detected while closing the connection"))));
        assertEquals(503, status(new PgException("terminating connection", "FATAL", "57P01", null)));
        assertEquals(503, status(new PgException("the database system is starting up", "FATAL", "57P03", null)));
        assertEquals(503, status(new PgException("connection failure", "FATAL", "08006", null)));
    }

    @Test
    void raceConflictsAre409AndTheRestIs500() {
        assertEquals(409, status(new PgException("duplicate key", "ERROR", "23505", null)));
        assertEquals(409, status(new CompositeException(new IllegalStateException("x"),
                new PgException("deadlock detected", "ERROR", "40P01", null))));
        assertEquals(500, status(new PgException("division by zero", "ERROR", "22012", null)));
        assertEquals(500, status(new IllegalStateException("bug")));
    }

    @Test
    void aDomainErrorInsideACompositeKeepsItsStatus() {
        var e = new CompositeException(ApiException.notFound("Order"),
                ClosedConnectionException.INSTANCE);
        assertEquals(404, status(e));
    }

    @Test
    void aChunkedBodyPastTheLimitIsTheClientsDoingNotAnOutage() {
        // What RESTEasy's body reader throws after it has answered 413 itself.
        var tooLarge = new java.io.IOException("Request too large");
        tooLarge.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.jboss.resteasy.reactive.server.vertx.VertxInputStream$VertxBlockingInput",
                        "readBlocking", null, 1) });
        assertEquals(413, status(tooLarge));
        // A socket's IOException elsewhere is still the database out of reach.
        assertEquals(503, status(new java.io.IOException("Broken pipe")));
    }
}
