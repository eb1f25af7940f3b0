package io.secretdesk.core.rotation;

import io.secretdesk.core.SecureFiles;
import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The temp files a process killed mid-write leaves beside the key files and the database: a key file's
 * {@code .credential.key.new.<n>.tmp} holds a whole key, a restore's {@code .console.db.restore-<n>.db} a copy of
 * the credentials. Removed under the rotation lock, which every writer of the rotation files holds. The key
 * files' own temps ({@code .credential.key.<n>.tmp}, {@code .audit.key.<n>.tmp}) are also written when a key is
 * first generated, without that lock, so only those a minute old or more are taken.
 */
final class KeyTempFiles {

    /** Older than any key generation still under way. */
    static final Duration UNLOCKED_WRITER_GRACE = Duration.ofMinutes(1);

    private final Path keyFile;
    private final Path auditKeyFile;
    private final Path database;

    KeyTempFiles(Path keyFile, Path auditKeyFile, Path database) {
        this.keyFile = keyFile.toAbsolutePath();
        this.auditKeyFile = auditKeyFile.toAbsolutePath();
        this.database = database.toAbsolutePath();
    }

    /** Whether any such file exists now (cheap: one listing per folder). */
    boolean any() {
        return !list(keyFile.getParent(), tempPattern()).isEmpty() || !list(database.getParent(), restorePattern()).isEmpty();
    }

    /** Removes them; returns what was removed, for the recovery message. Call under the rotation lock. */
    List<String> remove() throws IOException {
        List<String> removed = new ArrayList<>();
        int count = 0;
        for (Slot slot : Slot.values()) {
            count += SecureFiles.removeStaleTemps(slot.path(keyFile), Duration.ZERO);
        }
        count += SecureFiles.removeStaleTemps(keyFile, UNLOCKED_WRITER_GRACE);
        count += SecureFiles.removeStaleTemps(auditKeyFile, UNLOCKED_WRITER_GRACE);
        if (count > 0) {
            removed.add(count + (count == 1 ? " key temp file" : " key temp files"));
        }
        int copies = 0;
        for (Path copy : list(database.getParent(), restorePattern())) {
            if (Files.deleteIfExists(copy)) {
                copies++;
            }
        }
        if (copies > 0) {
            removed.add(copies + (copies == 1 ? " unfinished restore copy" : " unfinished restore copies"));
        }
        return removed;
    }

    private Pattern tempPattern() {
        List<String> names = new ArrayList<>();
        names.add(Pattern.quote(keyFile.getFileName().toString()));
        names.add(Pattern.quote(auditKeyFile.getFileName().toString()));
        for (Slot slot : Slot.values()) {
            names.add(Pattern.quote(slot.path(keyFile).getFileName().toString()));
        }
        return Pattern.compile("\\.(" + String.join("|", names) + ")\\.\\d+\\.tmp");
    }

    private Pattern restorePattern() {
        return Pattern.compile(Pattern.quote("." + database.getFileName() + ".restore-") + "\\d+\\.db(-journal|-wal|-shm)?");
    }

    private static List<Path> list(Path dir, Pattern pattern) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> pattern.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
