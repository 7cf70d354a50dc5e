package com.pharmacyops.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.restassured.RestAssured;

/**
 * A GET over a plain socket with a small receive window, read only as far as the test says: a client that stops
 * reading, which no HTTP client library lets a test be. The head is read byte by byte, so nothing of the body is
 * taken off the socket until the test reads it.
 */
public final class RawHttp implements AutoCloseable {

    public final int status;
    private final Map<String, String> headers = new HashMap<>();
    private final Socket socket;
    private InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        String[] statusLine = line().split(" ");
        this.status = Integer.parseInt(statusLine[1]);
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(), h.substring(colon + 1).trim());
        }
    }

    /** Sends the request and reads the status line and headers, nothing more. */
    public static RawHttp get(String path, String username, String accept) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // before connect, so the window stays small
        socket.connect(new InetSocketAddress("localhost", RestAssured.port), 10_000);
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Fixtures.token(username)
                + "\r\nAccept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new RawHttp(socket);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase());
    }

    /** The whole body of a response that ends (a refusal). */
    public String body() throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return drain().text();
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Reads the chunked body to its end. {@link Body#complete} says whether the server ended it properly (the last
     * chunk) rather than cutting the connection.
     */
    public Body drain() {
        in = new BufferedInputStream(in, 1 << 16);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (;;) {
                int size = Integer.parseInt(line().trim(), 16);
                if (size == 0) {
                    line();
                    return new Body(body.toString(StandardCharsets.UTF_8), true);
                }
                byte[] chunk = in.readNBytes(size);
                body.write(chunk);
                if (chunk.length < size) {
                    return new Body(body.toString(StandardCharsets.UTF_8), false);
                }
                line();
            }
        } catch (IOException | RuntimeException e) { // reset, or end of stream inside a size line
            return new Body(body.toString(StandardCharsets.UTF_8), false);
        }
    }

    public record Body(String text, boolean complete) {
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
