package com.pharmacyops.platform.health;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code healthcheck [--url http://127.0.0.1:9000] [--timeout 2s]}: asks a running instance whether it is ready,
 * without starting one. Prints {@code UP} or {@code DOWN: <reason>}; exits 0 when ready, 1 when not, 2 on usage
 * errors. For exec probes and images without curl.
 */
public final class HealthcheckCli {

    static final String USAGE = "usage: healthcheck [--url http://127.0.0.1:9000] [--timeout 2s]";

    private HealthcheckCli() {
    }

    public static int run(String[] args, PrintStream out) {
        String url = "http://127.0.0.1:9000";
        Duration timeout = Duration.ofSeconds(2);
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> {
                    if (value == null || !value.matches("^https?://.+")) {
                        out.println(USAGE);
                        return 2;
                    }
                    url = value.replaceAll("/+$", "");
                    i++;
                }
                case "--timeout" -> {
                    timeout = value == null ? null : duration(value);
                    if (timeout == null) {
                        out.println(USAGE);
                        return 2;
                    }
                    i++;
                }
                default -> {
                    out.println(USAGE);
                    return 2;
                }
            }
        }
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(timeout).build().send(
                    HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                out.println("UP");
                return 0;
            }
            out.println("DOWN: readiness answered HTTP " + response.statusCode());
            return 1;
        } catch (java.net.http.HttpTimeoutException e) {
            out.println("DOWN: no answer within " + timeout.toMillis() + " ms");
            return 1;
        } catch (java.io.IOException e) {
            out.println("DOWN: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("DOWN: interrupted");
            return 1;
        } catch (IllegalArgumentException e) {
            out.println(USAGE);
            return 2;
        }
    }

    /** {@code 2s}, {@code 500ms} or ISO-8601 ({@code PT2S}); null when malformed or not positive. */
    static Duration duration(String text) {
        try {
            Duration d;
            if (text.matches("^\\d+ms$")) {
                d = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.matches("^\\d+s$")) {
                d = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            } else {
                d = Duration.parse(text);
            }
            return d.isNegative() || d.isZero() ? null : d;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
