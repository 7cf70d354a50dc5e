package com.pharmacyops.platform.idempotency;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * A POST that honours {@code Idempotency-Key} ({@link Idempotency}): put it on a resource method returning
 * {@code Uni<Response>}; {@link IdempotencyInterceptor} claims the key, runs the method in the transaction
 * named here and records the response in that same transaction. The request body is the method's record
 * parameter (none: the empty body).
 */
@InterceptorBinding
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface Idempotent {

    /** The kind of transaction the method's service works in, which the stored response joins. */
    @Nonbinding
    Transaction value() default Transaction.HIBERNATE;

    enum Transaction {
        /** Master data: a Hibernate Reactive transaction ({@code @WithTransaction} services join it). */
        HIBERNATE,
        /** The stock and order path: a {@code Tx} of the reactive client ({@code Transactions} joins it). */
        REACTIVE_CLIENT,
        /**
         * No transaction here: the work commits elsewhere (a grouped confirmation) and must record the response in
         * that transaction itself, through {@code Idempotency.pending()} and {@code Idempotency.complete}.
         */
        DEFERRED
    }
}
