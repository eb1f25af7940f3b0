package io.secretdesk.core.store;

import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.DecryptionException;
import io.secretdesk.core.secrets.edit.FileHistory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The secrets file's history in the console database ({@code secret_history}): each row a version of one key, its
 * value encrypted with the credential key ring's primary key and recording that key's id, like a credential, so
 * {@link CredentialStore#reencryptAll} re-encrypts these rows in the same transaction during a key rotation.
 * Values leave this class only through {@link #entries}. Thread-safe.
 */
public final class SecretHistoryStore implements FileHistory {

    private final Database database;
    private final Supplier<CredentialEncryption> encryption;
    private final Clock clock;
    private final String actor;

    /**
     * @param encryption the credential key ring, asked on each use (it follows the key files)
     * @param actor      who writes now, normally the OS user
     */
    public SecretHistoryStore(Database database, Supplier<CredentialEncryption> encryption, Clock clock, String actor) {
        this.database = Objects.requireNonNull(database, "database");
        this.encryption = Objects.requireNonNull(encryption, "encryption");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    @Override
    public List<Long> append(String file, String key, List<Change> versions) {
        CredentialEncryption ring = encryption.get();
        String now = Timestamps.format(clock.instant());
        return database.inTransaction(() -> {
            List<Long> ids = new ArrayList<>();
            database.withConnection("recording the secrets file's history", connection -> {
                int next = 1;
                try (PreparedStatement last = connection.prepareStatement(
                        "SELECT COALESCE(MAX(version), 0) FROM secret_history WHERE file = ? AND key = ?")) {
                    last.setString(1, file);
                    last.setString(2, key);
                    try (ResultSet row = last.executeQuery()) {
                        next = row.next() ? row.getInt(1) + 1 : 1;
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO secret_history (file, key, version, action, encrypted_value, key_id, at, actor)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    for (Change version : versions) {
                        insert.setString(1, file);
                        insert.setString(2, key);
                        insert.setInt(3, next++);
                        insert.setString(4, version.action());
                        insert.setString(5, version.value() == null ? null : ring.encrypt(version.value()));
                        insert.setString(6, version.value() == null ? null : ring.primaryKeyId());
                        insert.setString(7, now);
                        insert.setString(8, version.action().equals("found") ? "(outside SecretDesk)" : actor);
                        insert.executeUpdate();
                        try (ResultSet generated = insert.getGeneratedKeys()) {
                            generated.next();
                            ids.add(generated.getLong(1));
                        }
                    }
                }
                return null;
            });
            prune(file, key, retention());
            return ids;
        });
    }

    @Override
    public void remove(List<Long> ids) {
        database.inTransaction(() -> database.withConnection("undoing a history entry", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM secret_history WHERE id = ?")) {
                for (long id : ids) {
                    delete.setLong(1, id);
                    delete.executeUpdate();
                }
            }
            return null;
        }));
    }

    @Override
    public List<Entry> entries(String file, String key, int limit) {
        CredentialEncryption ring = encryption.get();
        return database.withConnection("reading the secrets file's history", connection -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, version, action, encrypted_value, at, actor FROM secret_history WHERE file = ? AND key = ?"
                            + " ORDER BY version DESC LIMIT ?")) {
                query.setString(1, file);
                query.setString(2, key);
                query.setInt(3, limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String stored = rows.getString(4);
                        String value = null;
                        boolean readable = true;
                        if (stored != null) {
                            try {
                                value = ring.decrypt(stored);
                            } catch (DecryptionException e) {
                                readable = false;
                            }
                        }
                        entries.add(new Entry(rows.getLong(1), rows.getInt(2), rows.getString(3), value,
                                Timestamps.parse(rows.getString(5)), rows.getString(6), readable));
                    }
                }
            }
            return entries;
        });
    }

    @Override
    public Retention retention() {
        return database.withConnection("reading the history retention", connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT keep_versions, keep_days FROM secret_history_retention WHERE id = 1")) {
                return row.next() ? new Retention(row.getInt(1), row.getInt(2)) : Retention.DEFAULT;
            }
        });
    }

    @Override
    public void setRetention(Retention retention) {
        Objects.requireNonNull(retention, "retention");
        database.inTransaction(() -> {
            database.withConnection("setting the history retention", connection -> {
                try (PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO secret_history_retention (id, keep_versions, keep_days) VALUES (1, ?, ?)"
                                + " ON CONFLICT (id) DO UPDATE SET keep_versions = excluded.keep_versions, keep_days = excluded.keep_days")) {
                    upsert.setInt(1, retention.versions());
                    upsert.setInt(2, retention.days());
                    upsert.executeUpdate();
                }
                return null;
            });
            prune(null, null, retention);
            return null;
        });
    }

    /**
     * Drops versions beyond the retention, for one key or (null, null) for all. The age limit never takes a key's two
     * newest versions: a write always keeps the value it replaced, however old.
     */
    private void prune(String file, String key, Retention retention) {
        String cutoff = retention.days() == 0 ? null : Timestamps.format(clock.instant().minus(Duration.ofDays(retention.days())));
        database.withConnection("pruning the secrets file's history", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM secret_history WHERE id IN (SELECT id FROM (SELECT id, at, ROW_NUMBER() OVER ("
                            + "PARTITION BY file, key ORDER BY version DESC) AS rank FROM secret_history"
                            + " WHERE (? IS NULL OR (file = ? AND key = ?))) WHERE rank > ? OR (rank > 2 AND ? IS NOT NULL AND at < ?))")) {
                delete.setString(1, file);
                delete.setString(2, file);
                delete.setString(3, key);
                delete.setInt(4, retention.versions());
                delete.setString(5, cutoff);
                delete.setString(6, cutoff);
                delete.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Re-encrypts, inside the caller's transaction, every history value {@code ring} opens but its primary key did not
     * encrypt; values no key opens stay as they are. Returns how many were re-encrypted.
     */
    static int reencryptAll(Database database, CredentialEncryption ring) {
        CredentialEncryption primaryOnly = CredentialEncryption.of(ring.primaryKey());
        return database.withConnection("re-encrypting the secrets file's history", connection -> {
            List<long[]> ids = new ArrayList<>();
            List<String> fresh = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT id, encrypted_value, key_id FROM secret_history WHERE encrypted_value IS NOT NULL")) {
                while (rows.next()) {
                    CredentialEncryption.Decrypted opened;
                    try {
                        opened = ring.open(rows.getString(2), rows.getString(3)); // the row's key first
                    } catch (DecryptionException e) {
                        continue;
                    }
                    if (opened.keyId().equals(ring.primaryKeyId()) && ring.primaryKeyId().equals(rows.getString(3))) {
                        continue;
                    }
                    String token = ring.encrypt(opened.plaintext());
                    if (!primaryOnly.decrypt(token).equals(opened.plaintext())) {
                        throw new IllegalStateException("re-encryption of a history entry did not verify; nothing was changed");
                    }
                    ids.add(new long[] {rows.getLong(1)});
                    fresh.add(token);
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE secret_history SET encrypted_value = ?, key_id = ? WHERE id = ?")) {
                for (int i = 0; i < ids.size(); i++) {
                    update.setString(1, fresh.get(i));
                    update.setString(2, ring.primaryKeyId());
                    update.setLong(3, ids.get(i)[0]);
                    update.executeUpdate();
                }
            }
            return ids.size();
        });
    }
}
