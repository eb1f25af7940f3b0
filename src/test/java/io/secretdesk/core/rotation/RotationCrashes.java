package io.secretdesk.core.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Kills a real {@code secretdesk} child JVM (SIGKILL) at one of the rotation's pause points, as a crash would. */
public final class RotationCrashes {

    private RotationCrashes() {
    }

    /**
     * Starts {@code secretdesk ARGS} in a child JVM over {@code userHome} and {@code env}, waits (at most 90 s) until
     * it pauses at {@code point}, and kills it with SIGKILL.
     */
    public static void killAt(Path userHome, Map<String, String> env, String point, String... args) throws Exception {
        Path marker = userHome.resolve("paused-at");
        Map<String, String> childEnv = new HashMap<>(env);
        childEnv.put("JAVA_TOOL_OPTIONS", "-D" + PausePoints.PROPERTY + "=" + point + " -D" + PausePoints.MARKER_PROPERTY + "=" + marker);
        Process child = new ChildJvm(userHome, childEnv).start(args);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            // Bounded poll on a real process: waitFor returns early if the child exits instead of pausing.
            while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < deadline) {
                child.waitFor(50, TimeUnit.MILLISECONDS);
            }
            assertThat(child.isAlive()).as("child still running at %s: %s", point,
                    child.isAlive() ? "" : new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isTrue();
            assertThat(marker).as("child paused at %s", point).exists();
            assertThat(Files.readString(marker)).isEqualTo(point);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Files.delete(marker); // so the next kill in the same home waits for its own pause
    }
}
