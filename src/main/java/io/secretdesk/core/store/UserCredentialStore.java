package io.secretdesk.core.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * SimpleTuner's per-user provider credentials ({@code provider_credentials} in jobs.db, or
 * {@code SIMPLETUNER_AUTH_DB_PATH}), read and written the way its {@code credential_store.py} does: a value is
 * stored as it is given, because SimpleTuner's credential resolver hands {@code credential_value} to the provider
 * unchanged. <b>SimpleTuner stores these values unencrypted at rest</b>; SecretDesk's own encrypted store
 * ({@link CredentialStore}) is a different thing. Every change is audited with names only.
 */
public final class UserCredentialStore {

    /** Said wherever a value is set: the CLI and the console page. */
    public static final String PLAINTEXT_WARNING = "SimpleTuner stores per-user credentials unencrypted: anyone who can "
            + "read its users database can read them.";

    private final Supplier<Database> database;
    private final Path file;
    private final AuditLog audit;
    private final Clock clock;

    public UserCredentialStore(Supplier<Database> database, Path file, AuditLog audit, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.file = Objects.requireNonNull(file, "file");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A SimpleTuner user. */
    public record User(long id, String username, String email, boolean active) {
    }

    public Path file() {
        return file;
    }

    /** SimpleTuner's users, by id. */
    public List<User> users() {
        return database.get().withConnection("listing SimpleTuner's users", connection -> {
            requireTable(connection, "users");
            List<User> users = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, username, email, is_active FROM users ORDER BY id");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    users.add(new User(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getInt(4) != 0));
                }
            }
            return users;
        });
    }

    /** Every credential (of {@code user}, when given: an id or a user name), without values. */
    public List<UserCredential> list(String user) {
        return database.get().withConnection("listing per-user credentials", connection -> {
            requireTable(connection, "provider_credentials");
            Long userId = user == null ? null : resolveUser(connection, user);
            List<UserCredential> credentials = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT c.id, c.user_id, u.username, c.provider, "
                    + "c.credential_name, c.is_active, c.created_at, c.updated_at, c.last_used_at FROM provider_credentials c "
                    + "LEFT JOIN users u ON u.id = c.user_id" + (userId == null ? "" : " WHERE c.user_id = ?")
                    + " ORDER BY c.user_id, c.provider, c.credential_name")) {
                if (userId != null) {
                    query.setLong(1, userId);
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        credentials.add(new UserCredential(rows.getLong(1), rows.getLong(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getInt(6) != 0, time(rows.getString(7)),
                                time(rows.getString(8)), time(rows.getString(9))));
                    }
                }
            }
            return credentials;
        });
    }

    /**
     * Sets {@code provider}/{@code name} of {@code user} to {@code value} (active), as SimpleTuner's store does: a new
     * row, or the existing one's value, {@code updated_at} and {@code is_active = 1}.
     *
     * @return whether a row was created (else updated)
     */
    public boolean set(String user, String provider, String name, String value) {
        requireText(provider, "provider");
        requireText(name, "credential name");
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the credential value is empty; nothing was written");
        }
        Database db = database.get();
        return db.inTransaction(() -> db.withConnection("setting a per-user credential", connection -> {
            requireTable(connection, "provider_credentials");
            long userId = resolveUser(connection, user);
            boolean existed = find(connection, userId, provider, name) != null;
            String now = Timestamps.format(clock.instant());
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO provider_credentials (user_id, "
                    + "provider, credential_name, credential_value, created_at, is_active) VALUES (?, ?, ?, ?, ?, 1) "
                    + "ON CONFLICT(user_id, provider, credential_name) DO UPDATE SET credential_value = "
                    + "excluded.credential_value, updated_at = ?, is_active = 1")) {
                upsert.setLong(1, userId);
                upsert.setString(2, provider);
                upsert.setString(3, name);
                upsert.setString(4, value);
                upsert.setString(5, now);
                upsert.setString(6, now);
                upsert.executeUpdate();
            }
            audit.append("user_credential.set", target(userId, provider, name), details(connection, userId, existed ? "updated" : "created"));
            return !existed;
        }));
    }

    /** Marks a credential inactive (SimpleTuner then ignores it); returns whether it was active. */
    public boolean deactivate(String user, String provider, String name) {
        Database db = database.get();
        return db.inTransaction(() -> db.withConnection("deactivating a per-user credential", connection -> {
            requireTable(connection, "provider_credentials");
            long userId = resolveUser(connection, user);
            requireRow(connection, userId, provider, name, user);
            int changed;
            try (PreparedStatement update = connection.prepareStatement("UPDATE provider_credentials SET is_active = 0, "
                    + "updated_at = ? WHERE user_id = ? AND provider = ? AND credential_name = ? AND is_active = 1")) {
                update.setString(1, Timestamps.format(clock.instant()));
                update.setLong(2, userId);
                update.setString(3, provider);
                update.setString(4, name);
                changed = update.executeUpdate();
            }
            if (changed > 0) {
                audit.append("user_credential.deactivate", target(userId, provider, name), details(connection, userId, "deactivated"));
            }
            return changed > 0;
        }));
    }

    /** Deletes a credential for good. */
    public void delete(String user, String provider, String name) {
        Database db = database.get();
        db.inTransaction(() -> db.withConnection("deleting a per-user credential", connection -> {
            requireTable(connection, "provider_credentials");
            long userId = resolveUser(connection, user);
            requireRow(connection, userId, provider, name, user);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM provider_credentials WHERE user_id = ? "
                    + "AND provider = ? AND credential_name = ?")) {
                delete.setLong(1, userId);
                delete.setString(2, provider);
                delete.setString(3, name);
                delete.executeUpdate();
            }
            audit.append("user_credential.delete", target(userId, provider, name), details(connection, userId, "deleted"));
            return null;
        }));
    }

    private static String target(long userId, String provider, String name) {
        return "credential:" + userId + "/" + provider + "/" + name;
    }

    private static Map<String, Object> details(Connection connection, long userId, String change) throws SQLException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("change", change);
        details.put("user_id", userId);
        try (PreparedStatement query = connection.prepareStatement("SELECT username FROM users WHERE id = ?")) {
            query.setLong(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    details.put("username", rows.getString(1));
                }
            }
        }
        return details;
    }

    private void requireRow(Connection connection, long userId, String provider, String name, String user) throws SQLException {
        if (find(connection, userId, provider, name) == null) {
            throw new StoreException(StoreException.Reason.NOT_FOUND, "User " + user + " has no credential " + provider + "/"
                    + name + " in " + file + "; nothing was changed.");
        }
    }

    private static Long find(Connection connection, long userId, String provider, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM provider_credentials WHERE user_id = ? "
                + "AND provider = ? AND credential_name = ?")) {
            query.setLong(1, userId);
            query.setString(2, provider);
            query.setString(3, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    /** A user id, from an id or a user name. */
    private long resolveUser(Connection connection, String user) throws SQLException {
        requireText(user, "user");
        requireTable(connection, "users");
        boolean numeric = user.chars().allMatch(Character::isDigit) && user.length() < 19;
        try (PreparedStatement query = connection.prepareStatement(numeric
                ? "SELECT id FROM users WHERE id = ? OR username = ? ORDER BY id = ? DESC LIMIT 1"
                : "SELECT id FROM users WHERE username = ?")) {
            if (numeric) {
                query.setLong(1, Long.parseLong(user));
                query.setString(2, user);
                query.setLong(3, Long.parseLong(user));
            } else {
                query.setString(1, user);
            }
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    return rows.getLong(1);
                }
            }
        }
        throw new StoreException(StoreException.Reason.NOT_FOUND, "SimpleTuner has no user " + user + " in " + file
                + " (see 'secretdesk user-credentials users'); nothing was changed.");
    }

    private void requireTable(Connection connection, String table) throws SQLException {
        if (!Database.hasTable(connection, "main", table)) {
            throw new StoreException(StoreException.Reason.NOT_FOUND, file + " has no " + table + " table: SimpleTuner "
                    + "creates it when its server first starts with users. Nothing was changed.");
        }
    }

    private static java.time.Instant time(String text) {
        try {
            return text == null ? null : Timestamps.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a " + what + " is required");
        }
    }
}
