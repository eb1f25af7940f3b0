package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Help on every verb, with an example and the exit codes; the table in docs/cli.md is the enum's. */
class CliHelpTest {

    @TempDir
    Path userHome;

    /** Every command of the tree as the words that name it, e.g. [credentials, set]. */
    private List<List<String>> everyVerb(CliHarness cli) {
        CliContext context = new CliContext(cli.env, io.secretdesk.core.SimpleTunerHome.underUserHome(userHome),
                System.in, System.out, System.err, false);
        return Cli.tree(Cli.commandLine(context)).stream().filter(c -> c.getParent() != null)
                .map(c -> Arrays.asList(c.getCommandSpec().qualifiedName().split(" ")).subList(1,
                        c.getCommandSpec().qualifiedName().split(" ").length))
                .toList();
    }

    @Test
    void everyVerbHasHelpWithAnExampleAndTheExitCodesBothWays() {
        CliHarness cli = new CliHarness(userHome);
        List<List<String>> verbs = everyVerb(cli);
        assertThat(verbs).extracting(v -> String.join(" ", v)).contains("get", "which", "set", "delete", "providers",
                "export", "run", "completion", "help", "credentials set", "rotate-key");
        for (List<String> verb : verbs) {
            String[] help = concat(verb, "--help");
            CliHarness.Run viaOption = cli.run(help);
            assertThat(viaOption.code()).as(String.join(" ", help) + ": " + viaOption.err()).isZero();
            assertThat(viaOption.out()).as(String.join(" ", help)).contains("Usage: secretdesk " + String.join(" ", verb))
                    .contains("Example").contains("Exit codes:").contains("not found: every provider that");
            if (verb.size() == 1 && !verb.get(0).equals("help")) {
                CliHarness.Run viaVerb = cli.run("help", verb.get(0));
                assertThat(viaVerb.code()).isZero();
                assertThat(viaVerb.out()).as("help " + verb.get(0)).isEqualTo(viaOption.out());
            }
        }
    }

    @Test
    void aRequiredParameterDoesNotStopHelp() {
        CliHarness cli = new CliHarness(userHome);
        for (String verb : List.of("get", "which", "set", "delete")) {
            CliHarness.Run run = cli.run(verb, "--help");
            assertThat(run.code()).as(verb).isZero();
            assertThat(run.err()).as(verb).isEmpty();
        }
        assertThat(cli.run("providers", "--help").code()).isZero();
        assertThat(cli.run("get").code()).as("without --help a missing KEY is still a usage error").isEqualTo(2);
    }

    @Test
    void rootHelpListsEveryVerbAndTheTable() {
        CliHarness.Run run = new CliHarness(userHome).run("--help");
        assertThat(run.code()).isZero();
        for (String verb : Cli.verbNames()) {
            assertThat(run.out()).contains("  " + verb + " ");
        }
        String flowing = run.out().replaceAll("\\s+", " ");
        for (ExitCode code : ExitCode.values()) {
            assertThat(flowing).contains(code.code() + " " + code.meaning());
        }
        assertThat(new CliHarness(userHome).run("help", "nope").code()).isEqualTo(2);
    }

    @Test
    void theDocumentedTableIsTheEnum() throws Exception {
        String doc = Files.readString(Path.of("docs/cli.md"));
        for (ExitCode code : ExitCode.values()) {
            assertThat(doc).as("docs/cli.md row of " + code).contains("| " + code.code() + " | " + code.meaning() + " |");
        }
    }

    @Test
    void completionScriptsNameEveryVerb() {
        CliHarness cli = new CliHarness(userHome);
        for (String shell : List.of("bash", "zsh")) {
            CliHarness.Run run = cli.run("completion", shell);
            assertThat(run.code()).isZero();
            assertThat(run.out()).contains("complete -F").contains("export").contains("rotate-key").contains("--allow-unavailable");
        }
        assertThat(cli.run("completion", "fish").code()).isEqualTo(2);
    }

    @Test
    void versionBuildsNoVerbAndAVerbBuildsOnlyItself() {
        CliContext context = new CliContext(new CliHarness(userHome).env,
                io.secretdesk.core.SimpleTunerHome.underUserHome(userHome), System.in, System.out, System.err, false);
        assertThat(Cli.commandLine(context, "--version").getSubcommands()).isEmpty();
        CommandLine get = Cli.commandLine(context, "get", "K");
        assertThat(get.getSubcommands().keySet()).containsExactly("get");
        assertThat(Cli.commandLine(context, "nope").getSubcommands()).containsKeys("get", "help", "completion");
    }

    private static String[] concat(List<String> words, String last) {
        String[] all = words.toArray(new String[words.size() + 1]);
        all[words.size()] = last;
        return all;
    }
}
