package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.secretdesk.testing.Python;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export}'s output read back by its real readers: bash and dash source it, python-dotenv parses it. */
@Tag("slow")
class ExportShellTest {

    @TempDir
    Path userHome;
    @TempDir
    Path work;

    private CliHarness cli;
    private final Map<String, String> values = new LinkedHashMap<>();

    @BeforeEach
    void hostileValuesInTheSecretsFile() throws IOException {
        cli = new CliHarness(userHome);
        for (int i = 0; i < ExportFormatTest.HOSTILE.size(); i++) {
            values.put(String.format("KEY_%02d", i), ExportFormatTest.HOSTILE.get(i));
        }
        cli.secretsFile(values);
    }

    @Test
    void bashAndDashSourcingTheEnvFormatGetEveryValueBack() throws Exception {
        CliHarness.Run export = cli.run("export", "--all");
        assertThat(export.code()).as(export.err()).isZero();
        Path script = Files.writeString(work.resolve("secrets.env"), export.out());
        // The values are printed NUL-separated, so trailing newlines and empty values survive the trip.
        StringBuilder print = new StringBuilder(". " + script + "\n");
        values.keySet().forEach(key -> print.append("printf '%s\\0' \"$").append(key).append("\"\n"));
        for (String shell : List.of("bash", "dash")) {
            assertThat(nulSeparated(shell, print.toString())).as(shell).containsExactlyElementsOf(values.values());
        }
    }

    @Test
    void evalOfNamedKeysSetsThemForTheCommandsThatFollow() throws Exception {
        CliHarness.Run export = cli.run("export", "KEY_00", "KEY_04");
        assertThat(export.code()).isZero();
        assertThat(export.out().lines()).hasSize(2);
        Path script = Files.writeString(work.resolve("two.env"), export.out());
        String shown = nulSeparated("bash", ". " + script + "\nsh -c 'printf \"%s\\0\" \"$KEY_00\" \"$KEY_04\"'\n")
                .stream().reduce((a, b) -> a + "|" + b).orElse("");
        assertThat(shown).as("exported to child processes").isEqualTo("it's|$HOME ${PATH} $(id)");
    }

    @Test
    void pythonDotenvReadsTheDotenvFormatBackExactly() throws Exception {
        CliHarness.Run export = cli.run("export", "--all", "--format", "dotenv");
        assertThat(export.code()).as(export.err()).isZero();
        Path file = Files.writeString(work.resolve(".env"), export.out());
        String out = Python.run("import json, sys\nfrom dotenv import dotenv_values\n"
                + "print(json.dumps(dotenv_values(sys.stdin.readline().strip(), interpolate=False)))", file.toString());
        assertThat(new ObjectMapper().readValue(out, LinkedHashMap.class)).isEqualTo(values);
    }

    private List<String> nulSeparated(String shell, String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(shell, "-c", script).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(shell + ": " + err).isZero();
        String text = new String(out, StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>(Arrays.asList(text.split("\0", -1)));
        parts.remove(parts.size() - 1); // after the last NUL
        return parts;
    }
}
