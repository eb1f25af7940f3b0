package io.secretdesk.core.store;

import java.util.List;

/**
 * The schema, as an ordered list of migrations: migration {@code n} (1-based) takes a database from
 * {@code PRAGMA user_version} n-1 to n. Append new migrations; never edit a released one.
 */
final class Migrations {

    /** Each entry is one migration's statements, applied in one transaction together with the version bump. */
    static final List<List<String>> ALL = List.of(
            List.of(
                    // SimpleTuner's own table, unchanged, so either program can read the other's configs.
                    """
                    CREATE TABLE IF NOT EXISTS provider_config (
                        provider TEXT PRIMARY KEY,
                        config TEXT NOT NULL DEFAULT '{}',
                        updated_at TEXT
                    )""",
                    """
                    CREATE TABLE IF NOT EXISTS credentials (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        provider TEXT NOT NULL,
                        name TEXT NOT NULL,
                        encrypted_value TEXT NOT NULL,
                        key_id TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        last_used_at TEXT,
                        is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
                        UNIQUE (provider, name)
                    )""",
                    "CREATE INDEX IF NOT EXISTS credentials_by_key_id ON credentials (key_id)",
                    """
                    CREATE TABLE IF NOT EXISTS audit_log (
                        seq INTEGER PRIMARY KEY,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        target TEXT NOT NULL,
                        details TEXT NOT NULL DEFAULT '{}',
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    )""",
                    // The newest entry's hash, MACed: deleting the last rows is detected too.
                    """
                    CREATE TABLE IF NOT EXISTS audit_head (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        seq INTEGER NOT NULL,
                        hash TEXT NOT NULL,
                        mac TEXT NOT NULL
                    )"""),
            List.of(
                    // The key-rotation journal: written in the same transactions as the rows it describes, so
                    // the next start knows whether an interrupted rotation had changed anything.
                    """
                    CREATE TABLE IF NOT EXISTS key_rotation (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL CHECK (kind IN ('rotate', 'rollback')),
                        state TEXT NOT NULL CHECK (state IN ('started', 'reencrypted', 'committing', 'committed', 'rolled_back')),
                        from_key_id TEXT NOT NULL,
                        to_key_id TEXT NOT NULL,
                        key_origin TEXT NOT NULL CHECK (key_origin IN ('environment', 'key_file')),
                        backup_dir TEXT NOT NULL,
                        reencrypted INTEGER NOT NULL DEFAULT 0,
                        skipped INTEGER NOT NULL DEFAULT 0,
                        started_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        note TEXT NOT NULL DEFAULT ''
                    )"""),
            List.of(
                    // The secrets file's history: each row one version of one key, encrypted like a credential (the
                    // key id recorded), so a key rotation re-encrypts it with the credentials. A null value is a removal.
                    """
                    CREATE TABLE IF NOT EXISTS secret_history (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        file TEXT NOT NULL,
                        key TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        action TEXT NOT NULL CHECK (action IN ('found', 'set', 'delete', 'restore')),
                        encrypted_value TEXT,
                        key_id TEXT,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        UNIQUE (file, key, version)
                    )""",
                    "CREATE INDEX IF NOT EXISTS secret_history_by_key_id ON secret_history (key_id)",
                    """
                    CREATE TABLE IF NOT EXISTS secret_history_retention (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        keep_versions INTEGER NOT NULL CHECK (keep_versions BETWEEN 1 AND 1000),
                        keep_days INTEGER NOT NULL CHECK (keep_days BETWEEN 0 AND 36500)
                    )"""),
            List.of(
                    // Remote SimpleTuner servers (issue 16). The API key is not here: it is an encrypted row of
                    // credentials (provider 'secretdesk.server'), so a key rotation re-encrypts it with the rest.
                    """
                    CREATE TABLE IF NOT EXISTS servers (
                        name TEXT PRIMARY KEY,
                        base_url TEXT NOT NULL,
                        ca_file TEXT,
                        allow_plain_http INTEGER NOT NULL DEFAULT 0 CHECK (allow_plain_http IN (0, 1)),
                        connect_timeout_ms INTEGER NOT NULL,
                        request_timeout_ms INTEGER NOT NULL,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        restart_reason TEXT,
                        restart_since TEXT,
                        restart_uptime REAL
                    )"""));

    private Migrations() {
    }

    static int latestVersion() {
        return ALL.size();
    }
}
