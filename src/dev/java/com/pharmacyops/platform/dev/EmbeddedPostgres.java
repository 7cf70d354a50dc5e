package com.pharmacyops.platform.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for dev mode and tests, from the zonky binaries on the classpath
 * ({@link PostgresBinaries}).
 * <p>
 * PostgreSQL refuses to run as root, so when the JVM is root the server runs as {@code nobody}
 * (through util-linux {@code setpriv}, or {@code runuser}). The server listens on 127.0.0.1 on a
 * free port only, with no Unix socket, and its data directory is deleted when it stops.
 */
public final class EmbeddedPostgres {

    public static final String DATABASE = "pharmacy";
    /** The superuser, for tests that look under the service (plain JDBC checks, outages). */
    public static final String USER = "postgres";
    /** Owns the database and its schema: what migrations run as (quarkus.flyway.username). */
    public static final String OWNER = "pharmacy_owner";
    /** What the service runs as (quarkus.datasource.username): row access only, granted by the migrations. */
    public static final String RUNTIME = "pharmacy_app";

    private static final String UNPRIVILEGED_USER = "nobody";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path baseDir;
    private final int port;
    private final Path bin;
    private final boolean root;
    private volatile long pid;

    private EmbeddedPostgres(Path baseDir, int port, Path bin, boolean root, long pid) {
        this.baseDir = baseDir;
        this.port = port;
        this.bin = bin;
        this.root = root;
        this.pid = pid;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return pid;
    }

    public Path baseDir() {
        return baseDir;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public static EmbeddedPostgres start() throws IOException, InterruptedException {
        Path bin = PostgresBinaries.extract();
        boolean root = isRoot();
        Path base = Files.createTempDirectory("pharmacy-pg-");
        Path data = base.resolve("data");
        Files.createDirectory(data);
        if (root) {
            giveToUnprivilegedUser(base);
            giveToUnprivilegedUser(data);
        }
        run(root, base, List.of(bin.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", USER,
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));

        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Process process = launch(bin, root, base, port);
            try {
                waitUntilReady(process, port, base);
                try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "")) {
                    // The same two roles as in production (README "Configuration"); passwords equal the names
                    // (the server trusts local connections anyway).
                    c.createStatement().execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + OWNER + "'");
                    c.createStatement().execute("CREATE ROLE " + RUNTIME + " LOGIN PASSWORD '" + RUNTIME + "'");
                    c.createStatement().execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
                }
                EmbeddedPostgres pg = new EmbeddedPostgres(base, port, bin, root, postmasterPid(base));
                Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "embedded-postgres-stop"));
                return pg;
            } catch (IOException | SQLException e) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                last = e instanceof IOException io ? io : new IOException(e);
            }
        }
        throw last;
    }

    /** Fast shutdown (SIGINT: roll back sessions, then exit), then remove the data. */
    public void stop() {
        try {
            halt();
            PostgresBinaries.deleteTree(baseDir);
        } catch (IOException | InterruptedException e) {
            // Best effort at JVM exit: the temp directory is all that may remain.
        }
    }

    /**
     * Fast shutdown keeping the data, as an outage: sessions are terminated, new connections refused.
     * {@link #restart()} brings the same database back on the same port.
     */
    public void halt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor(5, TimeUnit.SECONDS);
        ProcessHandle.of(pid).ifPresent(h -> {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    /** Starts the server again after {@link #halt()}, on the same port and data directory. */
    public synchronized void restart() throws IOException, InterruptedException {
        Process process = launch(bin, root, baseDir, port);
        waitUntilReady(process, port, baseDir);
        pid = postmasterPid(baseDir);
    }

    private static Process launch(Path bin, boolean root, Path base, int port) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("bin/postgres").toString(), "-D",
                base.resolve("data").toString(), "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=300", "-c", "shared_buffers=128MB"));
        return new ProcessBuilder(asUser(root, cmd)).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("postgres.log").toFile())).start();
    }

    private static long postmasterPid(Path base) throws IOException {
        return Long.parseLong(Files.readAllLines(base.resolve("data").resolve("postmaster.pid")).get(0).trim());
    }

    private static void waitUntilReady(Process process, int port, Path base) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("PostgreSQL exited during start: " + tail(base.resolve("postgres.log")));
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    USER, "")) {
                return;
            } catch (SQLException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("PostgreSQL did not accept connections within " + STARTUP_TIMEOUT.toSeconds() + " s");
    }

    private static void run(boolean root, Path dir, List<String> cmd) throws IOException, InterruptedException {
        Path log = dir.resolve(Paths.get(cmd.get(0)).getFileName() + ".log");
        Process p = new ProcessBuilder(asUser(root, cmd)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(cmd.get(0) + " failed: " + tail(log));
        }
    }

    private static List<String> asUser(boolean root, List<String> cmd) {
        if (!root) {
            return cmd;
        }
        List<String> wrapped = new ArrayList<>();
        if (Files.isExecutable(Paths.get("/usr/bin/setpriv")) || Files.isExecutable(Paths.get("/bin/setpriv"))) {
            wrapped.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_USER, "--regid=" + unprivilegedGroup(),
                    "--clear-groups", "--"));
        } else {
            wrapped.addAll(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
        }
        wrapped.addAll(cmd);
        return wrapped;
    }

    private static String unprivilegedGroup() {
        // Debian names it nogroup, Red Hat nobody.
        try {
            return Files.readAllLines(Paths.get("/etc/group")).stream().anyMatch(l -> l.startsWith("nogroup:"))
                    ? "nogroup"
                    : "nobody";
        } catch (IOException e) {
            return "nobody";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void giveToUnprivilegedUser(Path p) throws IOException {
        UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(p, lookup.lookupPrincipalByName(UNPRIVILEGED_USER));
        Files.setPosixFilePermissions(p, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
