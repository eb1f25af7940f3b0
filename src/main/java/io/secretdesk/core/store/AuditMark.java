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
 * owner-only, replaced atomically, so no crash leaves it blank or cut short. One that exists but does not read as
 * a mark file (blanked, truncated, edited) is therefore {@link #damage() damage}, not a missing mark: blanking it
 * needs no key, so it is reported and kept as evidence, never silently rewritten, until a forced write (a reset).
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

    /** This database's mark, or empty when there is none (or the file is damaged: see {@link #damage()}). */
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
     * number, or the file is {@link #damage() damaged} ({@code force} records it anyway: a reset). Failures are
     * logged: the change it follows is committed, and a mark that lags is allowed.
     */
    void write(Mark mark, boolean force) {
        Loaded loaded = load();
        if (!force && loaded.damage().isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "{0}; it is kept as it is for ''secretdesk audit --verify'' to report",
                    loaded.damage().get());
            return;
        }
        Map<String, Object> marks = new LinkedHashMap<>(loaded.marks());
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

    /**
     * Why the mark file cannot stand as this database's mark although it exists: it cannot be read, is not a mark
     * file (blank, cut short, not JSON), or holds a malformed entry for this database. Empty when the file is
     * absent, or valid (with or without an entry for this database).
     */
    Optional<String> damage() {
        return load().damage();
    }

    /** The file's marks, and why it cannot be trusted if it exists but does not read as a mark file. */
    private record Loaded(Map<String, Object> marks, Optional<String> damage) {
    }

    private Loaded load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return new Loaded(Map.of(), Optional.empty());
        } catch (IOException | RuntimeException e) {
            return new Loaded(Map.of(), Optional.of(file + " cannot be read (" + e.getMessage() + ")"));
        }
        try {
            Object marks = Json.parseObject(text).get("marks");
            if (marks instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((key, value) -> copy.put(String.valueOf(key), value));
                Object entry = copy.get(database);
                if (entry != null && !(entry instanceof Map<?, ?> fields && fields.get("seq") instanceof Number
                        && fields.get("hash") instanceof String && fields.get("mac") instanceof String)) {
                    return new Loaded(copy, Optional.of(file + " holds a malformed mark for " + database));
                }
                return new Loaded(copy, Optional.empty());
            }
        } catch (JsonProcessingException e) {
            // fall through: not a mark file
        }
        return new Loaded(Map.of(), Optional.of(file + (text.isBlank() ? " is blank" : " is not a valid audit mark file")));
    }

    private Map<String, Object> readAll() {
        return load().marks();
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
