package com.pharmacyops.platform.idempotency;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.core.Response;

import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.security.Actors;

import io.quarkus.arc.ArcInvocationContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;

/**
 * Runs an {@link Idempotent} resource method through {@link Idempotency}. Its priority puts it inside bean
 * validation (PLATFORM_AFTER + 800), so an invalid body is refused before a key is claimed.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 900)
public class IdempotencyInterceptor {

    private final Idempotency idempotency;
    private final SecurityIdentity identity;
    private final CurrentVertxRequest request;

    public IdempotencyInterceptor(Idempotency idempotency, SecurityIdentity identity, CurrentVertxRequest request) {
        this.idempotency = idempotency;
        this.identity = identity;
        this.request = request;
    }

    @AroundInvoke
    @SuppressWarnings("unchecked")
    Object around(InvocationContext ctx) {
        var http = request.getCurrent().request();
        if (http.headers().getAll(Idempotency.HEADER).size() > 1) {
            // Which of two keys is meant is a guess; a replay under the wrong one would do the work twice.
            throw ApiException.invalid(Idempotency.HEADER, "must be sent once");
        }
        Idempotent.Transaction transaction = ArcInvocationContext.findIterceptorBinding(ctx, Idempotent.class).value();
        return idempotency.once(Actors.of(identity), http.getHeader(Idempotency.HEADER), http.path(), body(ctx),
                transaction, () -> {
                    try {
                        return (Uni<Response>) ctx.proceed();
                    } catch (Exception e) {
                        return Uni.createFrom().failure(e);
                    }
                });
    }

    /** The deserialized request body: the method's record parameter, or the empty body. */
    private static Object body(InvocationContext ctx) {
        for (Object p : ctx.getParameters()) {
            if (p != null && p.getClass().isRecord()) {
                return p;
            }
        }
        return "";
    }
}
