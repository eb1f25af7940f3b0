package io.secretdesk.core.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.secretdesk.core.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A rotation's backup folder under {@code ~/.simpletuner/backups}: {@code console.db} (an online backup),
 * {@code credential.key} (the key file's secret, when the key came from a file) and {@code manifest.json},
 * written last, so a folder without one is an incomplete backup. Folder 0700, files 0600.
 */
final class BackupFolder {

    static final String PREFIX = "key-rotation-";
    static final String DATABASE = "console.db";
    static final String KEY = "credential.key";
    static final String MANIFEST = "manifest.json";
    static final String RESTORE_SUFFIX = ".restore.db";
    static final String ORIGIN_ENVIRONMENT = "environment";
    static final String ORIGIN_KEY_FILE = "key_file";

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a backup holds, for people and for a later rollback; never key material.
     *
     * @param keyOrigin {@value #ORIGIN_ENVIRONMENT} or {@value #ORIGIN_KEY_FILE}
     * @param keyId     the id of the key the backed-up rows are encrypted with
     */
    record Manifest(Instant takenAt, String keyOrigin, String keyId, Path database, int credentials) {
        boolean hasKeyCopy() {
            return ORIGIN_KEY_FILE.equals(keyOrigin);
        }
    }

    private BackupFolder() {
    }

    /** Creates a new, empty, owner-only folder named after {@code now} (with a suffix if that name is taken). */
    static Path create(Path backupsDir, Instant now) throws IOException {
        SecureFiles.createPrivateDirectories(backupsDir);
        String base = PREFIX + NAME_TIME.format(now);
        for (int attempt = 1; ; attempt++) {
            Path folder = backupsDir.resolve(attempt == 1 ? base : base + "-" + attempt);
            try {
                if (SecureFiles.isPosix(backupsDir)) {
                    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(folder);
                }
                return folder;
            } catch (FileAlreadyExistsException taken) {
                // Two backups in one second: try the next suffix.
            }
        }
    }

    static void writeKey(Path folder, String secret) throws IOException {
        SecureFiles.createOwnerOnly(folder.resolve(KEY), secret.getBytes(StandardCharsets.UTF_8));
    }

    static void writeManifest(Path folder, Manifest manifest) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "secretdesk-key-rotation-backup");
        json.put("version", 1);
        json.put("taken_at", manifest.takenAt().toString());
        json.put("key_origin", manifest.keyOrigin());
        json.put("key_id", manifest.keyId());
        json.put("database", manifest.database().toString());
        json.put("credentials", manifest.credentials());
        SecureFiles.createOwnerOnly(folder.resolve(MANIFEST), JSON.writeValueAsBytes(json));
    }

    /**
     * The manifest of a complete backup.
     *
     * @throws IllegalArgumentException when {@code folder} is not a complete SecretDesk rotation backup
     */
    static Manifest read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("backup " + folder + " is not a folder; name one of the folders in "
                    + folder.toAbsolutePath().getParent());
        }
        JsonNode json;
        try {
            json = JSON.readTree(Files.readAllBytes(folder.resolve(MANIFEST)));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("backup " + folder + " has no " + MANIFEST
                    + ": it is incomplete (the rotation that made it was interrupted) or not a key-rotation backup");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + folder.resolve(MANIFEST) + ": " + e.getMessage());
        }
        Manifest manifest = parse(json);
        if (manifest == null) {
            throw new IllegalArgumentException("backup " + folder + " has a damaged " + MANIFEST
                    + "; it is not a key-rotation backup this SecretDesk can restore");
        }
        if (!Files.isRegularFile(folder.resolve(DATABASE))) {
            throw new IllegalArgumentException("backup " + folder + " has no " + DATABASE + "; it cannot be restored");
        }
        if (manifest.hasKeyCopy() && !Files.isRegularFile(folder.resolve(KEY))) {
            throw new IllegalArgumentException("backup " + folder + " has no " + KEY + " although its key came from "
                    + "a key file; it cannot be restored");
        }
        return manifest;
    }

    /** The manifest in {@code json}, or null when it is not one. */
    private static Manifest parse(JsonNode json) {
        if (json == null || !"secretdesk-key-rotation-backup".equals(json.path("kind").asText())) {
            return null;
        }
        String origin = json.path("key_origin").asText();
        String keyId = json.path("key_id").asText("");
        String database = json.path("database").asText("");
        if ((!ORIGIN_ENVIRONMENT.equals(origin) && !ORIGIN_KEY_FILE.equals(origin)) || keyId.isEmpty() || database.isEmpty()) {
            return null;
        }
        try {
            return new Manifest(Instant.parse(json.path("taken_at").asText()), origin, keyId, Path.of(database),
                    json.path("credentials").asInt());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The complete backups under {@code backupsDir}, newest first. */
    static List<Path> list(Path backupsDir) {
        List<Path> found = new ArrayList<>();
        for (Path folder : rotationFolders(backupsDir)) {
            if (Files.isRegularFile(folder.resolve(MANIFEST))) {
                found.add(folder);
            }
        }
        found.sort(Comparator.comparing((Path path) -> path.getFileName().toString()).reversed());
        return found;
    }

    /** Folders under {@code backupsDir} a rotation left incomplete (no manifest), and stale restore copies. */
    static List<Path> leftovers(Path backupsDir) {
        List<Path> found = new ArrayList<>();
        for (Path folder : rotationFolders(backupsDir)) {
            if (!Files.exists(folder.resolve(MANIFEST))) {
                found.add(folder);
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + RESTORE_SUFFIX + "*")) {
                files.forEach(found::add);
            } catch (IOException e) {
                // An unreadable folder has nothing we could clean up.
            }
        }
        return found;
    }

    /** A stale restore copy of the backup database, unique to this attempt. */
    static Path restoreCopy(Path folder, Instant now) {
        return folder.resolve("." + now.toEpochMilli() + RESTORE_SUFFIX);
    }

    /** Deletes {@code path} (a file, or a folder and everything in it) if it exists. */
    static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Deletes a SQLite file with its {@code -wal}, {@code -shm} and {@code -journal} companions. */
    static void deleteDatabase(Path file) throws IOException {
        Files.deleteIfExists(file);
        for (String suffix : List.of("-wal", "-shm", "-journal")) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
    }

    private static List<Path> rotationFolders(Path backupsDir) {
        List<Path> folders = new ArrayList<>();
        if (!Files.isDirectory(backupsDir)) {
            return folders;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(backupsDir, PREFIX + "*")) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    folders.add(entry);
                }
            }
        } catch (IOException e) {
            return folders;
        }
        return folders;
    }

    static Optional<Path> resolve(Path backupsDir, String nameOrPath) {
        Path direct = Path.of(nameOrPath);
        if (Files.isDirectory(direct)) {
            return Optional.of(direct.toAbsolutePath());
        }
        Path underBackups = backupsDir.resolve(nameOrPath);
        return Files.isDirectory(underBackups) ? Optional.of(underBackups) : Optional.empty();
    }
}
