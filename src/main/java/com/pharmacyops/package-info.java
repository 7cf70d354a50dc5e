/**
 * The OpenAPI document's servers and tags, in one place; the info comes from quarkus.smallrye-openapi.info-*, the
 * conventions every operation shares from platform.web.OpenApiConventions. The document is served on the
 * management port, the API on another, so the server is absolute. (SmallRye OpenAPI reads this annotation on a
 * package or on a JAX-RS Application; this service has no Application class.)
 */
@OpenAPIDefinition(info = @Info(title = "Pharmacy Operations API", version = "1.0"),
        servers = @Server(url = "http://localhost:8080", description = "Dev mode (./mvnw quarkus:dev); in a cluster, "
                + "the Ingress host of deploy/kubernetes"),
        tags = {
                @Tag(name = "auth", description = "Log in: a short-lived bearer token for a username and password"),
                @Tag(name = "me", description = "The caller's own account: who am I, change my password"),
                @Tag(name = "users", description = "Accounts, their role and the stores they work in (ADMIN)"),
                @Tag(name = "stores", description = "The chain's stores; store roles see their own"),
                @Tag(name = "medicines", description = "Medicine master data and their manufacturer batches"),
                @Tag(name = "inventory", description = "Batch stock per store, its ledger (movements), receipts, "
                        + "adjustments and live stock events"),
                @Tag(name = "orders", description = "Sales orders: CREATED → CONFIRMED (stock deducted FEFO) → "
                        + "CANCELLED (stock returned)"),
                @Tag(name = "transfers", description = "Stock sent between stores: DISPATCHED (out of the source) → "
                        + "RECEIVED (into the destination, shortfall lost in transit) or CANCELLED (back)"),
                @Tag(name = "audit", description = "Who changed what and when (ADMIN, AUDITOR)") })
package com.pharmacyops;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
