package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.secretdesk.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secretdesk run} as a real process: environment, standard input, exit codes and signals. */
@Tag("slow")
class RunCommandTest {

    private static final String CANARY = "canary-'q\"$`\\-日本-🔑\nline2";

    @TempDir
    Path userHome;
    @TempDir
    Path work;

    private ChildJvm child;

    @BeforeEach
    void secrets() throws Exception {
        new CliHarness(userHome).secretsFile(Map.of("HF_TOKEN", CANARY, "OTHER", "o"));
        child = new ChildJvm(userHome, Map.of("CALLER_VAR", "from-caller", "LANG", "C.UTF-8"));
    }

    @Test
    void theCommandGetsTheSecretsAndTheCallersEnvironmentAndNothingIsPrinted() throws Exception {
        ChildJvm.Result run = child.run("", "run", "--only", "HF_TOKEN", "--", "sh", "-c",
                "printf '%s|%s|%s' \"$HF_TOKEN\" \"$CALLER_VAR\" \"${OTHER-unset}\"");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().equals(CANARY + "|from-caller|unset")).as("the command's output").isTrue();
        assertThat(run.err()).doesNotContain("canary");
        ChildJvm.Result all = child.run("", "run", "sh", "-c", "printf '%s' \"$OTHER\"");
        assertThat(all.out()).as("without --only every key, and options after COMMAND are its own").isEqualTo("o");
    }

    @Test
    void aLocaleThatCannotCarryTheValueIsRefusedBeforeAnythingStarts() throws Exception {
        ChildJvm ascii = new ChildJvm(userHome, Map.of("LANG", "C"));
        ChildJvm.Result run = ascii.run("", "run", "--only", "HF_TOKEN", "--", "true");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("HF_TOKEN", "LANG=C.UTF-8").doesNotContain("canary");
        assertThat(ascii.run("", "run", "--only", "OTHER", "--", "true").exitCode()).as("an ASCII value passes").isZero();
    }

    @Test
    void standardInputReachesTheCommandAndItsExitCodeIsReturned() throws Exception {
        ChildJvm.Result cat = child.run("line one\nline two\n", "run", "--", "cat");
        assertThat(cat.out()).isEqualTo("line one\nline two\n");
        assertThat(child.run("", "run", "--", "sh", "-c", "exit 42").exitCode()).isEqualTo(42);
        assertThat(child.run("", "run", "--", "sh", "-c", "kill -TERM $$").exitCode()).as("128 + SIGTERM").isEqualTo(143);
    }

    @Test
    void aMissingKeyStartsNothingUnlessAllowed() throws Exception {
        Path marker = work.resolve("started");
        ChildJvm.Result missing = child.run("", "run", "--only", "HF_TOKEN,NOPE", "--", "touch", marker.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("NOPE");
        assertThat(marker).doesNotExist();
        ChildJvm.Result allowed = child.run("", "run", "--only", "NOPE", "--allow-missing", "--", "touch", marker.toString());
        assertThat(allowed.exitCode()).isZero();
        assertThat(marker).exists();
    }

    @Test
    void aCommandThatIsNotThereIs127AndOneThatCannotRunIs126() throws Exception {
        ChildJvm.Result none = child.run("", "run", "--", "no-such-command-here");
        assertThat(none.exitCode()).isEqualTo(127);
        assertThat(none.err()).contains("no-such-command-here: command not found");
        Path plain = Files.writeString(work.resolve("not-executable.sh"), "echo hi\n");
        assertThat(child.run("", "run", "--", plain.toString()).exitCode()).isEqualTo(126);
        assertThat(child.run("", "run", "--", work.toString()).exitCode()).as("a folder").isEqualTo(126);
        assertThat(child.run("", "run").exitCode()).as("no COMMAND").isEqualTo(2);
    }

    @Test
    void termAndIntSentToSecretdeskReachTheCommandWhichDecidesTheExitCode() throws Exception {
        List<String> ignoredAtStart = new ArrayList<>();
        for (String signal : List.of("TERM", "INT", "HUP")) {
            if (ignoredByThisProcess(signal)) {
                ignoredAtStart.add(signal);
            } else {
                assertSignalForwarded(signal, 7 + List.of("TERM", "INT", "HUP").indexOf(signal));
            }
        }
        // Started under nohup (HUP) or as a background job of a script (INT), the signal is ignored from the start;
        // the JVM then leaves it ignored and a POSIX shell may not trap it, so its forwarding cannot be seen here.
        assumeTrue(ignoredAtStart.isEmpty(), "ignored when the tests started, not tested: " + ignoredAtStart);
    }

    /** Whether this JVM inherited {@code signal} as ignored (Linux: the SigIgn mask in /proc/self/status). */
    private static boolean ignoredByThisProcess(String signal) throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        int number = Map.of("HUP", 1, "INT", 2, "TERM", 15).get(signal);
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    private void assertSignalForwarded(String signal, int code) throws Exception {
        Process process = child.start("run", "--", "sh", "-c",
                "trap 'echo got " + signal + "; exit " + code + "' " + signal + "; echo ready; while :; do sleep 0.05; done");
        try {
            process.getOutputStream().close();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertThat(line(out)).isEqualTo("ready");
            // The shell is ready, and secretdesk installed its handlers before starting it.
            new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).start().waitFor();
            assertThat(line(out)).isEqualTo("got " + signal);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(signal).isEqualTo(code);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** The next line, waiting at most 60 s (a test that hangs tells nothing). */
    private static String line(BufferedReader out) throws Exception {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return "read failed: " + e;
            }
        }).get(60, TimeUnit.SECONDS);
    }
}
