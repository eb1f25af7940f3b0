package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.Urls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 4: with {@code AWS_ENDPOINT_URL=http://user:PASSWORD@host}, {@code providers}, {@code which},
 * {@code which --json} and the "unreachable" message showed the password. Both endpoints point at a closed
 * loopback port, so the unreachable messages are real ones.
 */
class PrintedUrlsTest {

    private static final String PASSWORD = "PASSWORD-canary-7781";

    @TempDir
    Path userHome;

    private String cli(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var context = new CliContext(env, SimpleTunerHome.underUserHome(userHome), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8), false);
        Cli.run(context, args);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Tag("slow")
    @Test
    void noPrintedPlaceShowsAnEndpointPassword() throws IOException {
        int port = closedPort();
        Map<String, String> env = Map.of(
                "AWS_ENDPOINT_URL", "http://user:" + PASSWORD + "@127.0.0.1:" + port,
                "SIMPLETUNER_AWS_SECRET_NAME", "app", "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret-example",
                "SIMPLETUNER_AWS_TIMEOUT_SECONDS", "3",
                "VAULT_ADDR", "http://admin:" + PASSWORD + "@127.0.0.1:" + port, "VAULT_TOKEN", "t",
                "SIMPLETUNER_VAULT_TIMEOUT_SECONDS", "3");
        String providers = cli(env, "providers");
        String providersJson = cli(env, "providers", "--json");
        String which = cli(env, "which", "HF_TOKEN");
        String whichJson = cli(env, "which", "--json", "HF_TOKEN");
        String get = cli(env, "get", "HF_TOKEN");
        for (String printed : new String[] {providers, providersJson, which, whichJson, get}) {
            assertThat(printed).doesNotContain(PASSWORD).doesNotContain("user:").doesNotContain("admin:");
        }
        assertThat(providers).contains("at http://127.0.0.1:" + port).contains("unreachable");
        assertThat(which).contains("http://127.0.0.1:" + port);
        assertThat(whichJson).contains("http://127.0.0.1:" + port);
    }

    @Test
    void userInfoIsStrippedFromAnyUrlEvenOneThatDoesNotParse() {
        assertThat(Urls.withoutUserInfo("https://u:p@h.example:8200/v1?x=1")).isEqualTo("https://h.example:8200/v1");
        assertThat(Urls.withoutUserInfo("http://u:p w%@h.example")).isEqualTo("http://h.example");
        assertThat(Urls.withoutUserInfo("u:secret@h.example:1")).isEqualTo("h.example:1");
        assertThat(Urls.withoutUserInfo("https://h.example/a@b")).isEqualTo("https://h.example/a@b");
        assertThat(Urls.withoutUserInfo((String) null)).isNull();
    }
}
