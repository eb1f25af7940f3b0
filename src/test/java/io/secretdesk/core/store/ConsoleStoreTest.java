package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.KeyFileException;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.MasterSecretSource;
import io.secretdesk.core.crypto.RotationKeyFiles;
import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import io.secretdesk.core.schedule.ManualScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console store as a long-running process sees it while other processes change the key files. */
class ConsoleStoreTest {

    private static final String ENV_OLD = "environment-master-key-old-0123456789abcdef";
    private static final String ENV_NEW = "environment-master-key-new-0123456789abcdef";

    @TempDir
    Path userHome;

    private SimpleTunerHome home() {
        return SimpleTunerHome.underUserHome(userHome);
    }

    private ConsoleStore open(Map<String, String> env) {
        TtlCache<Map<String, Object>> cache = TtlCache.<Map<String, Object>>builder().defaultTtl(Duration.ofSeconds(300))
                .maxSize(100).scheduler(new ManualScheduler(System::nanoTime)).build();
        return ConsoleStore.open(env, home(), cache);
    }

    /** What another process's rotation and its confirmation do to the files and rows, through the same APIs. */
    private void rotateAndConfirmElsewhere(String newSecret) throws IOException {
        Path keyFile = home().credentialKeyFile();
        try (ConsoleStore other = open(Map.of())) {
            String oldSecret = Files.readString(keyFile).strip();
            RotationKeyFiles.write(Slot.PREVIOUS, keyFile, oldSecret);
            MasterSecretSource.replaceKeyFile(keyFile, newSecret);
            CredentialEncryption ring = RotationKeyFiles.ring(MasterSecretSource.credential(Map.of(), home()).resolve(), keyFile);
            other.credentials().reencryptAll(ring, null);
            RotationKeyFiles.delete(Slot.PREVIOUS, keyFile);
        }
    }

    @Test
    void aStoreLeftOpenWhileAnotherProcessRotatesAndConfirmsEncryptsWithTheNewKey() throws IOException {
        String newSecret = MasterSecret.generateValue();
        String newKeyId = CredentialKey.derive(newSecret).id();
        try (ConsoleStore console = open(Map.of())) {
            console.credentials().set("replicate", "before", "value-before");
            String oldKeyId = console.credentials().encryption().primaryKeyId();

            rotateAndConfirmElsewhere(newSecret);

            assertThat(console.credentials().get("replicate", "before").orElseThrow().equals("value-before"))
                    .as("a row the other process re-encrypted decrypts after the failure re-reads the key files").isTrue();
            console.credentials().set("replicate", "after", "value-after");
            assertThat(console.credentials().info("replicate", "after").orElseThrow().keyId()).isEqualTo(newKeyId)
                    .isNotEqualTo(oldKeyId);
            assertThat(console.credentialSecret().value().equals(newSecret)).as("the master secret follows the key file").isTrue();
        }
        try (ConsoleStore restarted = open(Map.of())) {
            assertThat(restarted.credentials().checkAll(restarted.credentials().encryption()))
                    .as("every row decrypts after a restart").allMatch(CredentialStore.RowCheck::decrypts).hasSize(2);
            assertThat(restarted.credentials().get("replicate", "after").orElseThrow().equals("value-after")).isTrue();
        }
    }

    @Test
    void aPendingKeyWrittenByAnotherProcessEncryptsAndItsRemovalStopsWritesWithTheRetiredEnvironmentKey() throws IOException {
        Path keyFile = home().credentialKeyFile();
        String newKeyId = CredentialKey.derive(ENV_NEW).id();
        try (ConsoleStore console = open(Map.of(MasterSecretSource.CREDENTIAL_VARIABLE, ENV_OLD))) {
            console.credentials().set("replicate", "before", "v1");

            // Another process committed an environment-key rotation: the new key waits in .pending and encrypts.
            Files.createDirectories(keyFile.getParent());
            RotationKeyFiles.write(Slot.PENDING, keyFile, ENV_NEW);
            console.credentials().set("replicate", "pending", "v2");
            assertThat(console.credentials().info("replicate", "pending").orElseThrow().keyId()).isEqualTo(newKeyId);

            // The operator set the variable for the other processes and confirmed there: .pending is gone.
            RotationKeyFiles.delete(Slot.PENDING, keyFile);
            assertThatThrownBy(() -> console.credentials().set("replicate", "after", "v3"))
                    .isInstanceOf(KeyFileException.class)
                    .hasMessageContaining("still holds the old key")
                    .hasMessageContaining("Restart SecretDesk with the new value of SIMPLETUNER_CREDENTIAL_KEY");
            assertThat(console.credentials().info("replicate", "after")).as("nothing was written").isEmpty();
        }
        try (ConsoleStore restarted = open(Map.of(MasterSecretSource.CREDENTIAL_VARIABLE, ENV_NEW))) {
            assertThat(restarted.credentials().get("replicate", "pending").orElseThrow().equals("v2")).isTrue();
        }
    }

    @Test
    void aKeyFileRemovedWhileTheStoreIsOpenIsReportedAndNeverReplacedByANewKey() throws IOException {
        Path keyFile = home().credentialKeyFile();
        try (ConsoleStore console = open(Map.of())) {
            console.credentials().set("replicate", "before", "v1");
            Files.delete(keyFile);
            assertThatThrownBy(() -> console.credentials().set("replicate", "after", "v2"))
                    .isInstanceOf(KeyFileException.class)
                    .hasMessageContaining("Key file " + keyFile + " was removed while SecretDesk was running");
            assertThat(keyFile).as("no new key was generated in its place").doesNotExist();
            assertThat(console.credentials().get("replicate", "before").orElseThrow().equals("v1"))
                    .as("reading still works with the key in memory").isTrue();
        }
    }

    @Test
    void withoutAnyChangeTheRingIsNotRebuilt() {
        try (ConsoleStore console = open(Map.of())) {
            console.credentials().set("replicate", "a", "1");
            CredentialEncryption ring = console.credentials().encryption();
            console.credentials().set("replicate", "b", "2");
            assertThat(console.credentials().encryption()).isSameAs(ring);
        }
    }
}
