package io.secretdesk.cli;

import io.secretdesk.core.SimpleTunerHome;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What a CLI run sees of the world: the environment, the SimpleTuner folder, and its three streams.
 * Tests build one over temp folders and byte streams; {@link #system()} is the real process.
 *
 * @param interactive whether stdin is a terminal a question can be asked on
 */
public record CliContext(Map<String, String> env, SimpleTunerHome home, InputStream in, PrintStream out,
                         PrintStream err, boolean interactive) {

    public CliContext {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /** Names the environment's size only: its values include tokens and keys. */
    @Override
    public String toString() {
        return "CliContext[env=" + env.size() + " variables (values not shown), home=" + home.dir() + ", interactive="
                + interactive + "]";
    }

    /**
     * Whether the streams are this process's own ({@link #system()}): {@code run} then hands them to its child as
     * they are (a terminal stays a terminal) and forwards signals; otherwise it copies them.
     */
    public boolean ownsProcessStreams() {
        return in == System.in;
    }

    public static CliContext system() {
        return new CliContext(System.getenv(), SimpleTunerHome.current(), System.in,
                new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8),
                System.console() != null);
    }
}
