package com.pharmacyops.platform.persistence;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One database transaction on a connection of the reactive pool, as repositories see it: prepared statements
 * (cached per connection) and a commit that travels with the last statements. Statements sent before the
 * previous ones answered are pipelined: the connection sends them in order without waiting, so work that does
 * not depend on an answer costs no extra round trip. Open one with {@link Transactions}.
 */
public final class Tx {

    /** Shared by the owner and the joined views of one transaction. */
    private static final class State {
        boolean ended;
    }

    private final SqlConnection conn;
    private final boolean owner;
    private final State state;

    Tx(SqlConnection conn) {
        this(conn, true, new State());
    }

    private Tx(SqlConnection conn, boolean owner, State state) {
        this.conn = conn;
        this.owner = owner;
        this.state = state;
    }

    /** The same transaction for work that joins it: only the one who began it commits it. */
    Tx joined() {
        return new Tx(conn, false, state);
    }

    public Uni<RowSet<Row>> query(String sql, Tuple args) {
        return Uni.createFrom().deferred(() -> open().preparedQuery(sql).execute(args));
    }

    public Uni<RowSet<Row>> query(String sql) {
        return Uni.createFrom().deferred(() -> open().preparedQuery(sql).execute());
    }

    /** One statement executed for each tuple, all sent at once. */
    public Uni<RowSet<Row>> batch(String sql, List<Tuple> args) {
        return Uni.createFrom().deferred(() -> open().preparedQuery(sql).executeBatch(args));
    }

    /**
     * The connection while the transaction is open. A statement sent after COMMIT would run on its own, outside
     * the transaction: that is a bug in the caller (see {@link #commitWith}), refused here.
     */
    private SqlConnection open() {
        if (state.ended) {
            throw new IllegalStateException("Statement after the end of its transaction");
        }
        return conn;
    }

    /**
     * The transaction's last work and its COMMIT in one round trip: {@code last} is subscribed (its statements
     * sent), then COMMIT is sent behind them. {@code last} must therefore send every statement when subscribed,
     * never one that waits for an earlier answer (combine statements, do not chain them); a late statement fails.
     * If a statement fails, PostgreSQL turns that COMMIT into a rollback, and the failure is this Uni's. In a
     * joined transaction this is just {@code last}; the owner commits.
     */
    public <T> Uni<T> commitWith(Uni<T> last) {
        if (!owner) {
            return last;
        }
        Uni<Void> commit = Uni.createFrom().deferred(() -> {
            state.ended = true;
            return conn.query("COMMIT").execute().replaceWithVoid();
        });
        return Uni.combine().all().unis(last, commit).with((result, v) -> result);
    }

    Uni<Void> begin(String sql) {
        return conn.query(sql).execute().replaceWithVoid();
    }

    /** Commits what {@link #commitWith} has not, or rolls back after a failure. */
    Uni<Void> end(boolean success) {
        if (state.ended) {
            return Uni.createFrom().voidItem();
        }
        state.ended = true;
        if (success) {
            return conn.query("COMMIT").execute().replaceWithVoid();
        }
        return conn.query("ROLLBACK").execute().replaceWithVoid().onFailure().recoverWithNull();
    }

    Uni<Void> close() {
        return conn.close();
    }
}
