package io.secretdesk.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The remote SimpleTuner servers SecretDesk knows, in the console database's {@code servers} table. Each server's API
 * key is a row of the {@link CredentialStore} (provider {@value #KEY_PROVIDER}, name = the server's name): encrypted
 * with the credential key, re-encrypted by a key rotation, and written in the same transaction as the server's row.
 * Every change is audited (names and URLs, never the key). Thread-safe.
 */
public final class ServerStore {

    /** The credentials provider the API keys are stored under. */
    public static final String KEY_PROVIDER = "secretdesk.server";
    private static final String COLUMNS = "name, base_url, ca_file, allow_plain_http, connect_timeout_ms, "
            + "request_timeout_ms, created_at, updated_at, restart_reason, restart_since, restart_uptime";

    /**
     * One server as stored.
     *
     * @param caFile  a CA file path, or null
     * @param restart a restart SimpleTuner still needs, or null
     */
    public record Row(String name, String baseUrl, String caFile, boolean allowPlainHttp, long connectTimeoutMs,
                      long requestTimeoutMs, Instant createdAt, Instant updatedAt, RestartNotice restart) {
    }

    /**
     * A change the server sees only after it restarts.
     *
     * @param uptimeAtChange the server's uptime when the change was made, or null when it could not be read
     */
    public record RestartNotice(String reason, Instant since, Double uptimeAtChange) {
    }

    private final Database database;
    private final CredentialStore credentials;
    private final AuditLog audit;
    private final Clock clock;

    public ServerStore(Database database, CredentialStore credentials, AuditLog audit, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds a server, or replaces one when {@code replace}; {@code apiKey} null keeps the stored key (or stores none).
     * Row and key commit together.
     *
     * @return true when the server was new
     * @throws StoreException (INVALID_INPUT) when the name is taken and {@code replace} is false; nothing changed
     */
    public boolean save(Row row, String apiKey, boolean replace) {
        Objects.requireNonNull(row, "row");
        return database.inTransaction(() -> {
            Optional<Row> existing = get(row.name());
            if (existing.isPresent() && !replace) {
                throw new StoreException(StoreException.Reason.INVALID_INPUT, "a server named " + row.name()
                        + " exists already; choose another name, or replace it (--replace); nothing was changed");
            }
            String now = Timestamps.format(clock.instant());
            database.withConnection("saving a server", connection -> {
                try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO servers (name, base_url, ca_file, "
                        + "allow_plain_http, connect_timeout_ms, request_timeout_ms, created_at, updated_at) VALUES "
                        + "(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET base_url = excluded.base_url, "
                        + "ca_file = excluded.ca_file, allow_plain_http = excluded.allow_plain_http, connect_timeout_ms = "
                        + "excluded.connect_timeout_ms, request_timeout_ms = excluded.request_timeout_ms, updated_at = "
                        + "excluded.updated_at")) {
                    upsert.setString(1, row.name());
                    upsert.setString(2, row.baseUrl());
                    upsert.setString(3, row.caFile());
                    upsert.setInt(4, row.allowPlainHttp() ? 1 : 0);
                    upsert.setLong(5, row.connectTimeoutMs());
                    upsert.setLong(6, row.requestTimeoutMs());
                    upsert.setString(7, now);
                    upsert.setString(8, now);
                    return upsert.executeUpdate();
                }
            });
            if (apiKey != null) {
                credentials.set(KEY_PROVIDER, row.name(), apiKey);
            }
            audit.append(existing.isPresent() ? "server.update" : "server.add", "server:" + row.name(),
                    Map.of("base_url", row.baseUrl(), "api_key_changed", apiKey != null));
            return existing.isEmpty();
        });
    }

    /** Removes a server and its key together; false when there was none. */
    public boolean remove(String name) {
        return database.inTransaction(() -> {
            int removed = database.withConnection("removing a server", connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM servers WHERE name = ?")) {
                    delete.setString(1, name);
                    return delete.executeUpdate();
                }
            });
            boolean hadKey = credentials.info(KEY_PROVIDER, name).isPresent() && credentials.delete(KEY_PROVIDER, name);
            if (removed > 0) {
                audit.append("server.remove", "server:" + name, Map.of("api_key_removed", hadKey));
            }
            return removed > 0;
        });
    }

    public Optional<Row> get(String name) {
        return database.withConnection("reading a server", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM servers WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(row(rows)) : Optional.<Row>empty();
                }
            }
        });
    }

    /** Every server, by name. */
    public List<Row> list() {
        return database.withConnection("listing servers", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM servers ORDER BY name");
                 ResultSet rows = query.executeQuery()) {
                List<Row> list = new ArrayList<>();
                while (rows.next()) {
                    list.add(row(rows));
                }
                return list;
            }
        });
    }

    /** The server's API key, decrypted; empty when none is stored. */
    public Optional<String> apiKey(String name) {
        return credentials.get(KEY_PROVIDER, name);
    }

    /** Whether an API key is stored for {@code name}, without decrypting it. */
    public boolean apiKeyStored(String name) {
        return credentials.info(KEY_PROVIDER, name).filter(CredentialStore.CredentialInfo::active).isPresent();
    }

    /**
     * Records that {@code name} needs a restart for {@code reason} since {@code since} (kept until {@link #clearRestart});
     * a notice already there keeps its first time and uptime.
     */
    public void markRestartNeeded(String name, String reason, Instant since, Double uptimeAtChange) {
        database.inTransaction(() -> database.withConnection("marking a restart", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE servers SET restart_reason = ?, "
                    + "restart_since = COALESCE(restart_since, ?), restart_uptime = COALESCE(restart_uptime, ?) WHERE name = ?")) {
                update.setString(1, reason);
                update.setString(2, Timestamps.format(since));
                if (uptimeAtChange == null) {
                    update.setNull(3, Types.REAL);
                } else {
                    update.setDouble(3, uptimeAtChange);
                }
                update.setString(4, name);
                return update.executeUpdate();
            }
        }));
    }

    /** Forgets the restart notice of {@code name}. */
    public void clearRestart(String name) {
        database.inTransaction(() -> database.withConnection("clearing a restart notice", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE servers SET restart_reason = NULL, "
                    + "restart_since = NULL, restart_uptime = NULL WHERE name = ?")) {
                update.setString(1, name);
                return update.executeUpdate();
            }
        }));
    }

    /** Appends an audit entry for a change SecretDesk made on a server (SimpleTuner does not audit config changes). */
    public void auditRemoteChange(String server, String action, Map<String, ?> details) {
        audit.append(action, "server:" + server, details);
    }

    private static Row row(ResultSet rows) throws SQLException {
        String reason = rows.getString(9);
        double uptime = rows.getDouble(11);
        Double uptimeAtChange = rows.wasNull() ? null : uptime;
        RestartNotice restart = reason == null ? null
                : new RestartNotice(reason, Timestamps.parse(rows.getString(10)), uptimeAtChange);
        return new Row(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4) == 1, rows.getLong(5),
                rows.getLong(6), Timestamps.parse(rows.getString(7)), Timestamps.parse(rows.getString(8)), restart);
    }
}
