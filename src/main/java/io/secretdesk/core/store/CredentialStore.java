package io.secretdesk.core.store;

import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKeyRing;
import io.secretdesk.core.crypto.DecryptionException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Encrypted credentials (provider API tokens and the like), one row per provider and name, each recording
 * the id of the key that encrypted it.
 *
 * <p>Values are encrypted with the ring's primary key before they reach the database and decrypted only by
 * {@link #get}; listings carry metadata, never values. Every change appends an audit entry in the same
 * transaction. The ring is obtained on first use (deriving it runs PBKDF2); a ring that follows the key
 * files is checked before every encryption, so rows are always written with the key the files hold now,
 * even after another process rotated it. A rotation in this process hands its ring over with
 * {@link #useEncryption}. Thread-safe.
 */
public final class CredentialStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}");
    private static final String COLUMNS = "id, provider, name, key_id, created_at, updated_at, last_used_at, is_active";

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final CredentialKeyRing keys;

    /**
     * @param encryption called once, on first use, for the key ring (e.g. deriving it from the master secret)
     */
    public CredentialStore(Database database, AuditLog audit, Supplier<CredentialEncryption> encryption, Clock clock) {
        this(database, audit, CredentialKeyRing.fixed(encryption), clock);
    }

    /**
     * @param keys the key ring; one that follows the key files is brought up to date before every encryption
     *             and after a failed decryption, so a rotation done by another process is picked up
     */
    public CredentialStore(Database database, AuditLog audit, CredentialKeyRing keys, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The key ring in use, brought up to date with the key files. */
    public CredentialEncryption encryption() {
        return keys.upToDate();
    }

    /** Replaces the key ring (after a key rotation in this process); rows are not touched. */
    public void useEncryption(CredentialEncryption ring) {
        keys.use(ring);
    }

    /**
     * Encrypts {@code value} and stores it as {@code provider}/{@code name}, replacing (and reactivating) an
     * existing one. Returns true when it was new.
     *
     * @throws IllegalArgumentException for a bad provider or name, or an empty value
     */
    public boolean set(String provider, String name, String value) {
        checkName(provider, "provider");
        checkName(name, "credential name");
        checkValue(value, provider + "/" + name);
        CredentialEncryption ring = keys.upToDate();
        String stored = ring.encrypt(value);
        return database.inTransaction(() -> {
            boolean created = upsert(provider, name, stored, ring.primaryKeyId());
            audit.append("credential.set", target(provider, name),
                    Map.of("created", created, "key_id", ring.primaryKeyId()));
            return created;
        });
    }

    /**
     * Stores many credentials in one transaction: all of them, or none when any is invalid.
     *
     * @return how many were new (the rest replaced existing ones)
     * @throws IllegalArgumentException naming the first bad entry (by position, provider and name; never the value)
     */
    public int importAll(List<NewCredential> credentials) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < credentials.size(); i++) {
            NewCredential credential = credentials.get(i);
            String where = "entry " + (i + 1);
            if (credential == null) {
                throw new IllegalArgumentException(where + " is empty; nothing was imported");
            }
            try {
                checkName(credential.provider(), "provider");
                checkName(credential.name(), "credential name");
                checkValue(credential.value(), credential.provider() + "/" + credential.name());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage() + "; nothing was imported");
            }
            if (!seen.add(credential.provider() + "\0" + credential.name())) {
                throw new IllegalArgumentException(where + ": " + credential.provider() + "/" + credential.name()
                        + " appears twice; nothing was imported");
            }
        }
        CredentialEncryption ring = keys.upToDate();
        List<String> encrypted = new ArrayList<>(credentials.size());
        credentials.forEach(credential -> encrypted.add(ring.encrypt(credential.value())));
        return database.inTransaction(() -> {
            int created = 0;
            for (int i = 0; i < credentials.size(); i++) {
                NewCredential credential = credentials.get(i);
                boolean isNew = upsert(credential.provider(), credential.name(), encrypted.get(i), ring.primaryKeyId());
                created += isNew ? 1 : 0;
                audit.append("credential.import", target(credential.provider(), credential.name()),
                        Map.of("created", isNew, "key_id", ring.primaryKeyId()));
            }
            return created;
        });
    }

    /**
     * The decrypted value of an active credential, or empty when there is none (or it is deactivated).
     * Records the time of use (unless the database was opened for reading only).
     *
     * @throws DecryptionException when the stored value does not decrypt with the ring (message names the row)
     */
    public Optional<String> get(String provider, String name) {
        Optional<String> stored = database.withConnection("reading a credential", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT encrypted_value FROM credentials WHERE provider = ? AND name = ? AND is_active = 1")) {
                query.setString(1, provider);
                query.setString(2, name);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        String value;
        try {
            value = decrypt(stored.get());
        } catch (DecryptionException e) {
            throw new DecryptionException("Credential " + provider + "/" + name + ": " + e.getMessage());
        }
        if (database.writeRefusal().isEmpty()) { // a database opened for reading only still serves the value
            database.withConnection("recording a credential's use", connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE credentials SET last_used_at = ? WHERE provider = ? AND name = ?")) {
                    update.setString(1, Timestamps.format(clock.instant()));
                    update.setString(2, provider);
                    update.setString(3, name);
                    return update.executeUpdate();
                }
            });
        }
        return Optional.of(value);
    }

    /** The metadata of one credential, active or not. */
    public Optional<CredentialInfo> info(String provider, String name) {
        return database.withConnection("reading a credential", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM credentials WHERE provider = ? AND name = ?")) {
                query.setString(1, provider);
                query.setString(2, name);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(info(rows)) : Optional.<CredentialInfo>empty();
                }
            }
        });
    }

    /** Every credential's metadata (never values), by provider then name. */
    public List<CredentialInfo> list() {
        return list(null);
    }

    /** The metadata of {@code provider}'s credentials, or of all when {@code provider} is null. */
    public List<CredentialInfo> list(String provider) {
        return database.withConnection("listing credentials", connection -> {
            String sql = "SELECT " + COLUMNS + " FROM credentials"
                    + (provider == null ? "" : " WHERE provider = ?") + " ORDER BY provider, name";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                if (provider != null) {
                    query.setString(1, provider);
                }
                List<CredentialInfo> result = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        result.add(info(rows));
                    }
                }
                return result;
            }
        });
    }

    /** Marks a credential inactive ({@link #get} no longer returns it); returns whether it was active. */
    public boolean deactivate(String provider, String name) {
        return database.inTransaction(() -> {
            int changed = database.withConnection("deactivating a credential", connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE credentials SET is_active = 0, updated_at = ? WHERE provider = ? AND name = ? AND is_active = 1")) {
                    update.setString(1, Timestamps.format(clock.instant()));
                    update.setString(2, provider);
                    update.setString(3, name);
                    return update.executeUpdate();
                }
            });
            if (changed > 0) {
                audit.append("credential.deactivate", target(provider, name), Map.of());
            }
            return changed > 0;
        });
    }

    /** Deletes a credential; returns whether it existed. */
    public boolean delete(String provider, String name) {
        return database.inTransaction(() -> {
            int deleted = database.withConnection("deleting a credential", connection -> {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM credentials WHERE provider = ? AND name = ?")) {
                    delete.setString(1, provider);
                    delete.setString(2, name);
                    return delete.executeUpdate();
                }
            });
            if (deleted > 0) {
                audit.append("credential.delete", target(provider, name), Map.of());
            }
            return deleted > 0;
        });
    }

    /** How many credentials are stored, active or not. */
    public int count() {
        return database.withConnection("counting credentials", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM credentials");
                    ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        });
    }

    /**
     * Tries to decrypt every stored row with {@code ring} without changing anything: which key opened each
     * row, and which rows do not decrypt (a key rotation's preflight and verification).
     */
    public List<RowCheck> checkAll(CredentialEncryption ring) {
        return checkAll(ring, null);
    }

    /**
     * {@link #checkAll(CredentialEncryption)} that also hands each decrypted value to {@code opened} (on the
     * calling thread), so a key rotation can compare values before and after without keeping them.
     *
     * @param opened told (row, value) for every row that decrypts; may be null
     */
    public List<RowCheck> checkAll(CredentialEncryption ring, BiConsumer<CredentialInfo, String> opened) {
        List<Object[]> rows = readAllEncrypted();
        List<RowCheck> checks = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            CredentialInfo info = (CredentialInfo) row[0];
            try {
                CredentialEncryption.Decrypted decrypted = ring.open((String) row[1]);
                if (opened != null) {
                    opened.accept(info, decrypted.plaintext());
                }
                checks.add(new RowCheck(info, Optional.of(decrypted.keyId()), ""));
            } catch (DecryptionException e) {
                checks.add(new RowCheck(info, Optional.empty(), e.getMessage()));
            }
        }
        return checks;
    }

    /**
     * Re-encrypts, in one transaction, every row that {@code ring} can open but that its primary key did not
     * encrypt, recording the primary key's id. Rows that do not decrypt are left untouched and reported.
     * Each new token is decrypted again with the primary key and compared before it is written. Called
     * inside {@link Database#inTransaction}, it joins the caller's transaction. Audited as one entry.
     *
     * @param progress told (done, total) after each row; may be null
     */
    public Reencryption reencryptAll(CredentialEncryption ring, Progress progress) {
        return reencryptAll(ring, progress, "credential.reencrypt", Map.of());
    }

    /**
     * {@link #reencryptAll(CredentialEncryption, Progress)} audited as {@code action} with {@code extraDetails}
     * added to the counts and key ids: a key rotation records itself as one entry this way.
     */
    public Reencryption reencryptAll(CredentialEncryption ring, Progress progress, String action, Map<String, ?> extraDetails) {
        CredentialEncryption primaryOnly = CredentialEncryption.of(ring.primaryKey());
        return database.inTransaction(() -> {
            List<Object[]> rows = readAllEncrypted();
            int[] changed = {0};
            int[] current = {0};
            List<CredentialInfo> undecryptable = new ArrayList<>();
            Map<String, Integer> fromKeys = new LinkedHashMap<>();
            // One statement for every row: preparing it per row cost more than the UPDATE itself.
            database.withConnection("re-encrypting credentials", connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE credentials SET encrypted_value = ?, key_id = ? WHERE id = ?")) {
                    for (int i = 0; i < rows.size(); i++) {
                        CredentialInfo info = (CredentialInfo) rows.get(i)[0];
                        CredentialEncryption.Decrypted opened;
                        try {
                            opened = ring.open((String) rows.get(i)[1], info.keyId()); // the row's key first
                        } catch (DecryptionException e) {
                            undecryptable.add(info);
                            report(progress, i + 1, rows.size());
                            continue;
                        }
                        if (opened.keyId().equals(ring.primaryKeyId()) && info.keyId().equals(ring.primaryKeyId())) {
                            current[0]++;
                        } else {
                            String fresh = ring.encrypt(opened.plaintext());
                            if (!primaryOnly.decrypt(fresh).equals(opened.plaintext())) {
                                throw new IllegalStateException("re-encryption of " + info.provider() + "/" + info.name()
                                        + " did not verify; nothing was changed");
                            }
                            update.setString(1, fresh);
                            update.setString(2, ring.primaryKeyId());
                            update.setLong(3, info.id());
                            update.executeUpdate();
                            fromKeys.merge(opened.keyId(), 1, Integer::sum);
                            changed[0]++;
                        }
                        report(progress, i + 1, rows.size());
                    }
                }
                return null;
            });
            // The secrets file's history is encrypted with the same ring: it moves with the credentials.
            int history = SecretHistoryStore.reencryptAll(database, ring);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reencrypted", changed[0]);
            details.put("history_reencrypted", history);
            details.put("already_current", current[0]);
            details.put("undecryptable", undecryptable.size());
            details.put("to_key_id", ring.primaryKeyId());
            details.put("from_key_ids", fromKeys);
            details.putAll(extraDetails);
            audit.append(action, "credentials", details);
            return new Reencryption(changed[0], current[0], List.copyOf(undecryptable));
        });
    }

    /** Decrypts with the ring as it is; after a failure, once more with the ring as the key files define it now. */
    private String decrypt(String stored) {
        CredentialEncryption ring = keys.current();
        try {
            return ring.decrypt(stored);
        } catch (DecryptionException e) {
            CredentialEncryption fresh = keys.upToDate();
            if (fresh == ring) {
                throw e;
            }
            return fresh.decrypt(stored);
        }
    }

    private static void report(Progress progress, int done, int total) {
        if (progress != null) {
            progress.update(done, total);
        }
    }

    private List<Object[]> readAllEncrypted() {
        return database.withConnection("reading credentials", connection -> {
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + ", encrypted_value FROM credentials ORDER BY provider, name");
                    ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Object[] {info(result), result.getString(9)});
                }
            }
            return rows;
        });
    }

    private boolean upsert(String provider, String name, String stored, String keyId) {
        String now = Timestamps.format(clock.instant());
        return database.withConnection("saving a credential", connection -> {
            boolean exists = exists(connection, provider, name);
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO credentials (provider, name, encrypted_value, key_id, created_at, updated_at, is_active) "
                            + "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (provider, name) DO UPDATE SET "
                            + "encrypted_value = excluded.encrypted_value, key_id = excluded.key_id, "
                            + "updated_at = excluded.updated_at, is_active = 1")) {
                upsert.setString(1, provider);
                upsert.setString(2, name);
                upsert.setString(3, stored);
                upsert.setString(4, keyId);
                upsert.setString(5, now);
                upsert.setString(6, now);
                upsert.executeUpdate();
            }
            return !exists;
        });
    }

    private static boolean exists(Connection connection, String provider, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM credentials WHERE provider = ? AND name = ?")) {
            query.setString(1, provider);
            query.setString(2, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static CredentialInfo info(ResultSet rows) throws SQLException {
        return new CredentialInfo(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                Timestamps.parse(rows.getString(5)), Timestamps.parse(rows.getString(6)),
                Optional.ofNullable(Timestamps.parse(rows.getString(7))), rows.getInt(8) == 1);
    }

    private static String target(String provider, String name) {
        return "credential:" + provider + "/" + name;
    }

    private static void checkName(String value, String what) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + (value == null ? "" : value.length() > 40
                    ? value.substring(0, 40) + "…" : value) + "': use 1-128 letters, digits and . _ : @ / - (starting "
                    + "with a letter or digit)");
        }
    }

    private static void checkValue(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("empty value for " + what);
        }
    }

    /** Told how far a long operation has come. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);
    }

    /**
     * A credential to store. {@link #toString()} hides the value.
     */
    public record NewCredential(String provider, String name, String value) {
        @Override
        public String toString() {
            return "NewCredential[" + provider + "/" + name + ", value=<hidden>]";
        }
    }

    /**
     * A credential's metadata; never its value.
     *
     * @param keyId the id of the key that encrypted the stored value
     */
    public record CredentialInfo(long id, String provider, String name, String keyId, Instant createdAt,
                                 Instant updatedAt, Optional<Instant> lastUsedAt, boolean active) {
    }

    /**
     * How one row fared in {@link #checkAll}.
     *
     * @param openedBy the id of the key that decrypted it, empty when none did
     * @param problem  why it did not decrypt (empty when it did)
     */
    public record RowCheck(CredentialInfo credential, Optional<String> openedBy, String problem) {
        public boolean decrypts() {
            return openedBy.isPresent();
        }
    }

    /**
     * The outcome of {@link #reencryptAll}.
     *
     * @param reencrypted    rows now encrypted with the primary key that were not before
     * @param alreadyCurrent rows that already were
     * @param undecryptable  rows left untouched because no key on the ring opens them
     */
    public record Reencryption(int reencrypted, int alreadyCurrent, List<CredentialInfo> undecryptable) {
    }
}
