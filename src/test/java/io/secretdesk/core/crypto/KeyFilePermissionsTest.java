package io.secretdesk.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.SimpleTunerHome;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, item 9: a group- or world-readable credential key, or one owned by another user, was used with at
 * most a warning. It is refused as ssh refuses such a private key, with the command that fixes it.
 */
class KeyFilePermissionsTest {

    private static final String KEY = "k3y-" + MasterSecret.generateValue();

    @TempDir
    Path userHome;

    private SimpleTunerHome home() {
        return SimpleTunerHome.underUserHome(userHome);
    }

    private Path keyFile(Path file, String mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, KEY);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-"})
    void aKeyFileOpenToOtherUsersIsRefusedWithTheChmodToRun(String mode) throws IOException {
        Path file = keyFile(home().credentialKeyFile(), mode);
        MasterSecretSource source = MasterSecretSource.credential(Map.of(), home());
        assertThatThrownBy(source::resolve).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("is open to other users (mode " + mode + ")")
                .hasMessageContaining("Run: chmod 600 " + file).hasMessageNotContaining(KEY);
        assertThat(Files.readString(file)).as("the key is never replaced").isEqualTo(KEY);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(source.resolve().value()).isEqualTo(KEY);
    }

    @Test
    void aRotationKeyFileOpenToOthersIsRefusedToo() throws IOException {
        Path keyFile = keyFile(home().credentialKeyFile(), "rw-------");
        keyFile(RotationKeyFiles.Slot.PREVIOUS.path(keyFile), "rw-r--r--");
        assertThatThrownBy(() -> RotationKeyFiles.read(RotationKeyFiles.Slot.PREVIOUS, keyFile))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("chmod 600 " + keyFile + ".previous");
    }

    @Test
    void aKeyFileOwnedByAnotherUserIsRefusedWithTheChownToRun() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file away");
        Path file = keyFile(home().auditKeyFile(), "rw-------");
        Files.setOwner(file, FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertThatThrownBy(() -> MasterSecretSource.audit(Map.of(), home()).resolve()).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("belongs to user 'nobody', not to 'root'")
                .hasMessageContaining("chown root " + file).hasMessageNotContaining(KEY);
        assertThat(Files.readString(file)).isEqualTo(KEY);
    }

    @Test
    void theStrengthRulesApplyToANewKeyTheUserGaveNotToOneInUseOrGenerated() {
        KeyOrigin fromEnvironment = new KeyOrigin(KeyOrigin.Kind.ENVIRONMENT, "SIMPLETUNER_CREDENTIAL_KEY", null, null);
        MasterSecret weak = new MasterSecret("password123", fromEnvironment);
        assertThat(KeyStrength.newKeyProblem(weak, false)).get().asString()
                .contains("environment variable SIMPLETUNER_CREDENTIAL_KEY").contains("11 characters")
                .contains("unset SIMPLETUNER_CREDENTIAL_KEY").doesNotContain("password123");
        assertThat(KeyStrength.newKeyProblem(weak, true)).as("a key data is encrypted with keeps working").isEmpty();
        MasterSecret generated = new MasterSecret(MasterSecret.generateValue(),
                new KeyOrigin(KeyOrigin.Kind.GENERATED, "SIMPLETUNER_CREDENTIAL_KEY", home().credentialKeyFile(), null));
        assertThat(KeyStrength.newKeyProblem(generated, false)).isEmpty();
        MasterSecret handWritten = new MasterSecret("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                new KeyOrigin(KeyOrigin.Kind.KEY_FILE, "SIMPLETUNER_CREDENTIAL_KEY", home().credentialKeyFile(), null));
        assertThat(KeyStrength.newKeyProblem(handWritten, false)).get().asString().contains("delete " + home().credentialKeyFile());
    }
}
