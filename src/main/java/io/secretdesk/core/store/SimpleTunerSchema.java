package io.secretdesk.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * One of SimpleTuner's own databases as SimpleTuner creates it (bghira/SimpleTuner@bc8e6ab): the tables SecretDesk may
 * create when they are missing, exactly as SimpleTuner would, and the version table whose number, when newer than the
 * one this build knows, makes the file read-only for SecretDesk. SecretDesk never adds a table, column or index of its
 * own to these files.
 *
 * @param label         what to call the file in messages
 * @param versionTable  the table SimpleTuner records its schema version in, or null
 * @param knownVersion  the newest version of that table this build was written against
 * @param created       statements creating what SimpleTuner creates (all {@code IF NOT EXISTS}); empty: never create
 */
public record SimpleTunerSchema(String label, String versionTable, int knownVersion, List<String> created) {

    /** {@code <state>/cloud/jobs.db}: the {@code provider_config} table ({@code storage/provider_config_store.py}). */
    public static final SimpleTunerSchema JOBS = new SimpleTunerSchema("SimpleTuner's jobs.db", "schema_version", 5, List.of("""
            CREATE TABLE IF NOT EXISTS provider_config (
                    provider TEXT PRIMARY KEY,
                    config TEXT NOT NULL DEFAULT '{}',
                    updated_at TEXT NOT NULL
                )"""));

    /** The users database (jobs.db or {@code SIMPLETUNER_AUTH_DB_PATH}): read and written, never created. */
    public static final SimpleTunerSchema AUTH = new SimpleTunerSchema("SimpleTuner's users database",
            "user_schema_version", 7, List.of());

    /** {@code <state>/audit.db} ({@code services/cloud/audit.py}). */
    public static final SimpleTunerSchema AUDIT = new SimpleTunerSchema("SimpleTuner's audit.db", null, 0, List.of("""
            CREATE TABLE IF NOT EXISTS audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    timestamp TEXT NOT NULL,
                    event_type TEXT NOT NULL,
                    actor_id INTEGER,
                    actor_username TEXT,
                    actor_ip TEXT,
                    target_type TEXT,
                    target_id TEXT,
                    action TEXT NOT NULL,
                    details TEXT NOT NULL DEFAULT '{}',
                    previous_hash TEXT NOT NULL,
                    entry_hash TEXT NOT NULL
                )""",
            "CREATE INDEX IF NOT EXISTS idx_audit_timestamp ON audit_log(timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_audit_event_type ON audit_log(event_type)",
            "CREATE INDEX IF NOT EXISTS idx_audit_actor ON audit_log(actor_id)",
            "CREATE INDEX IF NOT EXISTS idx_audit_target ON audit_log(target_type, target_id)"));

    public SimpleTunerSchema {
        created = List.copyOf(created);
    }

    /**
     * Why SecretDesk must not write this file, if it must not: a schema version newer than this build knows.
     * Reads still work.
     */
    Optional<String> writeRefusal(Connection connection, java.nio.file.Path file) throws SQLException {
        if (versionTable == null || !Database.hasTable(connection, "main", versionTable)) {
            return Optional.empty();
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM " + versionTable)) {
            int version = rows.next() ? rows.getInt(1) : 0;
            if (version <= knownVersion) {
                return Optional.empty();
            }
            return Optional.of(file + " has " + versionTable + " " + version + ", newer than the " + knownVersion
                    + " this SecretDesk was written for: it reads it, but does not write to it. Update SecretDesk.");
        }
    }
}
