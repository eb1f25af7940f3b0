package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.SimpleTunerHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code set --to}, {@code history}, {@code restore}, {@code diff}, {@code drift} and {@code delete --from} on the secrets file. */
class EditVerbsTest {

    private static final String CANARY = "hf_cliEditCanary_77aa";

    @TempDir
    Path userHome;

    final Map<String, String> env = new HashMap<>();

    record Run(int code, String out, String err) {
    }

    Run cli(String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(Map.copyOf(env), SimpleTunerHome.underUserHome(userHome),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void historyListsMaskedVersionsWithWhatChangedAndRestoreBringsOneBack() throws Exception {
        assertThat(cli("hf_aaaa1111\n", "set", "HF_TOKEN", "--to", "file").code()).isZero();
        assertThat(cli(CANARY + "\n", "set", "HF_TOKEN").code()).isZero();

        Run history = cli("", "history", "HF_TOKEN");
        assertThat(history.code()).isZero();
        assertThat(history.out()).contains("HF_TOKEN in file", "VERSION", "current", "hf_••••••••")
                .contains("changed, length 11 -> 21, first 3 characters kept")
                .doesNotContain(CANARY, "hf_aaaa1111");

        JsonNode json = new ObjectMapper().readTree(cli("", "history", "HF_TOKEN", "--json").out());
        assertThat(json.get("versions")).hasSize(2);
        assertThat(json.at("/versions/0/version").asText()).isEqualTo("2");
        assertThat(json.at("/versions/0/who").asText()).isNotBlank();

        Run restore = cli("", "restore", "HF_TOKEN", "1");
        assertThat(restore.code()).isZero();
        assertThat(restore.out()).contains("restored HF_TOKEN in file to the value of version 1 as version 3");
        assertThat(cli("", "get", "HF_TOKEN").out()).isEqualTo("hf_aaaa1111\n");
        Run again = cli("", "restore", "HF_TOKEN", "1");
        assertThat(again.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(again.err()).contains("already holds");
    }

    @Test
    void diffComparesSourcesAndVersionsWithoutShowingValues() {
        env.put("HF_TOKEN", "hf_envValue00");
        cli("hf_fileValue0\n", "set", "HF_TOKEN", "--to", "file");
        cli("hf_fileValue1\n", "set", "HF_TOKEN", "--to", "file");

        Run sources = cli("", "diff", "HF_TOKEN");
        assertThat(sources.code()).as("a failed check when values differ").isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(sources.out()).contains("HF_TOKEN: env vs file: changed, same length (13), first 3 characters kept")
                .doesNotContain("envValue", "fileValue");

        Run versions = cli("", "diff", "HF_TOKEN", "--source", "file@1", "--source", "file@2");
        assertThat(versions.out()).contains("changed, same length (13), first 12 characters kept");
        Run previous = cli("", "diff", "HF_TOKEN", "--source", "file");
        assertThat(previous.out()).contains("file@1 vs file: changed");
        Run same = cli("", "diff", "HF_TOKEN", "--source", "file@2", "--source", "file");
        assertThat(same.code()).isZero();
        assertThat(same.out()).contains("same value");
    }

    @Test
    void driftShowsLettersNotValuesAndExitsOneWhenSourcesDisagree() throws Exception {
        env.put("SPLIT", "from-env");
        env.put("SAME", "equal");
        cli("from-file\n", "set", "SPLIT", "--to", "file");
        cli("equal\n", "set", "SAME", "--to", "file");

        Run drift = cli("", "drift");
        assertThat(drift.code()).isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(drift.out()).contains("SPLIT").contains("drift").doesNotContain("from-env", "from-file", "SAME ");

        JsonNode json = new ObjectMapper().readTree(cli("", "drift", "--json", "--all").out());
        assertThat(json.get("sources").toString()).contains("env", "file");
        assertThat(json.get("keys").toString()).contains("\"SAME\"").doesNotContain("equal", "from-");
        cli("", "delete", "SPLIT");
        assertThat(cli("", "drift").code()).isZero();
    }

    @Test
    void deleteFromAnotherSourceOrAnUnknownOneIsClear() {
        cli("v\n", "set", "K", "--to", "file");
        Run env = cli("", "delete", "K", "--from", "env");
        assertThat(env.code()).isEqualTo(Cli.USAGE);
        assertThat(env.err()).contains("environment variables are set where the process starts");
        Run delete = cli("", "delete", "K", "--from", "file");
        assertThat(delete.code()).isZero();
        assertThat(delete.out()).contains("deleted K from file", "restore K VERSION --source file");
        assertThat(delete.err()).contains("no source supplies K now");
        Run set = cli("v\n", "set", "K", "--to", "aws");
        assertThat(set.code()).isEqualTo(Cli.USAGE);
        assertThat(set.err()).contains("cannot edit 'aws'");
    }

    @Test
    void theRetentionOfTheFilesHistoryCanBeSet() {
        for (int i = 0; i < 5; i++) {
            cli("value" + i + "\n", "set", "K", "--to", "file");
        }
        Run keep = cli("", "history", "--keep", "2");
        assertThat(keep.code()).isZero();
        assertThat(keep.out()).contains("keeps the newest 2 versions");
        assertThat(cli("", "history", "K", "--json").out()).contains("\"version\" : \"5\"").contains("\"version\" : \"4\"")
                .doesNotContain("\"version\" : \"3\"");
        assertThat(cli("", "history", "--keep", "0").code()).isEqualTo(Cli.USAGE);
    }
}
