package com.pharmacyops.platform.error;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.sqlclient.ClosedConnectionException;

/** How {@link ProblemMappers} reads an unexpected failure: its causes, and whether the database was out of reach. */
final class Failures {

    private Failures() {
    }

    /**
     * The HTTP layer's reader refused a body past the limit (a chunked one, whose size no header declared): it has
     * answered 413 itself and then throws a plain IOException, which is the client's doing, not the database's.
     */
    static boolean bodyTooLarge(Throwable t) {
        StackTraceElement[] at = t.getStackTrace();
        String thrower = at.length == 0 ? "" : at[0].getClassName();
        return t.getClass() == IOException.class
                && (thrower.endsWith(".VertxInputStream") || thrower.contains(".VertxInputStream$"));
    }

    /** The database cannot be reached, or the connection broke mid-request, or no connection came in time. */
    static boolean unreachable(Throwable t) {
        // Sockets in a request are database connections: refused (ConnectException), reset, closed, or a broken
        // pipe while pipelined statements were being written (a plain IOException).
        return t instanceof IOException && !(t instanceof JsonProcessingException) || t instanceof TimeoutException
                || t instanceof ClosedConnectionException
                || t instanceof ConnectionPoolTooBusyException
                || t instanceof NoStackTraceThrowable && "Timeout".equals(t.getMessage())
                // The pool's own wait (pharmacy.db.acquire-timeout) ends as a plain VertxException.
                || t instanceof VertxException && t.getMessage() != null
                        && t.getMessage().startsWith("Timeout waiting for connection");
    }

    /**
     * The error and its causes, including each of a Mutiny {@code CompositeException}'s (a failed rollback after a
     * failed statement arrives as one).
     */
    static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        ArrayDeque<Throwable> todo = new ArrayDeque<>(List.of(e));
        while (!todo.isEmpty() && all.size() < 32) {
            Throwable t = todo.poll();
            if (t == null || all.contains(t)) {
                continue;
            }
            all.add(t);
            if (t instanceof CompositeException c) {
                todo.addAll(c.getCauses());
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return all;
    }
}
