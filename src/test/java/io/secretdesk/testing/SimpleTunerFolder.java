package io.secretdesk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A SimpleTuner state folder made and read by Python's own {@code sqlite3}, {@code hmac} and {@code json}
 * ({@code simpletuner_state.py} in the test resources): the files SecretDesk must work on, as SimpleTuner's server
 * lays them out, and an independent reader of what SecretDesk wrote.
 */
public final class SimpleTunerFolder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path script;

    private final Path state;
    private final Map<String, String> env;

    private SimpleTunerFolder(Path state, Map<String, String> env) {
        this.state = state;
        this.env = Map.copyOf(env);
    }

    /** Lays out {@code state} as SimpleTuner's server would (jobs.db schema 5, two users, audit.db, a raw audit.key). */
    public static SimpleTunerFolder create(Path state) {
        return create(state, Map.of(), "5");
    }

    /** {@link #create(Path)} with extra environment (e.g. SIMPLETUNER_AUDIT_KEY) and a jobs.db schema version. */
    public static SimpleTunerFolder create(Path state, Map<String, String> env, String schemaVersion) {
        SimpleTunerFolder folder = new SimpleTunerFolder(state, env);
        folder.run("create", "", schemaVersion);
        return folder;
    }

    public Path state() {
        return state;
    }

    /** Runs a command of the script; {@code stdin} is its input (values go there, never on the command line). */
    public String run(String command, String stdin, String... args) {
        Process process = start(command, args);
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("simpletuner_state.py " + command + " did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (process.exitValue() != 0) {
            String error = new String(err.join(), StandardCharsets.UTF_8).strip();
            throw new AssertionError("simpletuner_state.py " + command + " exited " + process.exitValue() + ": "
                    + error.substring(Math.max(0, error.lastIndexOf('\n') + 1)));
        }
        return new String(out.join(), StandardCharsets.UTF_8).strip();
    }

    /** {@link #run} of a command that prints JSON. */
    public JsonNode json(String command, String... args) {
        try {
            return JSON.readTree(run(command, "", args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a command and leaves it running (a writer loop, a held lock). */
    public Process start(String command, String... args) {
        List<String> line = new ArrayList<>(List.of("python3", script().toString(), command, state.toString()));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().putAll(env);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("python3 could not be started (the SimpleTuner layout tests need it)", e);
        }
    }

    private static synchronized Path script() {
        if (script == null) {
            try (InputStream in = SimpleTunerFolder.class.getResourceAsStream("simpletuner_state.py")) {
                Path file = Files.createTempFile("simpletuner_state", ".py");
                file.toFile().deleteOnExit();
                Files.write(file, in.readAllBytes());
                script = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream; ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
                stream.transferTo(buffer);
                return buffer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
