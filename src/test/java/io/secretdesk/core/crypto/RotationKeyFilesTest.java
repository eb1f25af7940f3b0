package io.secretdesk.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationKeyFilesTest {

    private static final String CURRENT = "current-master-secret-for-ring-tests";
    private static final String OTHER = "other-master-secret-for-ring-tests";
    private static final String CURRENT_ID = CredentialKey.derive(CURRENT).id();
    private static final String OTHER_ID = CredentialKey.derive(OTHER).id();

    @TempDir
    Path dir;

    private Path keyFile() {
        return dir.resolve("credential.key");
    }

    private static MasterSecret fromFile(Path file) {
        return new MasterSecret(CURRENT, new KeyOrigin(KeyOrigin.Kind.KEY_FILE, "SIMPLETUNER_CREDENTIAL_KEY", file, null));
    }

    private static MasterSecret fromEnvironment() {
        return new MasterSecret(CURRENT, new KeyOrigin(KeyOrigin.Kind.ENVIRONMENT, "SIMPLETUNER_CREDENTIAL_KEY", null, null));
    }

    @Test
    void withoutRotationFilesTheRingIsTheCurrentKeyAlone() {
        assertThat(RotationKeyFiles.ring(fromFile(keyFile()), keyFile()).keyIds()).containsExactly(CURRENT_ID);
    }

    @Test
    void newAndPreviousKeysOnlyDecrypt() throws Exception {
        RotationKeyFiles.write(Slot.NEW, keyFile(), OTHER);
        CredentialEncryption ring = RotationKeyFiles.ring(fromFile(keyFile()), keyFile());
        assertThat(ring.primaryKeyId()).isEqualTo(CURRENT_ID);
        assertThat(ring.keyIds()).containsExactly(CURRENT_ID, OTHER_ID);
        String madeWithNew = CredentialEncryption.of(CredentialKey.derive(OTHER)).encrypt("v");
        assertThat(ring.open(madeWithNew).keyId()).isEqualTo(OTHER_ID);

        RotationKeyFiles.delete(Slot.NEW, keyFile());
        RotationKeyFiles.write(Slot.PREVIOUS, keyFile(), OTHER);
        assertThat(RotationKeyFiles.ring(fromFile(keyFile()), keyFile()).primaryKeyId()).isEqualTo(CURRENT_ID);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Slot.PREVIOUS.path(keyFile()))))
                .isEqualTo("rw-------");
    }

    @Test
    void aPendingKeyEncryptsWhileTheEnvironmentHoldsAnotherOne() throws Exception {
        RotationKeyFiles.write(Slot.PENDING, keyFile(), OTHER);
        CredentialEncryption ring = RotationKeyFiles.ring(fromEnvironment(), keyFile());
        assertThat(ring.primaryKeyId()).isEqualTo(OTHER_ID);
        assertThat(ring.keyIds()).containsExactly(OTHER_ID, CURRENT_ID);

        assertThat(RotationKeyFiles.ring(fromFile(keyFile()), keyFile()).primaryKeyId())
                .as("a key file is never overridden by a pending key").isEqualTo(CURRENT_ID);

        RotationKeyFiles.write(Slot.PENDING, keyFile(), CURRENT);
        assertThat(RotationKeyFiles.ring(fromEnvironment(), keyFile()).keyIds())
                .as("the variable holds the pending key: one key").containsExactly(CURRENT_ID);
    }

    @Test
    void aRotationFileThatCannotBeReadIsAnErrorNotAMissingKey() throws Exception {
        Files.writeString(Slot.PREVIOUS.path(keyFile()), "  \n");
        assertThatThrownBy(() -> RotationKeyFiles.ring(fromFile(keyFile()), keyFile()))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(Slot.PREVIOUS.path(keyFile()).toString()).hasMessageContaining("is empty");
        assertThat(Slot.NEW.path(keyFile())).hasFileName("credential.key.new");
        assertThat(Slot.PENDING.path(keyFile())).hasFileName("credential.key.pending");
    }
}
