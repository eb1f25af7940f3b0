package io.secretdesk.core.rotation;

import static io.secretdesk.core.rotation.RotationFixture.keyIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.crypto.KeyDerivation;
import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.RotationJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRotationTest {

    @TempDir
    Path userHome;

    @Test
    void rotatesAKeyFileStoreStepByStepAndKeepsTheOldKeyDecryptOnly() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(30);
        String oldSecret = Files.readString(fx.keyFile()).strip();
        String oldId = keyIdOf(oldSecret);
        Set<KeyRotation.Step> reported = EnumSet.noneOf(KeyRotation.Step.class);
        String newSecret;
        KeyRotation.Summary summary;
        try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin((step, done, total) -> reported.add(step))) {
            assertThat(rotation.state()).isEqualTo(KeyRotation.State.READY);
            assertThatThrownBy(rotation::backup).isInstanceOf(IllegalStateException.class).hasMessageContaining("BACKUP");

            KeyRotation.Preflight preflight = rotation.preflight();
            assertThat(preflight.credentials()).isEqualTo(30);
            assertThat(preflight.keyId()).isEqualTo(oldId);
            assertThat(preflight.keyFromEnvironment()).isFalse();
            assertThat(preflight.keySource()).isEqualTo("key file " + fx.keyFile());
            assertThat(preflight.undecryptable()).isEmpty();
            assertThat(preflight.rowsByKeyId()).containsExactly(Map.entry(oldId, 30));

            KeyRotation.NewKey newKey = rotation.generateKey();
            assertThat(newKey.generated()).isTrue();
            newSecret = rotation.revealNewKey();
            assertThat(newSecret).hasSize(43).matches("[A-Za-z0-9_-]{43}");
            assertThat(newKey.keyId()).isEqualTo(keyIdOf(newSecret));

            Path folder = rotation.backup().folder();
            assertThat(folder.getParent()).isEqualTo(fx.home.backupsDir());
            assertThat(folder.getFileName().toString()).matches("key-rotation-\\d{8}T\\d{6}Z");
            assertThat(mode(folder)).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(file -> file.getFileName() + " " + mode(file)).sorted())
                        .containsExactly("console.db rw-------", "credential.key rw-------", "manifest.json rw-------");
            }
            assertThat(Files.readString(folder.resolve("credential.key")).equals(oldSecret)).as("backup holds the old key").isTrue();
            String manifest = Files.readString(folder.resolve("manifest.json"));
            assertThat(manifest).contains("\"key_id\" : \"" + oldId + "\"", "\"credentials\" : 30");
            assertThat(manifest.contains(oldSecret) || manifest.contains(newSecret)).as("key material in the manifest").isFalse();

            assertThat(rotation.reencrypt()).isEqualTo(new KeyRotation.Reencrypted(30, 0, 0));
            assertThat(Files.readString(fx.file(Slot.NEW)).equals(newSecret)).as("new key saved before the commit").isTrue();
            assertThat(keyIdOf(fx.keyFile())).as("key file before the commit").isEqualTo(oldId);

            assertThat(rotation.verify()).isEqualTo(new KeyRotation.Verified(30, 0, 0));
            summary = rotation.commit();
            assertThat(rotation.state()).isEqualTo(KeyRotation.State.COMMITTED);
            assertThat(store.credentials().get("runpod", "token1").orElseThrow().equals(values.get("runpod/token1")))
                    .as("the open store keeps working").isTrue();
            assertThat(summary.fromKeyId()).isEqualTo(oldId);
            assertThat(summary.toKeyId()).isEqualTo(newKey.keyId());
            assertThat(summary.reencrypted()).isEqualTo(30);
            assertThat(summary.backupFolder()).isEqualTo(folder);
            assertThat(summary.keyFile()).hasValue(fx.keyFile());
            assertThat(summary.previousKeyFile()).hasValue(fx.file(Slot.PREVIOUS));
            assertThat(summary.environmentChange()).isEmpty();
        }
        assertThat(reported).containsAll(EnumSet.of(KeyRotation.Step.PREFLIGHT, KeyRotation.Step.BACKUP,
                KeyRotation.Step.REENCRYPT, KeyRotation.Step.VERIFY, KeyRotation.Step.COMMIT));
        assertThat(Files.readString(fx.keyFile()).equals(newSecret)).as("key file holds the new key").isTrue();
        assertThat(mode(fx.keyFile())).isEqualTo("rw-------");
        assertThat(Files.readString(fx.file(Slot.PREVIOUS)).equals(oldSecret)).as("previous key kept").isTrue();
        assertThat(mode(fx.file(Slot.PREVIOUS))).isEqualTo("rw-------");
        assertThat(fx.file(Slot.NEW)).doesNotExist();
        assertThat(fx.file(Slot.PENDING)).doesNotExist();

        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).containsOnly(summary.toKeyId());
        List<AuditEntry> audit = fx.audit(100);
        assertThat(audit).filteredOn(entry -> entry.action().startsWith("credential.key")).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("credential.key.rotate");
            assertThat(entry.details()).contains("\"reencrypted\": 30", "\"undecryptable\": 0", "\"from_key_id\": \"" + oldId + "\"",
                    "\"to_key_id\": \"" + summary.toKeyId() + "\"", "\"backup\": \"" + summary.backupFolder() + "\"");
        });
        String auditText = fx.dump("audit_log", "*");
        assertThat(auditText.contains(oldSecret) || auditText.contains(newSecret)).as("key material in the audit log").isFalse();
        assertThat(fx.verifyAudit().intact()).isTrue();
        try (ConsoleStore store = fx.open()) {
            assertThat(fx.rotations(store).status().history()).singleElement().satisfies(entry -> {
                assertThat(entry.state()).isEqualTo(RotationJournal.State.COMMITTED);
                assertThat(entry.reencrypted()).isEqualTo(30);
            });
        }
    }

    @Test
    void confirmEndsTheGracePeriodOnceEveryRowIsOnTheNewKey() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(8);
        String newId = rotate(fx).toKeyId();
        try (ConsoleStore store = fx.open()) {
            KeyRotations.Confirmation confirmation = fx.rotations(store).confirm();
            assertThat(confirmation.keyId()).isEqualTo(newId);
            assertThat(confirmation.removed()).containsExactly(fx.file(Slot.PREVIOUS));
            assertThat(store.credentials().encryption().keyIds()).containsExactly(newId);
        }
        assertThat(fx.file(Slot.PREVIOUS)).doesNotExist();
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).containsOnly(newId);
        assertThat(fx.audit(1).get(0).action()).isEqualTo("credential.key.confirm");
        try (ConsoleStore store = fx.open()) {
            assertThat(fx.rotations(store).confirm().removed()).isEmpty();
        }
    }

    @Test
    void credentialsAnotherProcessWritesDuringTheRotationEndUpOnTheNewKey() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(20);
        KeyRotation.Summary summary;
        try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
            rotation.preflight();
            rotation.generateKey();
            try (ConsoleStore other = fx.open()) { // another SecretDesk process: its own connection and key ring
                other.credentials().set("replicate", "token0", "changed-after-the-preflight");
            }
            rotation.backup();
            rotation.reencrypt();
            try (ConsoleStore other = fx.open()) {
                assertThat(other.credentials().get("replicate", "token0").orElseThrow().equals("changed-after-the-preflight"))
                        .as("another process reads rows on the not yet committed key").isTrue();
                other.credentials().set("runpod", "written_after_reencrypt", "late-value");
                assertThat(other.credentials().info("runpod", "written_after_reencrypt").orElseThrow().keyId())
                        .as("until the commit, others encrypt with the old key").isEqualTo(keyIdOf(fx.keyFile()));
            }
            assertThat(rotation.verify()).isEqualTo(new KeyRotation.Verified(19, 0, 2));
            summary = rotation.commit();
            assertThat(summary.reencrypted()).as("the late row re-encrypted by the commit").isEqualTo(21);
        }
        values.put("replicate/token0", "changed-after-the-preflight");
        values.put("runpod/written_after_reencrypt", "late-value");
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).containsOnly(summary.toKeyId());
    }

    @Test
    void rotatesAnEmptyStore() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        fx.seed(0);
        String oldId = keyIdOf(fx.keyFile());
        try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
            KeyRotation.Preflight preflight = rotation.preflight();
            assertThat(preflight.credentials()).isZero();
            assertThat(preflight.notices()).anyMatch(notice -> notice.contains("no stored credentials"));
            rotation.generateKey();
            rotation.backup();
            assertThat(rotation.reencrypt().reencrypted()).isZero();
            assertThat(rotation.verify().verified()).isZero();
            KeyRotation.Summary summary = rotation.commit();
            assertThat(keyIdOf(fx.keyFile())).isEqualTo(summary.toKeyId()).isNotEqualTo(oldId);
        }
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(Map.of())).isEmpty();
    }

    @Test
    @Tag("slow")
    void rotatesTenThousandCredentialsDerivingEachKeyOnce() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(10_000);
        String oldSecret = Files.readString(fx.keyFile()).strip();
        List<int[]> reencryptProgress = new ArrayList<>();
        String newId;
        String newSecret;
        Map<String, Integer> derivations;
        // From opening the store (the CLI's path) to the commit: PBKDF2 once for the old key, once for the new.
        try (Pbkdf2Counter pbkdf2 = Pbkdf2Counter.start()) {
            try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin((step, done, total) -> {
                if (step == KeyRotation.Step.REENCRYPT) {
                    reencryptProgress.add(new int[] {done, total});
                }
            })) {
                assertThat(rotation.preflight().credentials()).isEqualTo(10_000);
                rotation.generateKey();
                newSecret = rotation.revealNewKey();
                rotation.backup();
                assertThat(rotation.reencrypt().reencrypted()).isEqualTo(10_000);
                assertThat(rotation.verify().verified()).isEqualTo(10_000);
                newId = rotation.commit().toKeyId();
            }
            derivations = pbkdf2.derivationsBySecret();
        }
        assertThat(derivations).as("PBKDF2 runs by master secret (old, new)").isEqualTo(Map.of(
                Pbkdf2Counter.fingerprint(oldSecret), 1, Pbkdf2Counter.fingerprint(newSecret), 1));
        assertThat(reencryptProgress.size()).as("progress reports are throttled").isBetween(100, 205);
        assertThat(reencryptProgress.get(reencryptProgress.size() - 1)).containsExactly(10_000, 10_000);
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).hasSize(10_000).containsOnly(newId);
    }

    @Test
    void aSecondRotationBeforeTheConfirmDerivesTheCurrentThePreviousAndTheNewKeyOnceEach() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        fx.seed(50);
        String firstSecret = Files.readString(fx.keyFile()).strip();
        rotate(fx);
        String secondSecret = Files.readString(fx.keyFile()).strip();
        String thirdSecret;
        Map<String, Integer> derivations;
        try (Pbkdf2Counter pbkdf2 = Pbkdf2Counter.start()) {
            try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
                rotation.preflight();
                rotation.generateKey();
                thirdSecret = rotation.revealNewKey();
                rotation.backup(); // copies credential.key.previous too, without deriving it again
                rotation.reencrypt();
                rotation.verify();
                rotation.commit();
            }
            derivations = pbkdf2.derivationsBySecret();
        }
        assertThat(derivations).as("PBKDF2 runs by master secret (current, previous, new)").isEqualTo(Map.of(
                Pbkdf2Counter.fingerprint(secondSecret), 1, Pbkdf2Counter.fingerprint(firstSecret), 1,
                Pbkdf2Counter.fingerprint(thirdSecret), 1));
    }

    @Test
    void thePbkdf2CounterCountsDerivationsOnItsOwnThreadOnly() throws Exception {
        try (Pbkdf2Counter pbkdf2 = Pbkdf2Counter.start()) {
            RotationFixture.keyIdOf("a-master-secret-for-the-counter-0123456789");
            Thread other = new Thread(() -> RotationFixture.keyIdOf("another-thread-secret-0123456789-abcdef"));
            other.start();
            other.join();
            assertThat(pbkdf2.derivationsBySecret())
                    .isEqualTo(Map.of(Pbkdf2Counter.fingerprint("a-master-secret-for-the-counter-0123456789"), 1));
        }
    }

    @Test
    void undecryptableRowsStopTheRotationBeforeAnythingIsWritten() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        fx.seed(10);
        addForeignRow(fx);
        String keyFileBefore = Files.readString(fx.keyFile());
        String rowsBefore = fx.dump("credentials", "*");
        List<String> filesBefore = fx.homeFiles();
        try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
            KeyRotation.Preflight preflight = rotation.preflight();
            assertThat(preflight.undecryptable()).containsExactly(new KeyRotation.Credential("stray", "foreign"));
            assertThat(preflight.undecryptable().get(0)).hasToString("stray/foreign");
            rotation.generateKey();
            assertThatThrownBy(rotation::backup).isInstanceOf(RotationException.class)
                    .hasMessageContaining("1 credentials do not decrypt with the current key (stray/foreign)")
                    .hasMessageContaining("Nothing was changed")
                    .satisfies(e -> assertThat(e.getMessage().contains("foreign-value")).as("value in the message").isFalse());
        }
        assertThat(Files.readString(fx.keyFile())).isEqualTo(keyFileBefore);
        assertThat(fx.dump("credentials", "*")).isEqualTo(rowsBefore);
        assertThat(fx.homeFiles()).containsExactlyElementsOf(withLockFile(filesBefore));
    }

    @Test
    void undecryptableRowsCanBeLeftUntouched() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(10);
        addForeignRow(fx);
        String foreignBefore = fx.dump("credentials WHERE provider = 'stray'", "*");
        KeyRotation.Summary summary;
        try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
            assertThat(rotation.preflight().undecryptable()).hasSize(1);
            rotation.leaveUndecryptableUntouched();
            rotation.generateKey();
            rotation.backup();
            assertThat(rotation.reencrypt()).isEqualTo(new KeyRotation.Reencrypted(10, 0, 1));
            assertThat(rotation.verify()).isEqualTo(new KeyRotation.Verified(10, 1, 0));
            summary = rotation.commit();
        }
        assertThat(summary.untouched()).containsExactly(new KeyRotation.Credential("stray", "foreign"));
        assertThat(fx.dump("credentials WHERE provider = 'stray'", "*")).as("the undecryptable row is untouched").isEqualTo(foreignBefore);
        try (ConsoleStore store = fx.open()) {
            store.credentials().delete("stray", "foreign");
        }
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).containsOnly(summary.toKeyId());
    }

    @Test
    void keyFromTheEnvironmentStaysUsableWithBothKeysUntilTheOperatorConfirms() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        String envSecret = "env-master-secret-0123456789-abcdefghijklmnop";
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", envSecret);
        Map<String, String> values = fx.seed(12);
        KeyRotation.Summary summary;
        String newSecret;
        try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
            KeyRotation.Preflight preflight = rotation.preflight();
            assertThat(preflight.keyFromEnvironment()).isTrue();
            assertThat(preflight.keySource()).isEqualTo("environment variable SIMPLETUNER_CREDENTIAL_KEY");
            assertThat(preflight.notices()).anyMatch(notice -> notice.contains("cannot change"));
            rotation.generateKey();
            newSecret = rotation.revealNewKey();
            Path folder = rotation.backup().folder();
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(file -> file.getFileName() + " " + mode(file)).sorted())
                        .as("the variable's key is copied, so a rollback can say what to set it to")
                        .containsExactly("console.db rw-------", "credential.key rw-------", "manifest.json rw-------");
            }
            assertThat(Files.readString(folder.resolve("credential.key")).equals(envSecret)).isTrue();
            rotation.reencrypt();
            rotation.verify();
            summary = rotation.commit();
        }
        Path pending = fx.file(Slot.PENDING);
        assertThat(summary.keyFile()).isEmpty();
        assertThat(summary.previousKeyFile()).isEmpty();
        assertThat(summary.environmentChange()).hasValue(new EnvironmentChange("SIMPLETUNER_CREDENTIAL_KEY", pending));
        assertThat(summary.environmentChange().get().shellCommand())
                .isEqualTo("export SIMPLETUNER_CREDENTIAL_KEY=\"$(cat '" + pending + "')\"");
        assertThat(Files.readString(pending).equals(newSecret)).as("pending file holds the new key").isTrue();
        assertThat(mode(pending)).isEqualTo("rw-------");
        assertThat(fx.keyFile()).as("no key file is written for an environment key").doesNotExist();

        // Not restarted yet: the variable still holds the old key, and both keys work.
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).containsOnly(summary.toKeyId());
        try (ConsoleStore store = fx.open()) {
            store.credentials().set("replicate", "written_meanwhile", "meanwhile-value");
            assertThat(store.credentials().info("replicate", "written_meanwhile").orElseThrow().keyId())
                    .as("new writes use the new key").isEqualTo(summary.toKeyId());
            assertThatThrownBy(() -> fx.rotations(store).confirm()).isInstanceOf(RotationException.class)
                    .hasMessageContaining("SIMPLETUNER_CREDENTIAL_KEY does not hold the new key yet")
                    .hasMessageContaining(summary.environmentChange().get().shellCommand());
            assertThatThrownBy(() -> fx.rotations(store).begin(KeyRotation.Listener.NONE)).isInstanceOf(RotationException.class)
                    .hasMessageContaining("waiting for SIMPLETUNER_CREDENTIAL_KEY");
        }
        assertThat(pending).exists();
        values.put("replicate/written_meanwhile", "meanwhile-value");

        // The operator sets the variable and restarts, then confirms.
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", newSecret);
        try (ConsoleStore store = fx.open()) {
            assertThat(fx.rotations(store).confirm().removed()).containsExactly(pending);
        }
        assertThat(pending).doesNotExist();
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).containsOnly(summary.toKeyId());
    }

    @Test
    void aNewKeyDerivedOnAnotherThreadIsCheckedLikeAPastedOneAndNotDerivedAgain() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(5);
        String current = Files.readString(fx.keyFile()).strip();
        String good = "Zq7-tW2pLx9_Vb4nRk8sYd3mHc6fJg1aQe5u";
        String goodId = keyIdOf(good);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Map<String, Integer> derivedHere;
        try (Pbkdf2Counter pbkdf2 = Pbkdf2Counter.start()) {
            KeyDerivation pasted = KeyDerivation.start(good, executor); // as the CLI does: before the store opens
            try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
                rotation.preflight();
                assertThatThrownBy(() -> rotation.useKey(KeyDerivation.start("ab".repeat(20), executor), false))
                        .hasMessageContaining("only 2 different characters");
                assertThatThrownBy(() -> rotation.useKey(KeyDerivation.start(current, executor), false))
                        .hasMessageContaining("the key in use now");
                assertThat(rotation.state()).isEqualTo(KeyRotation.State.PREFLIGHTED);
                KeyRotation.NewKey newKey = rotation.useKey(pasted, false);
                assertThat(newKey).isEqualTo(new KeyRotation.NewKey(goodId, false));
                rotation.backup();
                rotation.reencrypt();
                rotation.verify();
                rotation.commit();
            }
            derivedHere = pbkdf2.derivationsBySecret();
        } finally {
            executor.shutdownNow();
        }
        assertThat(derivedHere).as("PBKDF2 on the rotating thread: the current key only").isEqualTo(
                Map.of(Pbkdf2Counter.fingerprint(current), 1));
        assertThat(Files.readString(fx.keyFile()).equals(good)).as("the key file holds the pasted key").isTrue();
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).containsOnly(goodId);
    }

    @Test
    void aPastedKeyIsCheckedForStrengthAndUsedExactly() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(5);
        String current = Files.readString(fx.keyFile()).strip();
        String good = "Zq7-tW2pLx9_Vb4nRk8sYd3mHc6fJg1aQe5u";
        try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
            rotation.preflight();
            assertThatThrownBy(() -> rotation.useKey("short-key-1234")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has 14 characters; use at least 32");
            assertThatThrownBy(() -> rotation.useKey("ab".repeat(20))).hasMessageContaining("only 2 different characters");
            assertThatThrownBy(() -> rotation.useKey("abcdefghijklmnopqrstuvwxyzabcdefghij")).hasMessageContaining("runs or repetitions");
            assertThatThrownBy(() -> rotation.useKey("Zq7-tW2pLx9 Vb4nRk8sYd3mHc6fJg1aQe5u")).hasMessageContaining("spaces");
            assertThatThrownBy(() -> rotation.useKey("9081726354" + "1928374655" + "0192837465" + "12")).hasMessageContaining("only 10 different");
            assertThatThrownBy(() -> rotation.useKey(current)).hasMessageContaining("the key in use now");
            assertThat(rotation.state()).isEqualTo(KeyRotation.State.PREFLIGHTED);
            KeyRotation.NewKey newKey = rotation.useKey("  " + good + "\n");
            assertThat(newKey.generated()).isFalse();
            rotation.backup();
            rotation.reencrypt();
            rotation.verify();
            rotation.commit();
        }
        assertThat(Files.readString(fx.keyFile()).equals(good)).as("the key file holds the pasted key").isTrue();
        assertThat(fx.assertEveryRowDecryptsWithItsRecordedKey(values)).containsOnly(keyIdOf(good));
    }

    @Test
    void onlyOneRotationRunsAtATime() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        fx.seed(3);
        try (ConsoleStore store = fx.open(); KeyRotation first = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
            first.preflight();
            assertThatThrownBy(() -> fx.rotations(store).begin(KeyRotation.Listener.NONE)).isInstanceOf(RotationException.class)
                    .hasMessageContaining("a key rotation is running");
            assertThat(fx.rotations(store).recoverInterrupted()).isEmpty();
        }
        try (ConsoleStore store = fx.open(); KeyRotation again = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
            assertThat(again.preflight().credentials()).isEqualTo(3);
        }
    }

    @Test
    void cancellingDuringAStepStopsItAndRollbackLeavesEverythingAsItWas() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(40);
        Snapshot before = Snapshot.of(fx);
        try (ConsoleStore store = fx.open()) {
            KeyRotation[] holder = new KeyRotation[1];
            KeyRotation rotation = fx.rotations(store).begin((step, done, total) -> {
                if (step == KeyRotation.Step.REENCRYPT && done == 10) {
                    holder[0].requestCancel(); // as the wizard's Cancel button would, from another thread
                }
            });
            holder[0] = rotation;
            rotation.preflight();
            rotation.generateKey();
            rotation.backup();
            assertThatThrownBy(rotation::reencrypt).isInstanceOf(CancellationException.class);
            assertThat(rotation.state()).isEqualTo(KeyRotation.State.BACKED_UP);
            assertThatThrownBy(rotation::reencrypt).isInstanceOf(IllegalStateException.class);
            assertThat(rotation.rollback().anythingChanged()).isFalse();
            assertThat(rotation.state()).isEqualTo(KeyRotation.State.ROLLED_BACK);
            rotation.close();
        }
        before.assertUnchanged(fx, values, false);
    }

    /** The rotation stopped and rolled back after each step in turn (0 = right after it began). */
    @org.junit.jupiter.params.ParameterizedTest(name = "rolled back after {0} steps")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void rollingBackAfterAnyStepBeforeTheCommitLeavesEverythingAsItWas(int steps) throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(25);
        Snapshot before = Snapshot.of(fx);
        try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
            List<Runnable> stepsInOrder = List.of(rotation::preflight, rotation::generateKey, rotation::backup,
                    rotation::reencrypt, rotation::verify);
            for (int i = 0; i < steps; i++) {
                stepsInOrder.get(i).run();
            }
            KeyRotation.RolledBack undone = rotation.rollback();
            assertThat(undone.anythingChanged()).isEqualTo(steps >= 4);
            assertThat(rotation.rollback()).isSameAs(undone);
            assertThatThrownBy(rotation::commit).isInstanceOf(IllegalStateException.class);
        }
        before.assertUnchanged(fx, values, steps >= 4);
        if (steps >= 4) {
            assertThat(fx.audit(2)).extracting(AuditEntry::action)
                    .containsExactly("credential.key.rotate", "credential.key.rotate.rollback");
        }
        if (steps >= 3) {
            try (ConsoleStore store = fx.open()) {
                assertThat(fx.rotations(store).status().history()).singleElement().satisfies(entry -> {
                    assertThat(entry.state()).isEqualTo(RotationJournal.State.ROLLED_BACK);
                    assertThat(entry.note()).isEqualTo("cancelled");
                });
            }
        }
    }

    @Test
    void closingAnUnfinishedRotationRollsItBack() throws Exception {
        RotationFixture fx = new RotationFixture(userHome);
        Map<String, String> values = fx.seed(6);
        Snapshot before = Snapshot.of(fx);
        try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
            rotation.preflight();
            rotation.generateKey();
            rotation.backup();
            rotation.reencrypt();
        }
        before.assertUnchanged(fx, values, true);
    }

    private static void addForeignRow(RotationFixture fx) {
        try (ConsoleStore store = fx.open()) {
            store.credentials().useEncryption(RotationFixture.ringOf("a-master-key-nobody-has-anymore-0123456789"));
            store.credentials().set("stray", "foreign", "foreign-value");
        }
    }

    static KeyRotation.Summary rotate(RotationFixture fx) {
        try (ConsoleStore store = fx.open(); KeyRotation rotation = fx.rotations(store).begin(KeyRotation.Listener.NONE)) {
            rotation.preflight();
            rotation.generateKey();
            rotation.backup();
            rotation.reencrypt();
            rotation.verify();
            return rotation.commit();
        }
    }

    private static List<String> withLockFile(List<String> files) {
        List<String> expected = new ArrayList<>(files);
        expected.add("key-rotation.lock");
        return expected.stream().sorted().toList();
    }

    static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What must be as it was after a rotation is rolled back before its commit. */
    record Snapshot(String keyFile, String rows, List<String> files, long auditEntries) {

        static Snapshot of(RotationFixture fx) throws Exception {
            return new Snapshot(Files.readString(fx.keyFile()),
                    fx.dump("credentials", "id, provider, name, key_id, created_at, updated_at, last_used_at, is_active"),
                    fx.homeFiles(), fx.verifyAudit().entriesVerified());
        }

        void assertUnchanged(RotationFixture fx, Map<String, String> values, boolean rowsWereReencrypted) throws Exception {
            assertThat(Files.readString(fx.keyFile()).equals(keyFile)).as("key file unchanged").isTrue();
            assertThat(fx.dump("credentials", "id, provider, name, key_id, created_at, updated_at, last_used_at, is_active"))
                    .as("credential rows and their key ids").isEqualTo(rows);
            fx.assertEveryRowDecryptsWithItsRecordedKey(values);
            List<String> now = new ArrayList<>(fx.homeFiles());
            now.remove("key-rotation.lock");
            now.remove("backups");
            assertThat(now).as("files under ~/.simpletuner").isEqualTo(files);
            if (Files.exists(fx.home.backupsDir())) {
                try (Stream<Path> backups = Files.list(fx.home.backupsDir())) {
                    assertThat(backups).as("backups left behind").isEmpty();
                }
            }
            ChainVerification chain = fx.verifyAudit();
            assertThat(chain.intact()).isTrue();
            assertThat(chain.entriesVerified()).isEqualTo(auditEntries + (rowsWereReencrypted ? 2 : 0));
        }
    }
}
