package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.store.CostLimit;
import io.secretdesk.core.store.WebhookConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config set} and {@code hardware set} against core's one definition of the config keys and their allowed values
 * ({@link CostLimit}, {@link WebhookConfig}) and core's one JSON-object reader: what the help names and what a set
 * refuses come from there, and a refusal never quotes the input.
 */
class ConfigKeysTest {

    private static final String CANARY = "whsec_canary_0123456789";

    @TempDir
    Path userHome;

    private record Run(int code, String out, String err) {
    }

    private Run cli(String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(Map.of(), SimpleTunerHome.underUserHome(userHome),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theHelpNamesEveryAllowedPeriodAndAction() {
        String help = cli("", "config", "set", "--help").out();
        assertThat(help).contains(CostLimit.PERIOD, CostLimit.ACTION);
        CostLimit.PERIODS.forEach(period -> assertThat(help).contains(period));
        CostLimit.ACTIONS.forEach(action -> assertThat(help).contains(action));
    }

    @Test
    void aValueOutsideCoresListsIsRefusedAndEveryAllowedOneIsTaken() {
        for (String period : CostLimit.PERIODS) {
            assertThat(cli("{\"" + CostLimit.PERIOD + "\": \"" + period + "\"}", "config", "set", "replicate", "--merge").code())
                    .as(period).isZero();
        }
        for (String action : CostLimit.ACTIONS) {
            assertThat(cli("{\"" + CostLimit.ACTION + "\": \"" + action + "\"}", "config", "set", "replicate", "--merge").code())
                    .as(action).isZero();
        }
        Run notify = cli("{\"" + CostLimit.ACTION + "\": \"notify\"}", "config", "set", "replicate", "--merge");
        assertThat(notify.code()).isEqualTo(Cli.USAGE);
        assertThat(notify.err()).contains(CostLimit.ACTION + " of replicate must be one of");
    }

    @Test
    void trailingTextAndBrokenJsonAreRefusedWithAPositionAndNeverTheInput() {
        String object = "{\"" + WebhookConfig.SECRET + "\": \"" + CANARY + "\"}";
        for (String[] verb : new String[][] {{"config", "set", "replicate"}, {"hardware", "set"}}) {
            Run trailing = cli(object + " " + CANARY, verb);
            assertThat(trailing.code()).isEqualTo(Cli.USAGE);
            assertThat(trailing.err()).contains("more text follows the JSON value (error at line 1, column")
                    .doesNotContain(CANARY).doesNotContain("Source:").doesNotContain("REDACTED");
            Run broken = cli("{\"" + WebhookConfig.SECRET + "\": " + CANARY + "}", verb);
            assertThat(broken.code()).isEqualTo(Cli.USAGE);
            assertThat(broken.err()).contains("(error at line 1, column").doesNotContain(CANARY).doesNotContain("Source:");
            Run array = cli("[\"" + CANARY + "\"]", verb);
            assertThat(array.err()).contains("but an array").doesNotContain(CANARY);
        }
    }
}
