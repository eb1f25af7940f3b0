package io.secretdesk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A moto server (the AWS mock, {@code python3 -m moto.server}) run as a child process on a free loopback port.
 *
 * <p>{@link #shared()} is the one instance a test JVM shares, started on first use and stopped by a shutdown
 * hook, so test classes do not each pay its start (about 1.5 s); call {@link #reset()} between tests.
 * {@link #start(Map)} starts a separate instance with extra environment, for tests that change server-wide state
 * such as moto's IAM checking; close it when done. The child's output goes to {@code target/moto/}, never to a
 * pipe that could fill and block it. The interpreter is {@code python3}, or the system property {@code moto.python}.
 */
public final class MotoServer implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(20);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(5);
    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(5);
    private static final int PORT_TRIES = 3;
    private static final Path LOG_DIRECTORY = Path.of("target", "moto");

    private static MotoServer shared;

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http;

    private MotoServer(Process process, int port, Path log, HttpClient http) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.http = http;
    }

    /** The instance shared by every test in this JVM, started on first call and stopped when the JVM exits. */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            MotoServer started = start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "moto-server-stop"));
            shared = started;
        }
        return shared;
    }

    /**
     * Starts a separate moto server with {@code extraEnvironment} added to this process's environment, and waits
     * until it answers (at most about 20 s). The caller closes it.
     *
     * @throws IllegalStateException when python3 or moto is missing or the server does not come up; the message
     *                               says which and points at the server's log
     */
    public static MotoServer start(Map<String, String> extraEnvironment) {
        return start(pythonCommand(), extraEnvironment);
    }

    /** As {@link #start(Map)}, with the Python interpreter (and its options) given. */
    static MotoServer start(List<String> python, Map<String, String> extraEnvironment) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_LIMIT).proxy(HttpClient.Builder.NO_PROXY).build();
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= PORT_TRIES; attempt++) {
            int port = freeLoopbackPort();
            Path log = LOG_DIRECTORY.resolve("moto-" + port + ".log");
            Process process = launch(python, port, log, extraEnvironment);
            try {
                awaitReady(process, port, log, http);
                return new MotoServer(process, port, log, http);
            } catch (PortTaken e) {
                // Another process took the port between our probe and moto's bind: try a new one.
                last = new IllegalStateException(e.getMessage());
            } catch (RuntimeException | Error e) {
                stop(process);
                throw e;
            }
        }
        throw last;
    }

    /** The endpoint to hand the AWS SDK, e.g. {@code http://127.0.0.1:40123}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Whether the server process is still running. */
    boolean isRunning() {
        return process.isAlive();
    }

    /** The file the server's output goes to. */
    public Path log() {
        return log;
    }

    /** Drops every resource in every moto backend (POST /moto-api/reset), so the next test starts empty. */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /**
     * Sets how many further requests moto serves before it starts checking signatures and IAM policies (moto's
     * {@code INITIAL_NO_AUTH_ACTION_COUNT}, through POST /moto-api/reset-auth): 0 checks from the next request on,
     * {@code Double.POSITIVE_INFINITY} never checks. Server-wide: use it on a separate instance only.
     */
    public void authenticateAfter(double requests) {
        post("/moto-api/reset-auth", Double.isInfinite(requests) ? "inf" : Long.toString((long) requests));
    }

    /** Stops the server: a polite signal, then a forced kill if it has not gone within a few seconds. */
    @Override
    public void close() {
        stop(process);
    }

    @Override
    public String toString() {
        return "MotoServer[" + endpoint() + ", log " + log + "]";
    }

    private void post(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint().resolve(path)).timeout(REQUEST_LIMIT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto " + path + " answered HTTP " + response.statusCode()
                        + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moto " + path + " failed; see " + log.toAbsolutePath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling moto " + path, e);
        }
    }

    /** {@code python3}, or the interpreter named by the system property {@code moto.python} (e.g. a venv's). */
    private static List<String> pythonCommand() {
        String configured = System.getProperty("moto.python", "").trim();
        return configured.isEmpty() ? List.of("python3") : List.of(configured.split("\\s+"));
    }

    private static Process launch(List<String> python, int port, Path log, Map<String, String> extraEnvironment) {
        List<String> command = new ArrayList<>(python);
        command.addAll(List.of("-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(extraEnvironment);
        builder.redirectErrorStream(true);
        try {
            Files.createDirectories(LOG_DIRECTORY);
            builder.redirectOutput(log.toFile());
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + python.get(0) + " (" + e.getMessage() + "); install"
                    + " Python 3 and moto with its server extras (pip install 'moto[server]'), or name the"
                    + " interpreter with -Dmoto.python=...", e);
        }
    }

    private static void awaitReady(Process process, int port, Path log, HttpClient http) {
        URI probe = URI.create("http://127.0.0.1:" + port + "/moto-api/");
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = tail(log);
                if (output.contains("No module named")) {
                    throw new IllegalStateException("moto is not installed for python3 (" + lastLine(output)
                            + "); install it with pip install 'moto[server]'. Log: " + log.toAbsolutePath());
                }
                if (output.contains("Address already in use")) {
                    throw new PortTaken("port " + port + " was taken before moto could bind it");
                }
                throw new IllegalStateException("moto exited with code " + process.exitValue() + " before answering: "
                        + lastLine(output) + ". Log: " + log.toAbsolutePath());
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(1)).GET().build();
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting: the port is not open yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto to start", e);
            }
            try {
                // A bounded poll of a real process; waiting on it also notices at once if it exits.
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto to start", e);
            }
        }
        throw new IllegalStateException("moto did not answer GET /moto-api/ within " + START_LIMIT.toSeconds()
                + " s on port " + port + ". Log: " + log.toAbsolutePath());
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for moto", e);
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\\R");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? "no output" : lines[lines.length - 1].strip();
    }

    /** Moto could not bind the port it was given. */
    private static final class PortTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }
}
