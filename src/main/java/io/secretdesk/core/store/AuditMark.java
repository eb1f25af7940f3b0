package io.secretdesk.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.secretdesk.core.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The audit log's high-water mark outside the database: {@code audit.mark} next to {@code audit.key} holds,
 * per database file, the newest entry's sequence number and hash, MACed with the audit key.
 *
 * <p>The chain and its head live in the database, so deleting every entry and the head leaves a log that
 * verifies as empty. The mark, kept where the audit key is, catches that: a log that ends before the mark
 * lost entries. It is written after the transaction commits, so it may lag behind the log (a crash between
 * the two, or two processes writing at once) but is never ahead of it; a lagging or missing mark is no
 * alarm. It protects as well as {@code audit.key} is protected: whoever can replace both files can forge
 * the log anyway.
 *
 * <p>The file is a JSON object {@code {"version": 1, "marks": {"/abs/console.db": {"seq", "hash", "mac"}}}},
 * owner-only, replaced atomically. One that does not parse is treated as missing (and rewritten).
 */
final class AuditMark {

    static final String FILE_NAME = "audit.mark";
    private static final System.Logger LOG = System.getLogger(AuditMark.class.getName());

    private final Path file;
    private final String database;

    /**
     * @param file     the mark file
     * @param database the database the log lives in (its real path when it exists)
     */
    AuditMark(Path file, Path database) {
        this.file = file;
        this.database = identity(database);
    }

    Path file() {
        return file;
    }

    /** Which database the mark is about (covered by its MAC, so one database's mark cannot stand in for another's). */
    String database() {
        return database;
    }

    /** One database's mark. */
    record Mark(long seq, String hash, String mac) {
    }

    /** This database's mark, or empty when there is none (or the file cannot be read: then it is logged). */
    Optional<Mark> read() {
        Object entry = readAll().get(database);
        if (!(entry instanceof Map<?, ?> fields) || !(fields.get("seq") instanceof Number seq)
                || !(fields.get("hash") instanceof String hash) || !(fields.get("mac") instanceof String mac)) {
            return Optional.empty();
        }
        return Optional.of(new Mark(seq.longValue(), hash, mac));
    }

    /**
     * Records {@code mark} for this database, unless the file already holds a mark at or past its sequence
     * number ({@code force} records it anyway: a reset). Failures are logged: the change it follows is
     * committed, and a mark that lags is allowed.
     */
    void write(Mark mark, boolean force) {
        Map<String, Object> marks = new LinkedHashMap<>(readAll());
        if (!force && marks.get(database) instanceof Map<?, ?> fields && fields.get("seq") instanceof Number seq
                && seq.longValue() >= mark.seq()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", mark.seq());
        fields.put("hash", mark.hash());
        fields.put("mac", mark.mac());
        marks.put(database, fields);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("version", 1);
        document.put("marks", marks);
        try {
            SecureFiles.writeAtomically(file, (Json.write(document) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not record the audit log''s high-water mark in {0}: {1}", file,
                    e.getMessage());
        }
    }

    private Map<String, Object> readAll() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return Map.of();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot read {0} ({1}); the audit log is checked without it", file,
                    e.getMessage());
            return Map.of();
        }
        try {
            Object marks = Json.parseObject(text).get("marks");
            if (marks instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((key, value) -> copy.put(String.valueOf(key), value));
                return copy;
            }
        } catch (JsonProcessingException e) {
            // fall through: a damaged file is no mark
        }
        LOG.log(System.Logger.Level.WARNING, "{0} is not a valid audit mark file; the audit log is checked without it", file);
        return Map.of();
    }

    private static String identity(Path database) {
        Path absolute = database.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath().toString();
        } catch (IOException e) {
            return absolute.toString();
        }
    }
}
