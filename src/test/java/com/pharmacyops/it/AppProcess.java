package com.pharmacyops.it;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pharmacyops.platform.dev.EmbeddedPostgres;

/** The packaged jar in its own JVM, in the prod profile, on a free port: what the ITs that stop or multiply it use. */
record AppProcess(Process process, String url, String management, File log) {

    /** Starts the app against {@code pg} with fresh keys, output to {@code target/<name>.log}; extra options first. */
    static AppProcess start(EmbeddedPostgres pg, String name, String... options) throws Exception {
        return start(PackagedAppResource.productionConfig(pg), name, options);
    }

    /** Starts the app with this configuration (instances that share it accept each other's tokens). */
    static AppProcess start(Map<String, String> config, String name, String... options) throws Exception {
        int port = freePort();
        int managementPort = freePort();
        List<String> cmd = new ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort));
        cmd.addAll(List.of(options));
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        File log = new File("target/" + name + ".log");
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        return new AppProcess(process, "http://127.0.0.1:" + port, "http://127.0.0.1:" + managementPort, log);
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits up to 90 s for readiness. */
    AppProcess awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (ready() != 200) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException(url + " did not become ready; see " + log);
            }
            Thread.sleep(250);
        }
        return this;
    }

    /** The readiness status code, 0 when the service does not answer within 5 s. */
    int ready() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(management + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** SIGTERM, then waits for the exit. */
    int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }
}
