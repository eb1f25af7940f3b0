package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.crypto.KeyFileException;
import io.secretdesk.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit key as SimpleTuner keeps it: raw bytes in audit.key, or SIMPLETUNER_AUDIT_KEY; never rewritten. */
class AuditKeyTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
    private Database database;

    @BeforeEach
    void open() {
        database = Database.openSimpleTuner(dir.resolve("audit.db"), SimpleTunerSchema.AUDIT, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private AuditLog log(Map<String, String> env) {
        return new AuditLog(() -> database, new AuditKey(env, dir.resolve("audit.key")), null, clock, "tester");
    }

    @Test
    void aRawBinaryKeyFileAsSimpleTunerWritesItIsUsedAsItIsAndNeverRewritten() throws Exception {
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 37 + 0x80); // not text, not UTF-8: what secrets.token_bytes(32) gives
        }
        raw[31] = '\n'; // a trailing newline is part of the key: SimpleTuner does not strip it
        Files.write(dir.resolve("audit.key"), raw);
        AuditEntry entry = log(Map.of()).append("test.action", "target:x", Map.of());
        assertThat(entry.hash()).isEqualTo(AuditLog.entryHash(new javax.crypto.spec.SecretKeySpec(raw, "HmacSHA256"),
                entry.timestamp(), entry.eventType(), null, entry.action(), entry.details(), "genesis"));
        assertThat(Files.readAllBytes(dir.resolve("audit.key"))).isEqualTo(raw);
        assertThat(log(Map.of()).verifyChain().intact()).isTrue();
    }

    @Test
    void theVariableWinsAsUtf8Bytes() {
        AuditEntry entry = log(Map.of(AuditKey.VARIABLE, "schlüssel")).append("test.action", "target:x", Map.of());
        assertThat(entry.hash()).isEqualTo(AuditLog.entryHash(new javax.crypto.spec.SecretKeySpec(
                "schlüssel".getBytes(StandardCharsets.UTF_8), "HmacSHA256"), entry.timestamp(), entry.eventType(), null,
                entry.action(), entry.details(), "genesis"));
        assertThat(dir.resolve("audit.key")).as("no file is made when the variable is set").doesNotExist();
    }

    @Test
    void anEmptyLogGetsA32ByteOwnerOnlyKey() throws Exception {
        log(Map.of()).append("test.action", "target:x", Map.of());
        Path key = dir.resolve("audit.key");
        assertThat(Files.size(key)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void aMissingKeyWhileTheLogHasEntriesIsRefusedAndNoNewKeyIsMade() throws Exception {
        log(Map.of()).append("test.action", "target:x", Map.of());
        Files.delete(dir.resolve("audit.key"));
        AuditLog restarted = log(Map.of());
        assertThatThrownBy(() -> restarted.append("test.action", "target:y", Map.of()))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("has entries, but its key " + dir.resolve("audit.key") + " is missing")
                .hasMessageContaining("SIMPLETUNER_AUDIT_KEY");
        assertThatThrownBy(restarted::verifyChain).isInstanceOf(KeyFileException.class);
        assertThat(dir.resolve("audit.key")).doesNotExist();
        assertThat(restarted.recent(10)).hasSize(1);
    }

    @Test
    void anEmptyKeyFileIsRefused() throws Exception {
        Files.write(dir.resolve("audit.key"), new byte[0]);
        assertThatThrownBy(() -> log(Map.of()).append("test.action", "target:x", Map.of()))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("is empty");
        assertThat(log(Map.of()).recent(10)).isEmpty();
    }
}
