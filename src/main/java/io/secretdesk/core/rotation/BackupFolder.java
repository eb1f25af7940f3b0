package io.secretdesk.core.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.SecureFiles;
import io.secretdesk.core.crypto.RotationKeyFiles;
import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import io.secretdesk.core.store.PythonJson;
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
 * {@code credential.key} (the master secret the backed-up rows are encrypted with, from the key file or the
 * environment variable), a copy of every other key file on the ring at the time ({@code credential.key.previous},
 * {@code .pending}, {@code .new}: rows may still record those keys) and {@code manifest.json}, written last, so
 * a folder without one is an incomplete backup. Folder 0700, files 0600.
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

    /**
     * What a backup holds, for people and for a later rollback; never key material.
     *
     * @param keyOrigin       {@value #ORIGIN_ENVIRONMENT} or {@value #ORIGIN_KEY_FILE}
     * @param keyId           the id of the key the backed-up rows are encrypted with
     * @param keyCopy         whether {@value #KEY} holds that key (backups of an environment key made before
     *                        version 2 do not)
     * @param toKeyId         the key the rotation that took the backup moved to (empty in version 1 backups)
     * @param extraKeyFiles   the other key files of the ring copied beside {@value #KEY}, by file name
     * @param decryptOnlyKeyIds the ids of the ring's other keys when the backup was taken, for people
     * @param undecryptable   rows the ring could not decrypt when the backup was taken (-1 when not recorded):
     *                        a rollback refuses a backup whose keys open fewer rows than that
     */
    record Manifest(Instant takenAt, String keyOrigin, String keyId, Path database, int credentials, boolean keyCopy,
                    String toKeyId, List<String> extraKeyFiles, List<String> decryptOnlyKeyIds, int undecryptable) {
        Manifest {
            extraKeyFiles = List.copyOf(extraKeyFiles);
            decryptOnlyKeyIds = List.copyOf(decryptOnlyKeyIds);
        }

        boolean hasKeyCopy() {
            return keyCopy;
        }

        boolean keyFromEnvironment() {
            return ORIGIN_ENVIRONMENT.equals(keyOrigin);
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
        writeKey(folder, KEY, secret);
    }

    /** Writes {@code secret} as {@code name} in the backup, owner-only from its first byte. */
    static void writeKey(Path folder, String name, String secret) throws IOException {
        if (name.contains("/") || name.contains("\\") || !name.startsWith(KEY)) {
            throw new IllegalArgumentException("not a key file name: " + name);
        }
        SecureFiles.createOwnerOnly(folder.resolve(name), secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Copies every key file on the ring beside {@code keyFile} ({@code credential.key} and its
     * {@link Slot}s that exist) into the backup; rows in the database copy may still record those keys.
     *
     * @return the names of the copies
     */
    static List<String> copyKeyFiles(Path folder, Path keyFile) throws IOException {
        List<String> names = new ArrayList<>();
        for (Slot slot : Slot.values()) {
            Optional<String> secret = RotationKeyFiles.read(slot, keyFile);
            if (secret.isPresent()) {
                String name = slot.path(keyFile).getFileName().toString();
                writeKey(folder, name, secret.get());
                names.add(name);
            }
        }
        return names;
    }

    static void writeManifest(Path folder, Manifest manifest) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "secretdesk-key-rotation-backup");
        json.put("version", 2);
        json.put("taken_at", manifest.takenAt().toString());
        json.put("key_origin", manifest.keyOrigin());
        json.put("key_id", manifest.keyId());
        json.put("key_copy", manifest.keyCopy());
        json.put("to_key_id", manifest.toKeyId());
        json.put("extra_key_files", manifest.extraKeyFiles());
        json.put("decrypt_only_key_ids", manifest.decryptOnlyKeyIds());
        json.put("database", manifest.database().toString());
        json.put("credentials", manifest.credentials());
        json.put("undecryptable", manifest.undecryptable());
        SecureFiles.createOwnerOnly(folder.resolve(MANIFEST), indented(json).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A flat map of text, numbers, booleans and lists of text as indented JSON, laid out as Jackson's
     * {@code INDENT_OUTPUT} lays it out. Written by hand so a rotation loads none of Jackson's databind (hundreds of
     * classes, a tenth of a second of a cold {@code rotate-key}); reading a manifest back still uses Jackson.
     */
    static String indented(Map<String, Object> json) {
        StringBuilder out = new StringBuilder("{");
        String separator = "\n";
        for (Map.Entry<String, Object> entry : json.entrySet()) {
            out.append(separator).append("  ").append(PythonJson.dumps(entry.getKey())).append(" : ");
            Object value = entry.getValue();
            if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? " " : ", ").append(PythonJson.dumps(list.get(i)));
                }
                out.append(" ]");
            } else {
                out.append(PythonJson.dumps(value));
            }
            separator = ",\n";
        }
        return out.append("\n}").toString();
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
            json = new ObjectMapper().readTree(Files.readAllBytes(folder.resolve(MANIFEST)));
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
            throw new IllegalArgumentException("backup " + folder + " has no " + KEY + " although its manifest lists "
                    + "it; it cannot be restored");
        }
        for (String extra : manifest.extraKeyFiles()) {
            if (!Files.isRegularFile(folder.resolve(extra))) {
                throw new IllegalArgumentException("backup " + folder + " has no " + extra + " although its manifest "
                        + "lists it; credentials on that key could not be restored");
            }
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
        List<String> extraFiles = new ArrayList<>();
        for (JsonNode name : json.path("extra_key_files")) {
            String text = name.asText("");
            if (!text.startsWith(KEY + ".") || text.contains("/") || text.contains("\\")) {
                return null; // only names of key files beside credential.key: never a path out of the folder
            }
            extraFiles.add(text);
        }
        List<String> decryptOnly = new ArrayList<>();
        json.path("decrypt_only_key_ids").forEach(id -> decryptOnly.add(id.asText()));
        // Version 1 copied the key only when it came from a key file.
        boolean keyCopy = json.has("key_copy") ? json.path("key_copy").asBoolean() : ORIGIN_KEY_FILE.equals(origin);
        try {
            return new Manifest(Instant.parse(json.path("taken_at").asText()), origin, keyId, Path.of(database),
                    json.path("credentials").asInt(), keyCopy, json.path("to_key_id").asText(""), extraFiles, decryptOnly,
                    json.path("undecryptable").asInt(-1));
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
