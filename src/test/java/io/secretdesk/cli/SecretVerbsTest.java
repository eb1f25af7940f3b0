package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.testing.ChildJvm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretVerbsTest {

    @TempDir
    Path userHome;

    private final Map<String, String> env = new HashMap<>();

    /** One in-process CLI run. */
    record Run(int code, String out, String err) {
    }

    private Run cli(String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(Map.copyOf(env), SimpleTunerHome.underUserHome(userHome),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void setFromStdinThenGetPrintsTheValue() {
        Run set = cli("hf_from_stdin\n", "set", "HF_TOKEN");
        assertThat(set.code()).isZero();
        assertThat(set.out()).contains("saved HF_TOKEN to").doesNotContain("hf_from_stdin");
        Run get = cli("", "get", "HF_TOKEN");
        assertThat(get.code()).isZero();
        assertThat(get.out().equals("hf_from_stdin\n")).as("get prints exactly the value and a newline").isTrue();
    }

    @Test
    void getOfAMissingKeyExitsOneWithAMessageOnStderr() {
        Run get = cli("", "get", "NOPE");
        assertThat(get.code()).isEqualTo(Cli.NOT_FOUND);
        assertThat(get.out()).isEmpty();
        assertThat(get.err()).contains("not found in any provider: NOPE");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(cli("", "get").code()).isEqualTo(Cli.USAGE);
        assertThat(cli("", "frobnicate").code()).isEqualTo(Cli.USAGE);
        Run empty = cli("", "set", "K");
        assertThat(empty.code()).isEqualTo(Cli.USAGE);
        assertThat(empty.err()).contains("empty value");
        assertThat(cli("", "set", "A B", "v").err()).contains("invalid key");
    }

    @Test
    void whichShowsSourceShadowAndMasksValues() throws Exception {
        cli("", "set", "REPLICATE_API_TOKEN", "r8_filevalue");
        env.put("REPLICATE_API_TOKEN", "r8_envvalue");
        Run which = cli("", "which", "REPLICATE_API_TOKEN");
        assertThat(which.code()).isZero();
        assertThat(which.out()).contains("from env").contains("shadowed").doesNotContain("envvalue").doesNotContain("filevalue");

        Run json = cli("", "which", "REPLICATE_API_TOKEN", "--json");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertThat(doc.get("source").asText()).isEqualTo("env");
        assertThat(doc.get("shadowed").get(0).asText()).isEqualTo("file");
        assertThat(doc.get("providers").get(1).get("status").asText()).isEqualTo("shadowed");
        assertThat(json.out()).doesNotContain("envvalue").doesNotContain("filevalue");

        assertThat(cli("", "which", "NOPE").code()).isEqualTo(Cli.NOT_FOUND);
    }

    @Test
    void setWarnsWhenTheEnvironmentOverridesTheKey() {
        env.put("HF_TOKEN", "hf_env");
        Run set = cli("", "set", "HF_TOKEN", "hf_file");
        assertThat(set.code()).isZero();
        assertThat(set.err()).contains("warning").contains("env").contains("variable HF_TOKEN");
    }

    @Test
    void deleteReportsWhetherTheKeyWasThere() {
        cli("", "set", "K", "v");
        assertThat(cli("", "delete", "K").code()).isZero();
        Run again = cli("", "delete", "K");
        assertThat(again.code()).isEqualTo(Cli.NOT_FOUND);
        assertThat(again.err()).contains("not in");
    }

    @Test
    void malformedFileIsReportedAndNeverOverwritten() throws Exception {
        Path file = SimpleTunerHome.underUserHome(userHome).dir().resolve("secrets.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{oops");
        Run providers = cli("", "providers");
        assertThat(providers.out()).contains("unavailable").contains("malformed JSON").contains("line 1");
        Run set = cli("", "set", "K", "v");
        assertThat(set.code()).as("the store refused").isEqualTo(ExitCode.REFUSED.code());
        assertThat(set.err()).contains("refusing to write");
        assertThat(Files.readString(file)).isEqualTo("{oops");
    }

    @Test
    void providersJsonListsTheChainInOrder() throws Exception {
        Run run = cli("", "providers", "--json");
        assertThat(run.code()).isZero();
        JsonNode doc = new ObjectMapper().readTree(run.out()).get("providers");
        assertThat(doc.get(0).get("name").asText()).isEqualTo("env");
        assertThat(doc.get(0).get("available").asBoolean()).isTrue();
        assertThat(doc.get(1).get("name").asText()).isEqualTo("file");
        assertThat(doc.get(2).get("name").asText()).isEqualTo("aws");
        assertThat(doc.get(2).get("configured").asBoolean()).as("no AWS secret name set").isFalse();
        assertThat(doc.get(2).get("state").asText()).isEqualTo("not_set_up");
        assertThat(cli("", "providers").out()).contains("aws    not set up");
    }

    @Test
    @Tag("slow")
    void secretsFileIsOwnerOnlyEvenUnderUmask000() throws Exception {
        ChildJvm child = new ChildJvm(userHome, Map.of()).umask("000");
        ChildJvm.Result result = child.run("hf_value\n", "set", "HF_TOKEN");
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path dir = SimpleTunerHome.underUserHome(userHome).dir();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets.json")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".secrets.lock")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    @Tag("slow")
    void twoProcessesWritingAtOnceLoseNoKey() throws Exception {
        int perProcess = 150;
        Path signals = Files.createDirectories(userHome.resolve("signals"));
        List<Process> processes = new ArrayList<>();
        for (String who : List.of("A", "B")) {
            processes.add(startWriterProcess(who, perProcess, signals));
        }
        // Both JVMs are started and waiting before either writes: the two loops really run at the same time.
        for (String who : List.of("A", "B")) {
            awaitFile(signals.resolve("ready-" + who), processes);
        }
        Files.createFile(signals.resolve("go"));
        for (Process process : processes) {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("writer finished within 120 s").isTrue();
            assertThat(process.exitValue()).as("writer loop exit code").isZero();
        }
        String text = Files.readString(SimpleTunerHome.underUserHome(userHome).dir().resolve("secrets.json"));
        JsonNode doc = new ObjectMapper().readTree(text);
        assertThat(doc.size()).isEqualTo(2 * perProcess);
        long[] a = times(signals.resolve("done-A"));
        long[] b = times(signals.resolve("done-B"));
        assertThat(a[0] < b[1] && b[0] < a[1]).as("the two writers' loops overlapped in time").isTrue();
    }

    private static void awaitFile(Path file, List<Process> processes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            for (Process process : processes) {
                assertThat(process.isAlive()).as("writer still running while waiting for %s", file.getFileName()).isTrue();
            }
            assertThat(System.nanoTime()).as("waiting for %s", file.getFileName()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The first and last write times (epoch ms) a writer recorded. */
    private static long[] times(Path file) throws IOException {
        String[] parts = Files.readString(file).strip().split(" ");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    /** A second JVM that writes {@code count} keys, each through a new manager, as separate CLI runs would. */
    private Process startWriterProcess(String who, int count, Path signals) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + userHome, "-cp", System.getProperty("java.class.path"),
                WriterLoop.class.getName(), who, Integer.toString(count), signals.toString());
        return new ProcessBuilder(command).inheritIO().start();
    }

    /** The main class of a writer process. */
    public static final class WriterLoop {
        public static void main(String[] args) throws Exception {
            String who = args[0];
            int count = Integer.parseInt(args[1]);
            Path signals = Path.of(args[2]);
            Files.createFile(signals.resolve("ready-" + who));
            while (!Files.exists(signals.resolve("go"))) {
                Thread.sleep(5);
            }
            long first = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                io.secretdesk.core.secrets.chain.ProviderChains
                        .fromEnvironment(Map.of(), SimpleTunerHome.current())
                        .setSecret("KEY_" + who + "_" + i, "value-" + i);
            }
            Files.writeString(signals.resolve("done-" + who), first + " " + System.currentTimeMillis());
        }
    }
}
