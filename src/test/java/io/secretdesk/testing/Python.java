package io.secretdesk.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python 3 snippet with the {@code cryptography} package for interop tests. Inputs go through stdin
 * (one per line), never the command line, so no secret shows in a process listing; the wait is bounded.
 */
public final class Python {

    private Python() {
    }

    /** Runs {@code script} with {@code stdinLines} on stdin and returns stdout stripped; fails on a non-zero exit. */
    public static String run(String script, String... stdinLines) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("PYTHONIOENCODING", "utf-8");
            Process process = builder.start();
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            try (OutputStream stdin = process.getOutputStream()) {
                for (String line : stdinLines) {
                    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("python3 did not finish within 60 s");
            }
            String stdout = new String(out.join(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                // Python's own error text: the snippets never print secrets into it.
                String lastLine = new String(err.join(), StandardCharsets.UTF_8).strip();
                int newline = lastLine.lastIndexOf('\n');
                throw new AssertionError("python3 exited " + process.exitValue() + ": "
                        + (newline < 0 ? lastLine : lastLine.substring(newline + 1)));
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException("python3 could not be started (it and its 'cryptography' package are "
                    + "required by the interop tests)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for python3", e);
        }
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
