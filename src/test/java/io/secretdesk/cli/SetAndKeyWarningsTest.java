package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.store.ConsoleStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, items 7 and 9 at the command line: invalid UTF-8 on stdin or argv was stored as U+FFFD and reported
 * as success; {@code set KEY VALUE} put a secret on the command line without a word; a world-writable
 * {@code ~/.simpletuner} passed silently; any text was accepted as a new master key.
 */
class SetAndKeyWarningsTest {

    @TempDir
    Path userHome;

    private final Map<String, String> env = new HashMap<>();

    record Run(int code, String out, String err) {
    }

    private Run cli(byte[] stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(Map.copyOf(env), home(), new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run cli(String stdin, String... args) {
        return cli(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    private SimpleTunerHome home() {
        return SimpleTunerHome.underUserHome(userHome);
    }

    @Test
    void invalidUtf8OnStdinIsRefusedNotStoredAsReplacementCharacters() {
        Run set = cli(new byte[] {'a', (byte) 0xff, 'b', '\n'}, "set", "K");
        assertThat(set.code()).isEqualTo(Cli.USAGE);
        assertThat(set.err()).contains("not UTF-8 text").contains("nothing was written");
        assertThat(home().dir().resolve("secrets.json")).doesNotExist();
    }

    @Test
    void anArgumentHoldingTheReplacementCharacterIsRefused() {
        Run set = cli("", "set", "K", "a\uFFFDb");
        assertThat(set.code()).isEqualTo(Cli.USAGE);
        assertThat(set.err()).contains("VALUE holds U+FFFD").contains("standard input").doesNotContain("a\uFFFDb");
        assertThat(home().dir().resolve("secrets.json")).doesNotExist();
    }

    @Tag("slow")
    @Test
    void invalidUtf8BytesInARealArgumentAreRefused() throws Exception {
        // The bytes come from the shell, as a user's terminal would pass them; Java cannot put them in an argument itself.
        List<String> command = List.of("sh", "-c", "exec \"$0\" -Duser.home=\"$1\" -cp \"$2\" io.secretdesk.Main set K \"$(printf 'a\\377b')\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), userHome.toString(), System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C.UTF-8");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(Cli.USAGE);
        assertThat(output).contains("VALUE holds U+FFFD");
        assertThat(home().dir().resolve("secrets.json")).doesNotExist();
    }

    @Test
    void aValueOnTheCommandLineWarnsAndOneOnStdinDoesNot() {
        Run argument = cli("", "set", "K", "v-on-argv");
        assertThat(argument.code()).isZero();
        assertThat(argument.err()).contains("warning: a VALUE on the command line can be seen by other users")
                .contains("secretdesk set K").doesNotContain("v-on-argv");
        Run stdin = cli("v-on-stdin\n", "set", "K2");
        assertThat(stdin.code()).isZero();
        assertThat(stdin.err()).doesNotContain("warning");
    }

    @Test
    void aWorldWritableSimpleTunerFolderIsWarnedAbout() throws IOException {
        assertThat(cli("v\n", "set", "K").err()).doesNotContain("writable by every user");
        Files.setPosixFilePermissions(home().dir(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Run get = cli("", "get", "K");
        assertThat(get.code()).isZero();
        assertThat(get.err()).contains("warning: " + home().dir() + " is writable by every user")
                .contains("chmod 700 " + home().dir());
        assertThat(cli("", "providers").out()).contains("every user can replace files in " + home().dir());
    }

    @Test
    void aWeakNewMasterKeyIsRefusedAndAWeakKeyAlreadyInUseKeepsWorking() {
        env.put("SIMPLETUNER_CREDENTIAL_KEY", "password123");
        Run refused = cli("r8_value\n", "credentials", "set", "replicate", "api_token");
        assertThat(refused.code()).isEqualTo(Cli.USAGE);
        assertThat(refused.err()).contains("too weak to start encrypting").contains("unset SIMPLETUNER_CREDENTIAL_KEY")
                .contains("nothing was changed").doesNotContain("password123");

        // A store that already holds credentials under that key (written before this rule) goes on working.
        try (ConsoleStore store = ConsoleStore.open(Map.copyOf(env), home())) {
            store.credentials().set("replicate", "old_token", "r8_old");
        }
        assertThat(cli("r8_value\n", "credentials", "set", "replicate", "api_token").code()).isZero();
        assertThat(cli("", "credentials", "get", "replicate", "old_token").out()).isEqualTo("r8_old\n");
    }
}
