package io.secretdesk.core.rotation;

import static io.secretdesk.core.rotation.RotationFixture.keyIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.RotationJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling back to a rotation's backup after its commit ({@link KeyRotations#rollbackTo}, {@link RollbackToBackup}). */
class RollbackToBackupTest {

    @TempDir
    Path userHome;

    @Test
    void rollsBackToABackupAfterTheCommit() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(15);
        String oldSecret = Files.readString(fx.keyFile()).strip();
        KeyRotation.Summary summary = KeyRotationTest.rotate(fx);
        String rotatedSecret = Files.readString(fx.keyFile()).strip();
        try (ConsoleStore store = fx.open()) {
            store.credentials().set("replicate", "added_after_the_backup", "lost-on-rollback");
        }
        try (ConsoleStore store = fx.open()) {
            KeyRotations rotations = fx.rotations(store);
            assertThat(rotations.backups()).extracting(KeyRotations.BackupInfo::folder).containsExactly(summary.backupFolder());
            KeyRotations.RollbackResult result = rotations.rollbackTo(summary.backupFolder().getFileName().toString());
            assertThat(result.fromKeyId()).isEqualTo(summary.toKeyId());
            assertThat(result.toKeyId()).isEqualTo(summary.fromKeyId());
            assertThat(result.previousKeyFile()).hasValue(fx.file(Slot.PREVIOUS));
            assertThat(store.credentials().get("lambda", "token2").orElseThrow().equals(values.get("lambda/token2")))
                    .as("the open store reads the restored rows").isTrue();
        }
        assertThat(Files.readString(fx.keyFile()).equals(oldSecret)).as("key file restored").isTrue();
        assertThat(Files.readString(fx.file(Slot.PREVIOUS)).equals(rotatedSecret)).as("rotated key kept decrypt-only").isTrue();
        assertThat(fx.file(Slot.NEW)).doesNotExist();
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).containsOnly(summary.fromKeyId());
        assertThat(fx.audit(1).get(0)).satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("credential.key.rollback");
            assertThat(entry.details()).contains("\"backup\": \"" + summary.backupFolder() + "\"");
        });
        assertThat(fx.verifyAudit().intact()).isTrue();
        try (ConsoleStore store = fx.open()) {
            assertThat(fx.rotations(store).status().history()).first().satisfies(entry -> {
                assertThat(entry.kind()).isEqualTo(RotationJournal.Kind.ROLLBACK);
                assertThat(entry.state()).isEqualTo(RotationJournal.State.COMMITTED);
            });
            assertThat(fx.rotations(store).confirm().removed()).containsExactly(fx.file(Slot.PREVIOUS));
        }
    }

    @Test
    void rollingBackToABackupTakenWhileARowWasOnThePreviousKeyKeepsThatRowDecryptable() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(20);
        String firstSecret = Files.readString(fx.keyFile()).strip();
        KeyRotation.Summary first = KeyRotationTest.rotate(fx);
        // Another process still on the first key writes a row during the grace period (not confirmed).
        try (ConsoleStore store = fx.open()) {
            store.credentials().useEncryption(RotationFixture.ringOf(firstSecret));
            store.credentials().set("replicate", "written_with_the_previous_key", "previous-key-value");
        }
        values.put("replicate/written_with_the_previous_key", "previous-key-value");
        String secondSecret = Files.readString(fx.keyFile()).strip();
        KeyRotation.Summary second = KeyRotationTest.rotate(fx);
        assertThat(Files.readString(fx.file(Slot.PREVIOUS)).equals(secondSecret))
                .as("the second commit replaced the first key in .previous").isTrue();

        Path backup = second.backupFolder();
        try (Stream<Path> files = Files.list(backup)) {
            assertThat(files.map(file -> file.getFileName() + " " + KeyRotationTest.mode(file)).sorted()).containsExactly(
                    "console.db rw-------", "credential.key rw-------", "credential.key.previous rw-------",
                    "manifest.json rw-------");
        }
        assertThat(Files.readString(backup.resolve("credential.key.previous")).equals(firstSecret))
                .as("the backup holds the previous key").isTrue();
        String manifest = Files.readString(backup.resolve("manifest.json"));
        assertThat(manifest).contains("\"extra_key_files\" : [ \"credential.key.previous\" ]",
                "\"decrypt_only_key_ids\" : [ \"" + first.fromKeyId() + "\" ]", "\"to_key_id\" : \"" + second.toKeyId() + "\"");
        assertThat(manifest.contains(firstSecret) || manifest.contains(secondSecret)).as("key material in the manifest").isFalse();

        try (ConsoleStore store = fx.open()) {
            KeyRotations.RollbackResult result = fx.rotations(store).rollbackTo(backup.toString());
            assertThat(result.toKeyId()).isEqualTo(second.fromKeyId());
            assertThat(result.notices()).noneMatch(notice -> notice.contains("do not decrypt"));
            assertThat(store.credentials().get("replicate", "written_with_the_previous_key").orElseThrow()
                    .equals("previous-key-value")).as("the open store reads the row that was on the previous key").isTrue();
        }
        assertThat(Files.readString(fx.keyFile()).equals(secondSecret)).as("key file restored").isTrue();
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).as("every row moved onto the restored key")
                .containsOnly(second.fromKeyId());
        assertThat(fx.verifyAudit().intact()).isTrue();
        try (ConsoleStore store = fx.open()) {
            fx.rotations(store).confirm();
        }
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).containsOnly(second.fromKeyId());
        assertThat(first.toKeyId()).isEqualTo(second.fromKeyId());
    }

    @Test
    void aBackupWhosePreviousKeyWasAlteredIsNotRestored() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        fx.seed(6);
        String firstSecret = Files.readString(fx.keyFile()).strip();
        KeyRotationTest.rotate(fx);
        try (ConsoleStore store = fx.open()) {
            store.credentials().useEncryption(RotationFixture.ringOf(firstSecret));
            store.credentials().set("replicate", "on_the_previous_key", "value");
        }
        KeyRotation.Summary second = KeyRotationTest.rotate(fx);
        Files.writeString(second.backupFolder().resolve("credential.key.previous"), "another-key-entirely-0123456789-ABCDEFGH");
        String rowsBefore = fx.dump("credentials", "*");
        try (ConsoleStore store = fx.open()) {
            assertThatThrownBy(() -> fx.rotations(store).rollbackTo(second.backupFolder().toString()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("open 1 credentials fewer")
                    .hasMessageContaining("was altered");
        }
        assertThat(keyIdOf(fx.keyFile())).isEqualTo(second.toKeyId());
        assertThat(fx.dump("credentials", "*")).isEqualTo(rowsBefore);
        assertThat(fx.file(Slot.NEW)).doesNotExist();
    }

    @Test
    void aBackupThatWasAlteredOrIsIncompleteIsNotRestored() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        fx.seed(4);
        KeyRotation.Summary summary = KeyRotationTest.rotate(fx);
        String rowsAfter = fx.dump("credentials", "*");
        Files.writeString(summary.backupFolder().resolve("credential.key"), "another-key-entirely-0123456789-ABCDEFGH");
        Path incomplete = Files.createDirectories(fx.home.backupsDir().resolve("key-rotation-20990101T000000Z"));
        try (ConsoleStore store = fx.open()) {
            assertThatThrownBy(() -> fx.rotations(store).rollbackTo(incomplete.toString()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("incomplete");
            assertThatThrownBy(() -> fx.rotations(store).rollbackTo(summary.backupFolder().toString()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was altered");
            assertThat(incomplete).as("recovery removes an incomplete backup").doesNotExist();
            assertThatThrownBy(() -> fx.rotations(store).rollbackTo("no-such-backup"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no backup folder no-such-backup");
        }
        assertThat(keyIdOf(fx.keyFile())).isEqualTo(summary.toKeyId());
        assertThat(fx.dump("credentials", "*")).isEqualTo(rowsAfter);
    }
}
