package io.secretdesk.core.store;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The key-rotation journal: one row per rotation or rollback, with the state it reached. A state change is
 * written in the same transaction as the credential rows it describes (call it inside
 * {@link Database#inTransaction}), so after a crash the journal and the rows agree. Holds key ids and a
 * backup folder's path, never key material. Thread-safe.
 */
public final class RotationJournal {

    /** What an entry records. */
    public enum Kind {
        /** A key rotation: every credential re-encrypted with a new key. */
        ROTATE,
        /** A rollback to a backup taken by an earlier rotation. */
        ROLLBACK
    }

    /** How far an entry got; {@link #COMMITTED} and {@link #ROLLED_BACK} are final. */
    public enum State {
        /** The backup is taken; no credential row has changed yet. */
        STARTED,
        /** Every row is re-encrypted with the new key; the key files are not changed yet. */
        REENCRYPTED,
        /** The operator confirmed: the key files are being changed. */
        COMMITTING,
        /** Done. */
        COMMITTED,
        /** Undone: every row is back on the key it had before. */
        ROLLED_BACK;

        /** Whether nothing more will happen to an entry in this state. */
        public boolean isFinal() {
            return this == COMMITTED || this == ROLLED_BACK;
        }
    }

    /**
     * One journal row.
     *
     * @param keyOrigin   {@code environment} or {@code key_file}: where the master secret came from
     * @param reencrypted how many rows were re-encrypted
     * @param skipped     how many rows were left untouched because they did not decrypt
     * @param note        how it ended, for people (empty while it runs)
     */
    public record Entry(long id, Kind kind, State state, String fromKeyId, String toKeyId, String keyOrigin, Path backupDir,
                        int reencrypted, int skipped, Instant startedAt, Instant updatedAt, String note) {
    }

    private static final String COLUMNS = "id, kind, state, from_key_id, to_key_id, key_origin, backup_dir, reencrypted, "
            + "skipped, started_at, updated_at, note";

    private final Database database;
    private final Clock clock;

    public RotationJournal(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records a new entry in {@code state}; returns its id. */
    public long start(Kind kind, State state, String fromKeyId, String toKeyId, String keyOrigin, Path backupDir) {
        String now = Timestamps.format(clock.instant());
        return database.withConnection("starting a key-rotation journal entry", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO key_rotation (kind, state, from_key_id, to_key_id, key_origin, backup_dir, started_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, name(kind));
                insert.setString(2, name(state));
                insert.setString(3, fromKeyId);
                insert.setString(4, toKeyId);
                insert.setString(5, keyOrigin);
                insert.setString(6, backupDir.toString());
                insert.setString(7, now);
                insert.setString(8, now);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /** Moves entry {@code id} to {@code state} with the given counts and note. */
    public void update(long id, State state, int reencrypted, int skipped, String note) {
        int changed = database.withConnection("updating the key-rotation journal", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE key_rotation SET state = ?, reencrypted = ?, skipped = ?, note = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, name(state));
                update.setInt(2, reencrypted);
                update.setInt(3, skipped);
                update.setString(4, note);
                update.setString(5, Timestamps.format(clock.instant()));
                update.setLong(6, id);
                return update.executeUpdate();
            }
        });
        if (changed != 1) {
            throw new StoreException(StoreException.Reason.INVALID_DATA, "Key-rotation journal entry " + id
                    + " is missing from " + database.file() + "; the database was replaced during the rotation.");
        }
    }

    /** The entry {@code id}, if it exists. */
    public Optional<Entry> find(long id) {
        List<Entry> found = query("WHERE id = " + id, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The newest entry that is not final (an interrupted rotation or rollback), if any. */
    public Optional<Entry> unfinished() {
        List<Entry> found = query("WHERE state NOT IN ('committed', 'rolled_back')", 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The newest {@code limit} entries, newest first. */
    public List<Entry> history(int limit) {
        return query("", limit);
    }

    private List<Entry> query(String where, int limit) {
        return database.withConnection("reading the key-rotation journal", connection -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM key_rotation " + where + " ORDER BY id DESC LIMIT ?")) {
                query.setInt(1, limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(entry(rows));
                    }
                }
            }
            return entries;
        });
    }

    private static Entry entry(ResultSet rows) throws SQLException {
        return new Entry(rows.getLong(1), Kind.valueOf(rows.getString(2).toUpperCase(Locale.ROOT)),
                State.valueOf(rows.getString(3).toUpperCase(Locale.ROOT)), rows.getString(4), rows.getString(5),
                rows.getString(6), Path.of(rows.getString(7)), rows.getInt(8), rows.getInt(9),
                Timestamps.parse(rows.getString(10)), Timestamps.parse(rows.getString(11)), rows.getString(12));
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
