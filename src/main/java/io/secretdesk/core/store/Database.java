package io.secretdesk.core.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * The console's SQLite database: created owner-only, WAL mode, schema migrations applied at open, one
 * connection shared by every store in the process.
 *
 * <p>Every call is serialised on one lock (SQLite writes one transaction at a time anyway). A write another
 * process holds is waited for up to the busy timeout, then fails with {@link StoreException.Reason#LOCKED}.
 * A file that is not a SQLite database, or that a newer SecretDesk wrote, is refused without being written.
 * {@link #inTransaction} nests: store methods called inside it join the caller's transaction, so a
 * multi-row change and its audit entries commit or roll back together.
 */
public final class Database implements AutoCloseable {
    static { SqliteNative.prepare(); } // before the driver loads: its native library in a private folder

    /** How long a write waits for another process's lock before failing. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    private final Path file;
    private final Duration busyTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Runnable> endOfTransactionHooks = new ArrayList<>();
    /** Work to do just before the outermost commit, each with the depth it was registered at. */
    private final List<Map.Entry<Integer, Runnable>> beforeCommitHooks = new ArrayList<>();
    /** The outermost transaction open on each thread, of any database: audit entries join it. */
    private static final ThreadLocal<Database> OPEN_TRANSACTION = new ThreadLocal<>();
    private final List<Runnable> restoreListeners = new CopyOnWriteArrayList<>();
    private Connection connection;
    private int depth;
    private int schemaVersion;
    /** Null for SecretDesk's console database; else the SimpleTuner database this file is. */
    private final SimpleTunerSchema simpleTuner;
    /** Why writes are refused (a newer SimpleTuner schema, a read-only file), or null. */
    private String writeRefusal;
    private StoreException.Reason refusalReason = StoreException.Reason.NEWER_SCHEMA;

    private Database(Path file, Duration busyTimeout) {
        this(file, busyTimeout, null);
    }

    private Database(Path file, Duration busyTimeout, SimpleTunerSchema simpleTuner) {
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.simpleTuner = simpleTuner;
    }

    /** Opens (creating if needed) the database at {@code file} with the default busy timeout. */
    public static Database open(Path file) {
        return open(file, DEFAULT_BUSY_TIMEOUT);
    }

    /**
     * Opens (creating owner-only if needed) the database at {@code file}, migrating it to the latest schema.
     *
     * @throws StoreException when the file is not a SQLite database, is from a newer schema, is locked
     *                         longer than {@code busyTimeout}, or cannot be created
     */
    public static Database open(Path file, Duration busyTimeout) {
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Database database = new Database(file.toAbsolutePath(), busyTimeout);
        database.connect();
        return database;
    }

    /**
     * Opens one of SimpleTuner's databases as SimpleTuner's own code does (WAL, the busy timeout, writes in
     * {@code BEGIN IMMEDIATE}), creating the file owner-only and the tables of {@code schema} when they are missing.
     * A file of a newer SimpleTuner schema opens read-only: {@link #inTransaction} refuses, naming the version.
     */
    public static Database openSimpleTuner(Path file, SimpleTunerSchema schema, Duration busyTimeout) {
        Objects.requireNonNull(schema, "schema");
        Database database = new Database(file.toAbsolutePath(), Objects.requireNonNull(busyTimeout, "busyTimeout"), schema);
        database.connect();
        return database;
    }

    /** Why this database refuses writes (a newer SimpleTuner schema, a file this process cannot write), if it does. */
    public Optional<String> writeRefusal() {
        return Optional.ofNullable(writeRefusal);
    }

    /** The newest schema version this build knows. */
    public static int latestSchemaVersion() {
        return Migrations.latestVersion();
    }

    public Path file() {
        return file;
    }

    /** The schema version of the open database ({@code PRAGMA user_version}). */
    public int schemaVersion() {
        lock.lock();
        try {
            return schemaVersion;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in one transaction and returns its result: committed when it returns, rolled back
     * when it throws (the exception is rethrown). Called inside another transaction it becomes a savepoint
     * of that one. The calling thread holds the database for the whole call.
     */
    public <T> T inTransaction(Supplier<T> work) {
        lock.lock();
        try {
            ensureOpen();
            if (writeRefusal != null) {
                throw new StoreException(refusalReason, writeRefusal + " Nothing was changed.");
            }
            String savepoint = depth == 0 ? null : "sp" + depth;
            execute(savepoint == null ? "BEGIN IMMEDIATE" : "SAVEPOINT " + savepoint, "starting a transaction");
            depth++;
            boolean outermostOnThread = savepoint == null && OPEN_TRANSACTION.get() == null;
            if (outermostOnThread) {
                OPEN_TRANSACTION.set(this);
            }
            boolean done = false;
            try {
                T result = work.get();
                done = true;
                return result;
            } finally {
                depth--;
                try {
                    finish(savepoint, done);
                } finally {
                    if (outermostOnThread) {
                        OPEN_TRANSACTION.remove();
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link #inTransaction(Supplier)} for work without a result. */
    public void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Copies the database to {@code target} with SQLite's online backup: a consistent snapshot of committed
     * data, taken while the database stays usable. {@code target} must not exist; it is created owner-only.
     *
     * @throws IllegalStateException when called inside a transaction (the copy would hold uncommitted rows)
     */
    public void backupTo(Path target) {
        Path absolute = target.toAbsolutePath();
        lock.lock();
        try {
            ensureOpen();
            if (depth > 0) {
                throw new IllegalStateException("a backup cannot be taken inside a transaction");
            }
            try {
                DatabaseFiles.createOwnerOnlyEmpty(absolute);
            } catch (FileAlreadyExistsException e) {
                throw new StoreException(StoreException.Reason.INVALID_INPUT,
                        "Backup file " + absolute + " already exists; choose another name.");
            } catch (IOException e) {
                throw new StoreException(StoreException.Reason.READ_ONLY,
                        "Cannot create backup file " + absolute + ": " + e.getMessage(), e);
            }
            try {
                sqlite().getDatabase().backup("main", absolute.toString(), null);
            } catch (SQLException e) {
                throw failure("backing up to " + absolute, e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces the database's content with that of {@code backup} (made by {@link #backupTo}), migrated if
     * it is older, <em>except the audit log</em>: the live {@code audit_log} and {@code audit_head} are kept,
     * so every entry written after the backup (and the head) survives and the chain stays continuous; a
     * restore never erases the record of what happened. The backup is checked first and refused, with
     * nothing changed, when it is not a SQLite database or is from a newer schema. The replacement is one
     * transaction on the live database (crash-safe, and other processes' writes wait for it). Caches over
     * this database are cleared.
     */
    public void restoreFrom(Path backup) {
        Path absolute = backup.toAbsolutePath();
        lock.lock();
        try {
            ensureOpen();
            if (depth > 0) {
                throw new IllegalStateException("a restore cannot run inside a transaction");
            }
            DatabaseRestore.restore(this, absolute, busyTimeout);
        } finally {
            lock.unlock();
        }
        restoreListeners.forEach(Runnable::run);
    }

    static boolean hasTable(Connection connection, String schema, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM " + schema + ".sqlite_master WHERE type = 'table' AND name = ?")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.WARNING, "Closing {0} failed: {1}", file, e.getMessage());
                }
                connection = null;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return simpleTuner != null ? "Database[" + file + ", " + simpleTuner.label() + "]"
                : "Database[" + file + ", schema v" + schemaVersion + "]";
    }

    /** Work on the shared connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on the connection under the database lock, inside the caller's transaction if there
     * is one (else each statement commits on its own). SQL failures become {@link StoreException}s.
     */
    <T> T withConnection(String doing, SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(doing, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code hook} when the current outermost transaction ends, committed or not (now if there is none).
     * Caches use it so that a value read inside a transaction that is rolled back does not stay cached.
     */
    void atEndOfTransaction(Runnable hook) {
        lock.lock();
        try {
            if (depth == 0) {
                hook.run();
            } else {
                endOfTransactionHooks.add(hook);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code hook} just before the current outermost transaction commits (now, if there is none); a hook that
     * throws rolls the transaction back. Hooks of a nested transaction that rolls back are dropped with it.
     */
    void beforeCommit(Runnable hook) {
        lock.lock();
        try {
            if (depth == 0) {
                hook.run();
            } else {
                beforeCommitHooks.add(Map.entry(depth, hook));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The outermost transaction open on the calling thread, of any database, if there is one. */
    static Optional<Database> openTransactionOnThisThread() {
        return Optional.ofNullable(OPEN_TRANSACTION.get());
    }

    /** Whether the calling thread is inside {@link #inTransaction}. */
    boolean inTransactionOnThisThread() {
        return lock.isHeldByCurrentThread() && depth > 0;
    }

    /** Runs {@code listener} after every {@link #restoreFrom}. */
    void onRestore(Runnable listener) {
        restoreListeners.add(listener);
    }

    private void finish(String savepoint, boolean commit) {
        if (savepoint != null) {
            if (commit) {
                execute("RELEASE " + savepoint, "ending a nested transaction");
                // Its hooks now belong to the transaction it was part of: they go if that one rolls back.
                beforeCommitHooks.replaceAll(hook -> hook.getKey() > depth ? Map.entry(depth, hook.getValue()) : hook);
            } else {
                beforeCommitHooks.removeIf(hook -> hook.getKey() > depth);
                execute("ROLLBACK TO " + savepoint, "rolling back a nested transaction");
                execute("RELEASE " + savepoint, "rolling back a nested transaction");
            }
            return;
        }
        List<Map.Entry<Integer, Runnable>> beforeCommit = new ArrayList<>(beforeCommitHooks);
        beforeCommitHooks.clear();
        try {
            if (commit) {
                try {
                    beforeCommit.forEach(hook -> hook.getValue().run());
                    execute("COMMIT", "committing");
                } catch (RuntimeException e) {
                    rollbackQuietly();
                    throw e;
                }
            } else {
                rollbackQuietly();
            }
        } finally {
            List<Runnable> hooks = new ArrayList<>(endOfTransactionHooks);
            endOfTransactionHooks.clear();
            hooks.forEach(Runnable::run);
        }
    }

    private void rollbackQuietly() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (e.g. after SQLITE_FULL); nothing is left to undo.
            LOG.log(System.Logger.Level.DEBUG, "Rollback of {0}: {1}", file, e.getMessage());
        }
    }

    private void execute(String sql, String doing) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failure(doing, e);
        }
    }

    private void connect() {
        boolean created = createIfMissing();
        if (!created) {
            DatabaseFiles.checkHeader(file, false);
            DatabaseFiles.checkReadOnly(file, busyTimeout, simpleTuner == null);
            if (!writable(file)) {
                connectReadOnly();
                return;
            }
        }
        try {
            connection = config().createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw failure("opening", e);
        }
        try {
            if (simpleTuner != null) {
                prepareSimpleTuner();
                return;
            }
            int version = userVersion();
            if (version > latestSchemaVersion()) {
                throw DatabaseFiles.newerSchema(file, version);
            }
            enableWal();
            migrate();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Whether this process may write the file and create its journal beside it (not on a read-only disk). */
    private static boolean writable(Path file) {
        return Files.isWritable(file) && Files.isWritable(file.getParent());
    }

    /**
     * Opens a database this process cannot write (a read-only disk or file) read-only, so reads work and every
     * write is refused with the reason: nothing is switched to WAL, created or migrated. A console database that
     * would need a migration is refused, since reading it at an older schema would misread it.
     */
    private void connectReadOnly() {
        SQLiteConfig config = config();
        config.setReadOnly(true);
        try {
            connection = config.createConnection("jdbc:sqlite:" + file);
            try (Statement probe = connection.createStatement()) {
                probe.executeQuery("PRAGMA user_version").close();
            }
        } catch (SQLException e) {
            close();
            // A WAL database needs its -shm file to be read; where none exists and none can be made (a read-only
            // disk), SQLite reads it only as immutable: no locks, which nothing can need where nothing can write.
            try {
                connection = config.createConnection("jdbc:sqlite:" + file.toUri() + "?immutable=1");
            } catch (SQLException immutable) {
                throw failure("opening it read-only", e);
            }
        }
        String readOnly = "The database " + file + " cannot be written here (a read-only disk, or no write permission "
                + "on the file or its folder): it was opened for reading only.";
        try {
            if (simpleTuner != null) {
                Optional<String> newer = simpleTuner.writeRefusal(connection, file);
                writeRefusal = newer.orElse(readOnly);
                refusalReason = newer.isPresent() ? StoreException.Reason.NEWER_SCHEMA : StoreException.Reason.READ_ONLY;
                return;
            }
            int version = userVersion();
            if (version > latestSchemaVersion()) {
                throw DatabaseFiles.newerSchema(file, version);
            }
            if (version < latestSchemaVersion()) {
                throw new StoreException(StoreException.Reason.READ_ONLY, "The database " + file + " needs its schema "
                        + "upgraded (version " + version + " to " + latestSchemaVersion() + ") but cannot be written here "
                        + "(a read-only disk, or no write permission on the file or its folder). Nothing was changed.");
            }
            schemaVersion = version;
            writeRefusal = readOnly;
            refusalReason = StoreException.Reason.READ_ONLY;
        } catch (SQLException e) {
            close();
            throw failure("reading the schema version", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void prepareSimpleTuner() {
        try {
            writeRefusal = simpleTuner.writeRefusal(connection, file).orElse(null);
        } catch (SQLException e) {
            throw failure("reading the schema version", e);
        }
        if (writeRefusal != null) {
            return; // not even WAL: switching journal mode writes the header
        }
        enableWal();
        if (simpleTuner.created().isEmpty()) {
            return;
        }
        inTransaction(() -> simpleTuner.created().forEach(sql -> execute(sql, "creating SimpleTuner's tables")));
    }

    private SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.enforceForeignKeys(true);
        // FULL: a committed credential change survives a power cut, not only a crash; writes are rare.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        return config;
    }

    private boolean createIfMissing() {
        if (Files.exists(file)) {
            return false;
        }
        try {
            // The driver would create the file 0666 & ~umask; an owner-only empty file is a valid empty database.
            DatabaseFiles.createOwnerOnlyEmpty(file);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } catch (AccessDeniedException e) {
            throw new StoreException(StoreException.Reason.READ_ONLY, "Cannot create the database " + file
                    + ": permission denied. Make its folder writable. " + whereElse() + " Nothing was changed.", e);
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.READ_ONLY, "Cannot create the database " + file + ": "
                    + e.getMessage() + ". " + whereElse() + " Nothing was changed.", e);
        }
    }

    /** How to point SecretDesk at another file. */
    private String whereElse() {
        return simpleTuner == null ? "Or set SECRETDESK_DB to a writable path." : "Or set SIMPLETUNER_STATE_DIR to the "
                + "folder SimpleTuner's server uses.";
    }

    private int userVersion() {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        } catch (SQLException e) {
            throw failure("reading the schema version", e);
        }
    }

    private void enableWal() {
        // The result set must be closed before the next write, or that write fails with SQLITE_BUSY.
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA journal_mode=WAL")) {
            String mode = rows.next() ? rows.getString(1) : "?";
            if (!"wal".equalsIgnoreCase(mode)) {
                LOG.log(System.Logger.Level.WARNING, "{0} stays in journal mode {1}: WAL is not available there", file, mode);
            }
        } catch (SQLException e) {
            throw failure("switching to WAL mode", e);
        }
    }

    private void migrate() {
        int current = userVersion();
        if (current >= latestSchemaVersion()) {
            schemaVersion = current;
            return;
        }
        inTransaction(() -> {
            // Re-read inside the write lock: another process may have migrated meanwhile.
            int version = userVersion();
            for (int next = version + 1; next <= latestSchemaVersion(); next++) {
                for (String sql : Migrations.ALL.get(next - 1)) {
                    execute(sql, "applying schema migration " + next);
                }
                execute("PRAGMA user_version = " + next, "recording schema version " + next);
                LOG.log(System.Logger.Level.DEBUG, "Migrated {0} to schema version {1}", file, next);
            }
        });
        schemaVersion = userVersion();
    }

    private SQLiteConnection sqlite() {
        try {
            return connection.unwrap(SQLiteConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException("the SQLite driver's connection is not available", e);
        }
    }

    private void ensureOpen() {
        if (connection == null) {
            throw new IllegalStateException("the database " + file + " is closed");
        }
    }

    StoreException failure(String doing, SQLException e) {
        return DatabaseFiles.failure(file, busyTimeout, doing, e);
    }
}
