package io.secretdesk.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs SecretDesk's {@code Main} in a separate JVM with the test classpath, a chosen environment,
 * {@code user.home}, umask and standard input: for tests that need a second process (file locks,
 * permissions under a umask, crash recovery).
 */
public final class ChildJvm {

    /** What the child did. */
    public record Result(int exitCode, String out, String err) {
    }

    private final Path userHome;
    private final Map<String, String> env;
    private String umask = "022";

    public ChildJvm(Path userHome, Map<String, String> env) {
        this.userHome = userHome;
        this.env = env;
    }

    /** The umask the child starts under, e.g. {@code "000"} to prove files are created owner-only. */
    public ChildJvm umask(String octal) {
        this.umask = octal;
        return this;
    }

    /** Starts the child without waiting (for crash tests that kill it). */
    public Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("sh");
        command.add("-c");
        command.add("umask " + umask + " && exec \"$@\"");
        command.add("child");
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Duser.home=" + userHome);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.secretdesk.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs the child to completion (bounded at 60 s) with {@code stdin} as its input. */
    public Result run(String stdin, String... args) throws IOException, InterruptedException {
        Process process = start(args);
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        // stderr is drained on its own thread so neither pipe can fill up and stall the child.
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        var out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish within 60 s: " + List.of(args));
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    }
}
