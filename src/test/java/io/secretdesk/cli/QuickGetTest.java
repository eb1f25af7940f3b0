package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/** The picocli-free {@code get}: which command lines it takes, and that it answers exactly as picocli's path does. */
class QuickGetTest {

    @TempDir
    Path userHome;

    @Test
    void takesOnlyThePlainFormsOfGet() {
        SecretVerbs.Get get = QuickGet.parse("get", "A", "--json", "B", "--allow-unavailable");
        assertThat(get).isNotNull();
        assertThat(get.keys).containsExactly("A", "B");
        assertThat(get.json).isTrue();
        assertThat(get.allowUnavailable).isTrue();
        assertThat(QuickGet.parse("get", "A").json).isFalse();
        for (List<String> picocliReads : List.of(List.of("get"), List.of("get", "--json"), List.of("get", "--help"),
                List.of("get", "-h", "A"), List.of("get", "A", "--json", "--json"), List.of("get", "--", "A"),
                List.of("get", "@args.txt"), List.of("get", "-A"), List.of("get", ""), List.of("get", "--jsn", "A"),
                List.of("which", "A"), List.of("get", "A", "--allow-unavailable", "--allow-unavailable"))) {
            assertThat(QuickGet.parse(picocliReads.toArray(String[]::new))).as(picocliReads.toString()).isNull();
        }
    }

    @Test
    void answersAsPicocliDoesForFoundMissingAndJson() throws IOException {
        new CliHarness(userHome).secretsFile(Map.of("HF_TOKEN", "hf_quick_value", "MULTI", "line one\nline two"));
        Map<String, String> env = Map.of("ENV_ONLY", "from_env", "AWS_EC2_METADATA_DISABLED", "true");
        for (List<String> args : List.of(List.of("get", "HF_TOKEN"), List.of("get", "ENV_ONLY"),
                List.of("get", "HF_TOKEN", "ENV_ONLY"), List.of("get", "--json", "HF_TOKEN", "MULTI"),
                List.of("get", "NOT_THERE"), List.of("get", "HF_TOKEN", "NOT_THERE"), List.of("get", "HF_TOKEN", "MULTI"),
                List.of("get", "--allow-unavailable", "HF_TOKEN"), List.of("get", "bad key with spaces"))) {
            String[] argv = args.toArray(String[]::new);
            assertThat(QuickGet.parse(argv)).as(args.toString()).isNotNull();
            Outcome quick = outcome(env, context -> Cli.run(context, argv));
            Outcome picocli = outcome(env, context -> Cli.viaPicocli(context, argv));
            assertThat(quick).as(args.toString()).isEqualTo(picocli);
        }
    }

    @Test
    void withSecretdeskServerSetGetStillSaysTheVariableDoesNotApply() throws IOException {
        new CliHarness(userHome).secretsFile(Map.of("HF_TOKEN", "hf_quick_value"));
        Outcome run = outcome(Map.of("SECRETDESK_SERVER", "gpu-box"), context -> Cli.run(context, "get", "HF_TOKEN"));
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("hf_quick_value\n");
        assertThat(run.err()).contains("SECRETDESK_SERVER does not apply to 'get'");
    }

    @Test
    void aFailureIsReportedAsPicocliReportsIt() throws IOException {
        Path secrets = new CliHarness(userHome).secretsFile(Map.of("HF_TOKEN", "hf_quick_value"));
        Files.writeString(secrets, "{\"HF_TOKEN\": ");  // malformed: the file provider cannot answer
        String[] argv = {"get", "HF_TOKEN"};
        Outcome quick = outcome(Map.of(), context -> Cli.run(context, argv));
        Outcome picocli = outcome(Map.of(), context -> Cli.viaPicocli(context, argv));
        assertThat(quick.code()).isNotZero();
        assertThat(quick).isEqualTo(picocli);
    }

    @Test
    void versionIsPrintedWithoutPicocliAsPicocliWould() {
        Outcome quick = outcome(Map.of(), context -> Cli.run(context, "--version"));
        Outcome picocli = outcome(Map.of(), context -> Cli.viaPicocli(context, "--version"));
        assertThat(quick).isEqualTo(picocli);
        assertThat(quick.out()).startsWith("SecretDesk ");
        assertThat(outcome(Map.of(), context -> Cli.run(context, "-V"))).isEqualTo(quick);
    }

    @Test
    void theVerbSwitchAgreesWithTheListOfVerbs() {
        for (Class<?> verb : RootCommand.verbs()) {
            String name = verb.getAnnotation(Command.class).name();
            assertThat(RootCommand.verb(name)).as(name).isExactlyInstanceOf(verb);
        }
        assertThat(RootCommand.verb("nope")).isNull();
        assertThat(RootCommand.verb("help")).as("help is picocli's, added with the whole tree").isNull();
    }

    record Outcome(int code, String out, String err) {
    }

    private Outcome outcome(Map<String, String> env, ToIntFunction<CliContext> run) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(env, SimpleTunerHome.underUserHome(userHome), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = run.applyAsInt(context);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
