package io.secretdesk.core.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.store.ConsoleStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3: {@code rotate-key} killed mid-write left {@code .credential.key.new.*.tmp} holding a key.
 * Temp files are planted here as a kill leaves them; the next run's recovery removes them under the rotation lock.
 */
class KeyTempFilesTest {

    @TempDir
    Path userHome;

    private static Path plant(Path besides, String name, String content, boolean old) throws IOException {
        Path temp = besides.resolveSibling(name);
        Files.writeString(temp, content);
        if (old) {
            Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(KeyTempFiles.UNLOCKED_WRITER_GRACE.multipliedBy(2))));
        }
        return temp;
    }

    @Test
    void theNextRunRemovesKeyTempFilesAKilledRotationLeft() throws IOException {
        RotationFixture fx = new RotationFixture(userHome);
        fx.seed(2);
        String leakedKey = MasterSecret.generateValue();
        Path newKeyTemp = plant(fx.keyFile(), ".credential.key.new.8812345.tmp", leakedKey, false);
        Path pendingTemp = plant(fx.keyFile(), ".credential.key.pending.77.tmp", leakedKey, false);
        Path staleKeyTemp = plant(fx.keyFile(), ".credential.key.4242.tmp", leakedKey, true);
        Path freshKeyTemp = plant(fx.keyFile(), ".credential.key.4343.tmp", "being generated now", false);
        Path staleAuditTemp = plant(fx.keyFile(), ".audit.key.99.tmp", leakedKey, true);
        Path notOurs = plant(fx.keyFile(), ".credential.key.new.backup.tmp", "not ours", true);
        try (ConsoleStore store = fx.open()) {
            Path restoreCopy = plant(store.database().file(), "." + store.database().file().getFileName() + ".restore-123.db",
                    "copy", false);

            Optional<KeyRotations.Recovery> recovery = fx.rotations(store).recoverInterrupted();

            assertThat(recovery).isPresent();
            assertThat(recovery.get().message()).contains("4 key temp files").contains("1 unfinished restore copy");
            assertThat(restoreCopy).doesNotExist();
        }
        assertThat(newKeyTemp).doesNotExist();
        assertThat(pendingTemp).doesNotExist();
        assertThat(staleKeyTemp).doesNotExist();
        assertThat(staleAuditTemp).doesNotExist();
        assertThat(freshKeyTemp).as("a key being generated right now, without the lock, is left alone").exists();
        assertThat(notOurs).exists();
        try (ConsoleStore store = fx.open()) {
            assertThat(fx.rotations(store).recoverInterrupted()).as("nothing left but the fresh one").isEmpty();
        }
    }
}
