package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.crypto.CredentialKey;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotateKeyCommandTest {

    @TempDir
    Path userHome;

    private final Map<String, String> env = new HashMap<>();

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Run cli(String stdin, boolean interactive, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(Map.copyOf(env), home(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), interactive);
        int code = Cli.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run cli(String... args) {
        return cli("", false, args);
    }

    private SimpleTunerHome home() {
        return SimpleTunerHome.underUserHome(userHome);
    }

    private Path keyFile() {
        return home().credentialKeyFile();
    }

    @BeforeEach
    void seed() {
        Run imported = cli("""
                [{"provider": "replicate", "name": "api_token", "value": "r8_first_value"},
                 {"provider": "runpod", "name": "api_key", "value": "rp_second_value"},
                 {"provider": "lambda", "name": "key", "value": "lam_third_value"}]""", false, "credentials", "import");
        assertThat(imported.code()).as(imported.err()).isZero();
    }

    @Test
    void refusesWithoutATerminalUnlessToldYesAndChangesNothing() throws IOException {
        String keyBefore = Files.readString(keyFile());
        String listBefore = cli("credentials", "list").out();
        Run refused = cli("rotate-key");
        assertThat(refused.code()).isEqualTo(Cli.USAGE);
        assertThat(refused.err()).contains("standard input is not a terminal", "--yes", "Nothing was changed");
        assertThat(Files.readString(keyFile())).isEqualTo(keyBefore);
        assertThat(cli("credentials", "list").out()).isEqualTo(listBefore);
        assertThat(home().backupsDir()).doesNotExist();
    }

    @Test
    void rotatesWithYesAndPrintsTheSummaryButNoKeyMaterial() throws IOException {
        String oldSecret = Files.readString(keyFile()).strip();
        String oldId = CredentialKey.derive(oldSecret).id();
        Run run = cli("rotate-key", "--yes");
        assertThat(run.code()).as(run.err()).isZero();
        String newSecret = Files.readString(keyFile()).strip();
        String newId = CredentialKey.derive(newSecret).id();
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(run.out()).contains("Key:          key file " + keyFile() + " (key id " + oldId + ")", "Credentials:  3",
                "New key:      generated (key id " + newId + ")", "Re-encrypted: 3 credentials in one transaction",
                "Verified:     3 credentials", "Key rotation committed.", "key id:        " + oldId + " -> " + newId,
                "previous key:  " + keyFile() + ".previous");
        Path backup = backupFolderIn(run.out());
        assertThat(backup).isDirectory().hasParent(home().backupsDir());
        assertThat(run.out()).contains("To undo: secretdesk rotate-key --rollback " + backup);
        assertThat(run.all().contains(oldSecret) || run.all().contains(newSecret)).as("key material in the output").isFalse();

        Run get = cli("credentials", "get", "runpod", "api_key");
        assertThat(get.out().equals("rp_second_value\n")).as("value still decrypts").isTrue();
        assertThat(cli("credentials", "list").out()).contains(newId).doesNotContain(oldId);
        Run audit = cli("audit", "-n", "1");
        assertThat(audit.out()).contains("credential.key.rotate");
        assertThat(cli("audit", "--verify").code()).isZero();

        Run status = cli("rotate-key", "--status");
        assertThat(status.out()).contains("; encrypting with key id " + newId, "Previous key:  " + keyFile() + ".previous",
                "rotate  committed  " + oldId + " -> " + newId);
        Run confirm = cli("rotate-key", "--confirm");
        assertThat(confirm.code()).as(confirm.err()).isZero();
        assertThat(confirm.out()).contains("Confirmed key id " + newId + "; removed " + keyFile() + ".previous");
        assertThat(cli("rotate-key", "--confirm").out()).startsWith("Nothing to confirm");
    }

    @Test
    void onATerminalItAsksBeforeCommittingAndANoRollsBack() throws IOException {
        String keyBefore = Files.readString(keyFile());
        String listBefore = cli("credentials", "list").out();
        Run declined = cli("n\n", true, "rotate-key");
        assertThat(declined.code()).isEqualTo(ExitCode.DECLINED.code());
        assertThat(declined.err()).contains("Commit the new key?", "not committed", "re-encrypted back to key");
        assertThat(Files.readString(keyFile())).isEqualTo(keyBefore);
        assertThat(cli("credentials", "list").out()).isEqualTo(listBefore);
        try (Stream<Path> backups = Files.list(home().backupsDir())) {
            assertThat(backups).isEmpty();
        }
        assertThat(Path.of(keyFile() + ".new")).doesNotExist();

        Run accepted = cli("yes\n", true, "rotate-key");
        assertThat(accepted.code()).as(accepted.err()).isZero();
        assertThat(Files.readString(keyFile())).isNotEqualTo(keyBefore);
    }

    @Test
    void undecryptableCredentialsAreNamedAndStopTheRotationUnlessSkipped() throws IOException {
        env.put("SIMPLETUNER_CREDENTIAL_KEY", "some-other-master-key-0123456789abcdefgh");
        assertThat(cli("", false, "credentials", "set", "stray", "foreign", "foreign_value").code()).isZero();
        env.remove("SIMPLETUNER_CREDENTIAL_KEY");
        String keyBefore = Files.readString(keyFile());

        Run stopped = cli("rotate-key", "--yes");
        assertThat(stopped.code()).isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(stopped.err()).contains("1 credentials do not decrypt with the current key:", "  stray/foreign",
                "stopped before changing anything", "--skip-undecryptable");
        assertThat(stopped.all()).doesNotContain("foreign_value");
        assertThat(Files.readString(keyFile())).isEqualTo(keyBefore);
        assertThat(home().backupsDir()).doesNotExist();

        Run skipped = cli("rotate-key", "--yes", "--skip-undecryptable");
        assertThat(skipped.code()).as(skipped.err()).isZero();
        assertThat(skipped.out()).contains("3 re-encrypted, 1 left untouched (stray/foreign)");
        assertThat(cli("credentials", "get", "replicate", "api_token").out().equals("r8_first_value\n")).isTrue();
    }

    @Test
    void aKeyFromTheEnvironmentSaysExactlyWhatToSetAndConfirmWaitsForIt() throws IOException {
        String envSecret = Files.readString(keyFile()).strip();
        Files.delete(keyFile()); // the operator moved the key into the environment
        env.put("SIMPLETUNER_CREDENTIAL_KEY", envSecret);
        assertThat(cli("", false, "credentials", "set", "replicate", "env_token", "env_value").code()).isZero();

        Run run = cli("rotate-key", "--yes");
        assertThat(run.code()).as(run.err()).isZero();
        Path pending = Path.of(keyFile() + ".pending");
        assertThat(run.out()).contains("Key:          environment variable SIMPLETUNER_CREDENTIAL_KEY",
                "The key comes from SIMPLETUNER_CREDENTIAL_KEY, which SecretDesk cannot change.",
                "    export SIMPLETUNER_CREDENTIAL_KEY=\"$(cat '" + pending + "')\"",
                "run `secretdesk rotate-key --confirm`");
        String newSecret = Files.readString(pending);
        assertThat(run.all().contains(newSecret) || run.all().contains(envSecret)).as("key material shown").isFalse();
        assertThat(keyFile()).doesNotExist();
        assertThat(cli("credentials", "get", "replicate", "env_token").out().equals("env_value\n")).as("both keys work").isTrue();

        Run early = cli("rotate-key", "--confirm");
        assertThat(early.code()).isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(early.err()).contains("SIMPLETUNER_CREDENTIAL_KEY does not hold the new key yet", "export SIMPLETUNER_CREDENTIAL_KEY");

        env.put("SIMPLETUNER_CREDENTIAL_KEY", newSecret);
        Run confirmed = cli("rotate-key", "--confirm");
        assertThat(confirmed.code()).as(confirmed.err()).isZero();
        assertThat(pending).doesNotExist();
        assertThat(cli("credentials", "get", "lambda", "key").out().equals("lam_third_value\n")).isTrue();
    }

    @Test
    void aNewKeyFromAFileIsCheckedThenUsed() throws IOException {
        Path weak = ownerOnly(userHome.resolve("weak.key"), "password123\n");
        Run refused = cli("rotate-key", "--yes", "--new-key-file", weak.toString());
        assertThat(refused.code()).isEqualTo(Cli.USAGE);
        assertThat(refused.err()).contains("the new key has 11 characters; use at least 32").doesNotContain("password123");
        assertThat(cli("rotate-key", "--yes", "--new-key-file", userHome.resolve("missing.key").toString()).code())
                .isEqualTo(Cli.USAGE);
        assertThat(cli("rotate-key", "--generate", "--new-key-file", weak.toString(), "--yes").code()).isEqualTo(Cli.USAGE);

        String chosen = "hW3kP9vQ2xL7mN4bR8tY1cZ6fJ5gD0sA-_eU";
        Path good = ownerOnly(userHome.resolve("good.key"), chosen + "\n");
        Run run = cli("rotate-key", "--yes", "--new-key-file", good.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("New key:      from " + good);
        assertThat(Files.readString(keyFile()).equals(chosen)).as("key file holds the chosen key").isTrue();
    }

    @Test
    void rollsBackToANamedBackupOnlyWhenConfirmed() throws IOException {
        String oldKey = Files.readString(keyFile());
        Run rotated = cli("rotate-key", "--yes");
        Path backup = backupFolderIn(rotated.out());
        assertThat(cli("", false, "credentials", "set", "replicate", "after_backup", "v").code()).isZero();
        String rotatedKey = Files.readString(keyFile());

        Run refused = cli("rotate-key", "--rollback", backup.toString());
        assertThat(refused.code()).isEqualTo(Cli.USAGE);
        assertThat(Files.readString(keyFile())).isEqualTo(rotatedKey);
        Run declined = cli("no\n", true, "rotate-key", "--rollback", backup.getFileName().toString());
        assertThat(declined.code()).isEqualTo(ExitCode.DECLINED.code());
        assertThat(declined.out()).contains("Taken at:", "(3 credentials, key id ");
        assertThat(Files.readString(keyFile())).isEqualTo(rotatedKey);
        assertThat(cli("rotate-key", "--rollback", "no-such-backup", "--yes").code()).isEqualTo(Cli.USAGE);

        Run rolledBack = cli("rotate-key", "--rollback", backup.getFileName().toString(), "--yes");
        assertThat(rolledBack.code()).as(rolledBack.err()).isZero();
        assertThat(rolledBack.out()).contains("Rolled back: key id ", "database restored from " + backup,
                "the replaced key is kept decrypt-only in " + keyFile() + ".previous");
        assertThat(Files.readString(keyFile()).equals(oldKey)).as("key file restored").isTrue();
        assertThat(cli("credentials", "get", "replicate", "after_backup").code()).isEqualTo(Cli.NOT_FOUND);
        assertThat(cli("credentials", "get", "replicate", "api_token").out().equals("r8_first_value\n")).isTrue();
        assertThat(cli("audit", "-n", "1").out()).contains("credential.key.rollback");
    }

    @Test
    void aRollbackAfterTheCommitKeepsEveryAuditEntryAndAppendsItsOwn() throws IOException {
        Run rotated = cli("rotate-key", "--yes");
        assertThat(rotated.code()).as(rotated.err()).isZero();
        Path backup = backupFolderIn(rotated.out());
        assertThat(cli("credentials", "set", "replicate", "after_backup", "v").code()).isZero();
        assertThat(cli("{\"webhook_url\": \"https://example.test/hook\"}", false, "config", "set", "replicate").code()).isZero();
        List<String> before = actions(cli("audit", "--json", "-n", "1000").out());
        assertThat(before).contains("credential.import", "credential.key.rotate", "credential.set", "provider_config.save");

        Run rolledBack = cli("rotate-key", "--rollback", backup.getFileName().toString(), "--yes");
        assertThat(rolledBack.code()).as(rolledBack.err()).isZero();

        List<String> after = actions(cli("audit", "--json", "-n", "1000").out());
        assertThat(after).as("entries written before and after the backup survive the restore").startsWith(before.toArray(String[]::new));
        assertThat(after).hasSize(before.size() + 1).last().isEqualTo("credential.key.rollback");
        Run verified = cli("audit", "--verify");
        assertThat(verified.code()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("audit chain intact: " + after.size() + " entries verified");
    }

    private static List<String> actions(String auditJson) throws IOException {
        List<String> actions = new ArrayList<>();
        new ObjectMapper().readTree(auditJson).forEach(entry -> actions.add(entry.get("action").asText()));
        return actions;
    }

    @Test
    void aConsoleLeftOpenAcrossAnotherProcesssRotationAndConfirmWritesWithTheNewKey() throws IOException {
        try (ConsoleStore console = ConsoleStore.open(Map.copyOf(env), home(), TtlCache.<Map<String, Object>>builder()
                .scheduler(new ManualScheduler(System::nanoTime)).build())) {
            console.credentials().set("replicate", "before_rotation", "value-1");
            Run rotated = cli("rotate-key", "--yes");
            assertThat(rotated.code()).as(rotated.err()).isZero();
            Run confirmed = cli("rotate-key", "--confirm");
            assertThat(confirmed.code()).as(confirmed.err()).isZero();
            assertThat(Path.of(keyFile() + ".previous")).doesNotExist();

            console.credentials().set("replicate", "written_after_confirm", "value-2");
            assertThat(console.credentials().get("replicate", "before_rotation").orElseThrow().equals("value-1")).isTrue();
        }
        Run after = cli("credentials", "get", "replicate", "written_after_confirm");
        assertThat(after.code()).as(after.err()).isZero();
        assertThat(after.out().equals("value-2\n")).as("a new process decrypts what the open console wrote").isTrue();
    }

    @Test
    void conflictingOptionsAreUsageErrors() {
        assertThat(cli("rotate-key", "--confirm", "--generate").code()).isEqualTo(Cli.USAGE);
        assertThat(cli("rotate-key", "--status", "--confirm").code()).isEqualTo(Cli.USAGE);
        assertThat(cli("rotate-key", "--confirm", "--yes").code()).isEqualTo(Cli.USAGE);
        assertThat(cli("rotate-key", "--rollback", "x", "--skip-undecryptable").code()).isEqualTo(Cli.USAGE);
        assertThat(cli("rotate-key", "--help").out()).contains("rotate-key --rollback BACKUP [--yes]");
    }

    private static Path ownerOnly(Path file, String content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, content);
    }

    private static Path backupFolderIn(String output) {
        Matcher matcher = Pattern.compile("(?m)^Backup: +(\\S+)$").matcher(output);
        assertThat(matcher.find()).as("backup line in:%n%s", output).isTrue();
        return Path.of(matcher.group(1));
    }
}
