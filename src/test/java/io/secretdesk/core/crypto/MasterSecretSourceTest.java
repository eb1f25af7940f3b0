package io.secretdesk.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.SimpleTunerHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterSecretSourceTest {

    @TempDir
    Path userHome;

    private SimpleTunerHome home() {
        return SimpleTunerHome.underUserHome(userHome);
    }

    @Test
    void environmentVariableWinsOverTheKeyFile() throws IOException {
        writeKeyFile("from-file");
        MasterSecret secret = MasterSecretSource.credential(Map.of("SIMPLETUNER_CREDENTIAL_KEY", "from-env"), home()).resolve();
        assertThat(secret.value().equals("from-env")).as("value comes from the environment").isTrue();
        assertThat(secret.origin().kind()).isEqualTo(KeyOrigin.Kind.ENVIRONMENT);
        assertThat(secret.origin().describe()).isEqualTo("environment variable SIMPLETUNER_CREDENTIAL_KEY");
        assertThat(secret.origin().fromKeyFile()).isFalse();
    }

    @Test
    void anEmptyVariableFallsBackToTheKeyFileWithWhitespaceStripped() throws IOException {
        writeKeyFile("  \tfrom-file-value\n\n");
        MasterSecret secret = MasterSecretSource.credential(Map.of("SIMPLETUNER_CREDENTIAL_KEY", ""), home()).resolve();
        assertThat(secret.value().equals("from-file-value")).as("value comes from the stripped file").isTrue();
        assertThat(secret.origin().kind()).isEqualTo(KeyOrigin.Kind.KEY_FILE);
        assertThat(secret.origin().file()).isEqualTo(home().credentialKeyFile());
    }

    @Test
    void withNeitherAKeyIsGeneratedOwnerOnlyAndReusedNextTime() throws IOException {
        MasterSecretSource source = MasterSecretSource.credential(Map.of(), home());
        MasterSecret first = source.resolve();
        assertThat(first.origin().kind()).isEqualTo(KeyOrigin.Kind.GENERATED);
        assertThat(first.value()).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        Path file = home().credentialKeyFile();
        assertThat(Files.readString(file).equals(first.value())).as("file holds the key, no newline").isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home().dir()))).isEqualTo("rwx------");

        MasterSecret second = source.resolve();
        assertThat(second.origin().kind()).isEqualTo(KeyOrigin.Kind.KEY_FILE);
        assertThat(second.value().equals(first.value())).as("second run reads the same key").isTrue();
    }

    @Test
    void theAuditKeyHasItsOwnVariableAndFile() {
        MasterSecret audit = MasterSecretSource.audit(Map.of("SIMPLETUNER_CREDENTIAL_KEY", "cred"), home()).resolve();
        assertThat(audit.origin().variable()).isEqualTo("SIMPLETUNER_AUDIT_KEY");
        assertThat(audit.origin().file()).isEqualTo(home().auditKeyFile());
        assertThat(audit.value().equals("cred")).isFalse();
    }

    @Test
    void anUnreadableKeyFileIsAnErrorAndIsNeverReplaced() throws IOException {
        Path file = home().credentialKeyFile();
        Files.createDirectories(file); // a folder where the key file should be cannot be read as one
        assertThatThrownBy(() -> MasterSecretSource.credential(Map.of(), home()).resolve())
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("Cannot read key file " + file)
                .hasMessageContaining("not replaced");
        assertThat(file).isDirectory();
    }

    @Test
    void aKeyFileWithoutReadPermissionIsAnError() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads files whatever their mode");
        Path file = writeKeyFile("secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> MasterSecretSource.credential(Map.of(), home()).resolve())
                .isInstanceOf(KeyFileException.class).hasMessageContaining("permission denied");
    }

    @Test
    void anEmptyOrBinaryKeyFileIsAnErrorAndStaysUntouched() throws IOException {
        Path file = writeKeyFile(" \n ");
        FileTime before = Files.getLastModifiedTime(file);
        assertThatThrownBy(() -> MasterSecretSource.credential(Map.of(), home()).resolve())
                .isInstanceOf(KeyFileException.class).hasMessageContaining("is empty");
        assertThat(Files.readString(file)).isEqualTo(" \n ");
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(before);

        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3});
        assertThatThrownBy(() -> MasterSecretSource.credential(Map.of(), home()).resolve())
                .isInstanceOf(KeyFileException.class).hasMessageContaining("is not text");
        assertThat(Files.size(file)).isEqualTo(4);
    }

    @Test
    void aKeyThatCannotBeSavedIsReportedAsUnsaved() throws IOException {
        Path notAFolder = Files.writeString(userHome.resolve("plain-file"), "x");
        SimpleTunerHome broken = SimpleTunerHome.underUserHome(notAFolder);
        MasterSecret secret = MasterSecretSource.credential(Map.of(), broken).resolve();
        assertThat(secret.origin().kind()).isEqualTo(KeyOrigin.Kind.UNSAVED);
        assertThat(secret.origin().persistent()).isFalse();
        assertThat(secret.origin().describe()).contains("will not decrypt after a restart", "SIMPLETUNER_CREDENTIAL_KEY");
        assertThat(secret.value()).hasSize(43);
    }

    @Test
    void processesRacingToGenerateAllGetTheSameKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                SimpleTunerHome fresh = SimpleTunerHome.underUserHome(userHome.resolve("round" + round));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return MasterSecretSource.credential(Map.of(), fresh).resolve().value();
                    }));
                }
                start.countDown();
                Set<String> values = new HashSet<>();
                for (Future<String> result : results) {
                    values.add(result.get());
                }
                assertThat(values).as("distinct keys handed out in round %d", round).hasSize(1);
                assertThat(values.contains(Files.readString(fresh.credentialKeyFile()))).as("the file holds that key")
                        .isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void replacingTheKeyFileIsAtomicAndOwnerOnly() throws IOException {
        Path file = writeKeyFile("old-key");
        MasterSecretSource.replaceKeyFile(file, "new-key");
        assertThat(Files.readString(file)).isEqualTo("new-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("credential.key");
        }
    }

    private Path writeKeyFile(String content) throws IOException {
        Path file = home().credentialKeyFile();
        Files.createDirectories(file.getParent());
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        // Owner-only, as SimpleTuner and SecretDesk write it: a key file open to others is refused.
        return Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
}
