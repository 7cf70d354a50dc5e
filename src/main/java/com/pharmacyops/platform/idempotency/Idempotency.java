package com.pharmacyops.platform.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.error.ErrorKind;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.persistence.Tx;
import com.pharmacyops.platform.security.Actor;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code Idempotency-Key} contract of every POST: the same key, user and body replay the first response
 * (status, body, Location) without doing anything again; another body gets 422; a first request still in
 * flight gets 409. Keys are kept for {@code pharmacy.idempotency.retention} (24 h).
 * <p>
 * The key is claimed in its own short transaction, so a concurrent duplicate sees it at once. The work and the
 * stored response commit together in one transaction: a response is on record exactly when its effects are.
 * That transaction is the work's own kind ({@link Idempotent.Transaction}): a Hibernate Reactive one for master
 * data, a {@link Tx} of the reactive client for the stock and order path; the work joins it. Work that commits
 * in a transaction shared with other requests (grouped confirmations) is {@code DEFERRED}: it reads its claim with
 * {@link #pending()} and records its response there with {@link #complete(Tx, long, int, Object, String)}.
 * Failed work releases the key, so a corrected retry may use it again. A claim whose process died (nothing
 * committed) is taken over after {@link #ABANDONED}.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    static final Duration ABANDONED = Duration.ofMinutes(2);
    private static final String PENDING = Idempotency.class.getName() + ".pending";

    private static final String COMPLETE = """
            UPDATE idempotency_keys SET completed = TRUE, response_status = $1, response_body = $2, location = $3,
                updated_at = now() WHERE id = $4""";

    private final Pool pool;
    private final Transactions transactions;
    private final ObjectMapper json;
    private final Duration retention;

    public Idempotency(Pool pool, Transactions transactions, ObjectMapper json,
            PharmacyConfig config) {
        this.pool = pool;
        this.transactions = transactions;
        this.json = json;
        this.retention = config.idempotency().retention();
    }

    /**
     * Runs {@code work} once per key: without a key it simply runs; with one, in a transaction of the given kind
     * that {@code work} joins and that records the response.
     */
    public Uni<Response> once(Actor actor, String key, String path, Object body, Idempotent.Transaction transaction,
            Supplier<Uni<Response>> work) {
        if (key == null) {
            return work.get();
        }
        if (!valid(key)) {
            throw ApiException.invalid(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        String hash = hash("POST " + path, body);
        return claim(actor.userId(), key, hash, true).flatMap(claim -> {
            if (claim.replay() != null) {
                return Uni.createFrom().item(claim.replay());
            }
            return recorded(claim.id(), transaction, work)
                    .onFailure().call(e -> pool.preparedQuery(
                            "DELETE FROM idempotency_keys WHERE id = $1 AND NOT completed")
                            .execute(Tuple.of(claim.id())).onFailure().recoverWithNull());
        });
    }

    /**
     * 1 to 255 visible ASCII characters (0x21 to 0x7E): a key is compared byte for byte, so one that a proxy could
     * trim, fold or re-encode (spaces, control characters, non-ASCII) would not be the same key on the retry.
     */
    static boolean valid(String key) {
        return !key.isEmpty() && key.length() <= 255 && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
    }

    private Uni<Response> recorded(long id, Idempotent.Transaction transaction, Supplier<Uni<Response>> work) {
        return switch (transaction) {
            case HIBERNATE -> Panache.withTransaction(() -> work.get().call(resp -> complete(id, resp)));
            case REACTIVE_CLIENT -> transactions.write(tx -> work.get()
                    .flatMap(resp -> tx.commitWith(complete(tx, id, resp)).replaceWith(resp)));
            case DEFERRED -> deferred(id, work);
        };
    }

    /** The claim is visible to the work through {@link #pending()} while the work is being assembled. */
    @SuppressWarnings("deprecation") // Context locals, as in Transactions
    private static Uni<Response> deferred(long id, Supplier<Uni<Response>> work) {
        Context request = Vertx.currentContext();
        if (request == null || !VertxContext.isDuplicatedContext(request)) {
            throw new IllegalStateException("A deferred idempotent request must run on its request's context");
        }
        request.putLocal(PENDING, id);
        try {
            return work.get();
        } finally {
            request.removeLocal(PENDING);
        }
    }

    /**
     * The claim of the {@link Idempotent.Transaction#DEFERRED} request being handled, or null (no key, or another
     * kind). Read it synchronously when the work is called: it is gone once the work's Uni is assembled.
     */
    @SuppressWarnings("deprecation")
    public static Long pending() {
        Context request = Vertx.currentContext();
        return request == null || !VertxContext.isDuplicatedContext(request) ? null : request.getLocal(PENDING);
    }

    /** Records a deferred claim's response in the transaction that does its work, so both commit together. */
    public Uni<Void> complete(Tx tx, long id, int status, Object body, String location) {
        return tx.query(COMPLETE, Tuple.of(status, json(body), location, id)).replaceWithVoid();
    }

    private record Claim(Long id, Response replay) {
    }

    private Uni<Claim> claim(long userId, String key, String hash, boolean mayRetry) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.preparedQuery("""
                INSERT INTO idempotency_keys (user_id, idem_key, request_hash, expires_at,
                    created_at, updated_at, created_by, updated_by)
                VALUES ($1, $2, $3, $4, $5, $5, $6, $6)
                ON CONFLICT (user_id, idem_key) DO NOTHING RETURNING id""")
                .execute(Tuple.from(new Object[] { userId, key, hash, now.plus(retention), now,
                        String.valueOf(userId) }))
                .flatMap(rows -> {
                    if (rows.size() == 1) {
                        return Uni.createFrom().item(new Claim(rows.iterator().next().getLong("id"), null));
                    }
                    return pool.preparedQuery("""
                            SELECT id, request_hash, completed, response_status, response_body, location,
                                   expires_at, updated_at
                            FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2""")
                            .execute(Tuple.of(userId, key))
                            .flatMap(existing -> existing.size() == 0 && mayRetry
                                    ? claim(userId, key, hash, false)
                                    : decide(existing.iterator().next(), userId, key, hash, now, mayRetry));
                });
    }

    private Uni<Claim> decide(Row row, long userId, String key, String hash, OffsetDateTime now, boolean mayRetry) {
        long id = row.getLong("id");
        if (row.getOffsetDateTime("expires_at").isBefore(now) && mayRetry) {
            return pool.preparedQuery("DELETE FROM idempotency_keys WHERE id = $1 AND expires_at < $2")
                    .execute(Tuple.of(id, now)).flatMap(r -> claim(userId, key, hash, false));
        }
        if (!row.getString("request_hash").equals(hash)) {
            throw new ApiException(ErrorKind.UNPROCESSABLE,
                    "This Idempotency-Key was already used with a different request");
        }
        if (row.getBoolean("completed")) {
            Response.ResponseBuilder r = Response.status(row.getInteger("response_status"))
                    .header(REPLAYED, "true");
            String body = row.getString("response_body");
            if (body != null) {
                r.entity(body).type(MediaType.APPLICATION_JSON);
            }
            if (row.getString("location") != null) {
                r.header(HttpHeaders.LOCATION, row.getString("location"));
            }
            return Uni.createFrom().item(new Claim(id, r.build()));
        }
        OffsetDateTime touched = row.getOffsetDateTime("updated_at");
        if (touched.isBefore(now.minus(ABANDONED))) {
            return pool.preparedQuery("""
                    UPDATE idempotency_keys SET updated_at = $2 WHERE id = $1 AND NOT completed AND updated_at = $3""")
                    .execute(Tuple.of(id, now, touched)).map(r -> {
                        if (r.rowCount() == 1) {
                            return new Claim(id, null);
                        }
                        throw inFlight();
                    });
        }
        throw inFlight();
    }

    private static ApiException inFlight() {
        return ApiException.conflict("A request with this Idempotency-Key is still in progress");
    }

    private Uni<Integer> complete(long id, Response resp) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                UPDATE idempotency_keys SET completed = TRUE, response_status = ?1, response_body = ?2,
                    location = ?3, updated_at = ?4 WHERE id = ?5""")
                .setParameter(1, resp.getStatus())
                .setParameter(2, body(resp))
                .setParameter(3, resp.getLocation() == null ? null : resp.getLocation().toString())
                .setParameter(4, Instant.now())
                .setParameter(5, id)
                .executeUpdate());
    }

    private Uni<Void> complete(Tx tx, long id, Response resp) {
        return tx.query(COMPLETE, Tuple.of(resp.getStatus(), body(resp),
                resp.getLocation() == null ? null : resp.getLocation().toString(), id)).replaceWithVoid();
    }

    private String body(Response resp) {
        return json(resp.getEntity());
    }

    private String json(Object entity) {
        try {
            return entity == null ? null : json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hash(String request, Object body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(request.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(json.writeValueAsBytes(body));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
