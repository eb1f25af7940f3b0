package io.secretdesk.core.rotation;

import static io.secretdesk.core.rotation.RotationFixture.keyIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.cli.Cli;
import io.secretdesk.cli.CliContext;
import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.RotationJournal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills a real {@code rotate-key} process (SIGKILL, as {@code kill -9}) at named points of a rotation or a
 * rollback, then starts SecretDesk again: every credential must decrypt with the key its row records, and
 * the interrupted operation must be finished or rolled back, with the operator told which.
 */
@Tag("slow")
class KeyRotationCrashTest {

    private static final int ROWS = 300;

    @TempDir
    Path userHome;

    @ParameterizedTest(name = "killed at {0} ({1}) -> {2}")
    @CsvSource({
        "backup.copied,         key_file,    cleaned",
        "reencrypt.half,        key_file,    rolled_back",
        "reencrypt.committed,   key_file,    rolled_back",
        "commit.started,        key_file,    finished",
        "commit.previous-saved, key_file,    finished",
        "commit.key-replaced,   key_file,    finished",
        "commit.files-done,     key_file,    finished",
        "reencrypt.half,        environment, rolled_back",
        "commit.started,        environment, finished",
        "commit.files-done,     environment, finished",
    })
    void aRotationKilledAtAnyPointIsFinishedOrRolledBackOnTheNextStart(String point, String origin, String outcome) throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        boolean fromEnvironment = origin.equals("environment");
        if (fromEnvironment) {
            fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", "environment-master-key-0123456789-ABCDEFGH");
        }
        Map<String, String> values = fx.seed(ROWS);
        String oldId = keyIdOf(fromEnvironment ? fx.env.get("SIMPLETUNER_CREDENTIAL_KEY") : Files.readString(fx.keyFile()).strip());
        String keyFileBefore = fromEnvironment ? null : Files.readString(fx.keyFile());

        killAt(fx, point, "rotate-key", "--generate", "--yes");

        String notice = nextStart(fx);
        List<String> keyIds = fx.assertEveryRowDecryptsWithItsRecordedKey(values);
        assertThat(fx.verifyAudit().intact()).isTrue();
        assertThat(fx.file(Slot.NEW)).as("no new-key file is left").doesNotExist();
        try (ConsoleStore store = fx.open()) {
            KeyRotations.Status status = fx.rotations(store).status();
            assertThat(status.unfinished()).isEmpty();
            switch (outcome) {
                case "cleaned" -> {
                    assertThat(notice).contains("Removed what an interrupted key rotation left behind", "incomplete backup");
                    assertThat(status.history()).isEmpty();
                }
                case "rolled_back" -> {
                    assertThat(notice).contains("was rolled back", "the key is");
                    assertThat(status.history()).singleElement().extracting(RotationJournal.Entry::state)
                            .isEqualTo(RotationJournal.State.ROLLED_BACK);
                }
                default -> {
                    assertThat(notice).contains("was finished", "encrypted with the new key");
                    RotationJournal.Entry entry = status.history().get(0);
                    assertThat(entry.state()).isEqualTo(RotationJournal.State.COMMITTED);
                    assertThat(keyIds).containsOnly(entry.toKeyId());
                    if (fromEnvironment) {
                        assertThat(notice).contains("export SIMPLETUNER_CREDENTIAL_KEY=\"$(cat '" + fx.file(Slot.PENDING) + "')\"");
                        assertThat(keyIdOf(fx.file(Slot.PENDING))).isEqualTo(entry.toKeyId());
                    } else {
                        assertThat(keyIdOf(fx.keyFile())).isEqualTo(entry.toKeyId());
                        assertThat(Files.readString(fx.file(Slot.PREVIOUS)).equals(keyFileBefore.strip()))
                                .as("previous key kept").isTrue();
                    }
                }
            }
        }
        if (!outcome.equals("finished")) {
            assertThat(keyIds).containsOnly(oldId);
            if (!fromEnvironment) {
                assertThat(Files.readString(fx.keyFile())).isEqualTo(keyFileBefore);
            }
            assertThat(fx.file(Slot.PREVIOUS)).doesNotExist();
            assertThat(fx.file(Slot.PENDING)).doesNotExist();
            try (Stream<Path> backups = Files.list(fx.home.backupsDir())) {
                assertThat(backups).as("backups left behind").isEmpty();
            }
        }
        assertThat(nextStart(fx)).as("a second start has nothing left to recover").isEmpty();
    }

    @ParameterizedTest(name = "rollback killed at {0} (a row on the previous key: {2})")
    @CsvSource({"rollback.before-restore, rotated, false", "rollback.restored, restored, false",
        "commit.key-replaced, restored, false", "rollback.restored, restored, true"})
    void aRollbackKilledAtAnyPointLeavesOneConsistentKey(String point, String expected, boolean rowOnPrevious) throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(ROWS);
        if (rowOnPrevious) {
            // Rotated once, not confirmed, and a row written with the previous key: the backup taken next holds it.
            String firstSecret = Files.readString(fx.keyFile()).strip();
            KeyRotationTest.rotate(fx);
            try (ConsoleStore store = fx.open()) {
                store.credentials().useEncryption(RotationFixture.ringOf(firstSecret));
                store.credentials().set("replicate", "on_the_previous_key", "previous-value");
            }
            values.put("replicate/on_the_previous_key", "previous-value");
        }
        String oldSecret = Files.readString(fx.keyFile()).strip();
        KeyRotation.Summary summary = KeyRotationTest.rotate(fx);
        String rotatedSecret = Files.readString(fx.keyFile()).strip();

        killAt(fx, point, "rotate-key", "--rollback", summary.backupFolder().toString(), "--yes");

        String notice = nextStart(fx);
        List<String> keyIds = fx.assertEveryRowDecryptsWithItsRecordedKey(values);
        assertThat(fx.verifyAudit().intact()).isTrue();
        assertThat(fx.file(Slot.NEW)).doesNotExist();
        if (expected.equals("restored")) {
            assertThat(notice).contains("The rollback to " + summary.backupFolder() + " was finished");
            assertThat(keyIds).containsOnly(summary.fromKeyId());
            assertThat(Files.readString(fx.keyFile()).equals(oldSecret)).as("key file restored").isTrue();
            assertThat(Files.readString(fx.file(Slot.PREVIOUS)).equals(rotatedSecret)).as("rotated key kept").isTrue();
            assertThat(fx.audit(1).get(0).action()).isEqualTo("credential.key.rollback");
        } else {
            assertThat(notice).contains("Removed what an interrupted key rotation left behind", "the unused new key");
            assertThat(keyIds).containsOnly(summary.toKeyId());
            assertThat(Files.readString(fx.keyFile()).equals(rotatedSecret)).as("key file unchanged").isTrue();
        }
        try (Stream<Path> files = Files.list(summary.backupFolder())) {
            assertThat(files.map(path -> path.getFileName().toString()).sorted()).as("the backup is kept, without restore copies")
                    .containsExactlyElementsOf(rowOnPrevious
                            ? List.of("console.db", "credential.key", "credential.key.previous", "manifest.json")
                            : List.of("console.db", "credential.key", "manifest.json"));
        }
    }

    private static void killAt(RotationFixture fx, String point, String... args) throws Exception {
        RotationCrashes.killAt(fx.userHome, fx.env, point, args);
    }

    /** Runs a store verb as the next start of SecretDesk would, and returns what it told the operator. */
    private static String nextStart(RotationFixture fx) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(Map.copyOf(fx.env), fx.home, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(context, "credentials", "list");
        String told = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(told).isZero();
        assertThat(told).doesNotContain("warning");
        return told;
    }
}
