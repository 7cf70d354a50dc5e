package com.pharmacyops.platform.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address a request came from, for rate limits and the audit log: the TCP peer, or what a proxy's
 * {@code Forwarded}/{@code X-Forwarded-For} header says only when {@code quarkus.http.proxy.*} enables and trusts
 * it (Quarkus then puts it in the request's remote address). A client cannot pick its address by sending the header.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        SocketAddress peer = request == null ? null : request.remoteAddress();
        String host = peer == null ? null : peer.hostAddress();
        return host == null || host.isEmpty() ? "unknown" : host;
    }
}
