package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command lines that do not parse: exit 2, and never a typed value in the message (it may be a secret). */
class ArgumentErrorsTest {

    private static final String SECRET = "s3cret-value-0123";

    @TempDir
    Path userHome;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Run cli(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(Map.of(), SimpleTunerHome.underUserHome(userHome), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSecretTypedWhereAnOptionFitsIsNeverEchoed() {
        for (List<String> args : List.of(
                List.of("set", "KEY", "-" + SECRET),
                List.of("set", "KEY", "--" + SECRET),
                List.of("credentials", "set", "replicate", "api_token", "-" + SECRET),
                List.of("credentials", "set", "replicate", "api_token", "value", "-" + SECRET))) {
            Run run = cli(args.toArray(String[]::new));
            assertThat(run.code()).as(args.get(0)).isEqualTo(Cli.USAGE);
            assertThat(run.all().contains(SECRET)).as("%s echoes the typed value", args).isFalse();
            assertThat(run.err()).as(args.toString()).contains("unknown option at argument " + args.size(),
                    "not repeated here", "goes after '--'");
        }
    }

    @Test
    void extraArgumentsAndAMistypedVerbAreNeverEchoed() {
        Run extra = cli("set", "KEY", "value", SECRET);
        assertThat(extra.code()).isEqualTo(Cli.USAGE);
        assertThat(extra.all().contains(SECRET)).as("set echoes an extra argument").isFalse();
        assertThat(extra.err()).contains("secretdesk set: one argument too many at argument 4");

        Run credentials = cli("credentials", "set", "replicate", "api_token", "value", SECRET, SECRET + "2");
        assertThat(credentials.code()).isEqualTo(Cli.USAGE);
        assertThat(credentials.all().contains(SECRET)).as("credentials set echoes extra arguments").isFalse();
        assertThat(credentials.err()).contains("secretdesk credentials set: 2 arguments too many at arguments 6, 7");

        Run typo = cli("sett", "KEY", SECRET);
        assertThat(typo.code()).isEqualTo(Cli.USAGE);
        assertThat(typo.all().contains(SECRET) || typo.all().contains("sett")).as("a mistyped verb's line is echoed").isFalse();
        assertThat(typo.err()).contains("secretdesk: unknown verb at argument 1; the verbs are get, which, set");
    }

    @Test
    void anInvalidOptionValueIsNamedButNotRepeated() {
        Run run = cli("audit", "-n", SECRET);
        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.all().contains(SECRET)).isFalse();
        assertThat(run.err()).contains("secretdesk audit: invalid value for option --limit");
        Run missing = cli("credentials", "set", "replicate");
        assertThat(missing.code()).isEqualTo(Cli.USAGE);
        assertThat(missing.err()).contains("Missing required parameter", "NAME");
    }

    @Test
    void aValueStartingWithADashIsStoredWhenItFollowsTheEndOfOptions() {
        Run set = cli("set", "KEY", "--", "-" + SECRET);
        assertThat(set.code()).as(set.err()).isZero();
        Run got = cli("get", "KEY");
        assertThat(got.out().equals("-" + SECRET + "\n")).as("the value after -- is stored as typed").isTrue();
    }

    @Test
    void aContextsToStringShowsNoEnvironmentValue() {
        CliContext context = new CliContext(Map.of("REPLICATE_API_TOKEN", SECRET, "HOME", "/home/me"),
                SimpleTunerHome.underUserHome(userHome), new ByteArrayInputStream(new byte[0]), System.out, System.err, false);
        String text = context.toString();
        assertThat(text.contains(SECRET) || text.contains("/home/me")).as("toString shows an environment value").isFalse();
        assertThat(text).contains("env=2 variables (values not shown)", userHome.toString());
    }
}
