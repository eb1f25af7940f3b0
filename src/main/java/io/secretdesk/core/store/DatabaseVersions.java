package io.secretdesk.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Tells which SQLite databases had a transaction committed since the last look, by any process: SimpleTuner's server,
 * {@code secretdesk config set} in a terminal, or this console's own stores. For the console's "changed outside" notices
 * on jobs.db and audit.db.
 *
 * <p>Why {@code PRAGMA data_version} and not the files' size and modification time (as the secrets file is watched):
 * SimpleTuner's databases are in WAL mode, so a commit changes only the {@code -wal} file; SQLite's automatic checkpoint
 * later rewrites the main file without any change of data, every reader writes its marks into {@code -shm}, and once the
 * WAL is checkpointed the next writer starts it again from the top, which can leave {@code -wal} at its old size within
 * the file system's timestamp granularity (a second or two on some network and FAT file systems). Watching the files
 * would report checkpoints and reads as changes and could miss a commit. {@code data_version} is SQLite's own answer: on
 * one connection it changes when another connection (in this process or another) committed, whatever the journal mode
 * and the timestamps (DatabaseVersionsTest: a commit is seen, an automatic checkpoint is not). It can still change
 * without new data (a truncating checkpoint restarts the WAL), so the views compare what they read again with what they
 * show and say nothing when it is the same. Each database keeps one read-only connection, never in a transaction
 * between looks (it holds no lock and does not hold back checkpoints). The file's identity is compared too: a database
 * created, deleted or replaced by a new file is reopened and counts as changed.
 *
 * <p>{@link #changed()} blocks on SQLite (off the FX thread) and is serialised; it never creates a database and never
 * reads a row.
 */
public final class DatabaseVersions implements AutoCloseable {

    /** What one look saw: the file's identity (null when absent) and its data version (-1 when unknown). */
    record Stamp(Object identity, long version) {
    }

    private final List<Path> files;
    private final Map<Path, Connection> connections = new LinkedHashMap<>();
    private final Map<Path, Stamp> seen = new LinkedHashMap<>();

    /** Takes the databases as they are now as seen; opens nothing yet (the first {@link #changed()} does). */
    public DatabaseVersions(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /**
     * The databases that changed since the previous call (in the order given), empty on the first call, which only
     * takes the current state as seen. A database that cannot be read right now (locked past the busy timeout,
     * unreadable) is skipped this time and compared again on the next call.
     */
    public synchronized List<Path> changed() {
        boolean first = seen.isEmpty();
        List<Path> changed = new ArrayList<>();
        for (Path file : files) {
            Stamp now = stamp(file);
            if (now == null) {
                continue;
            }
            Stamp before = seen.put(file, now);
            if (!first && before != null && !before.equals(now)) {
                changed.add(file);
            }
        }
        return List.copyOf(changed);
    }

    /** The databases watched. */
    public List<Path> files() {
        return files;
    }

    private Stamp stamp(Path file) {
        Object identity = identity(file);
        Stamp before = seen.get(file);
        if (identity == null) {
            closeConnection(file);
            return new Stamp(null, -1);
        }
        if (before != null && !identity.equals(before.identity())) {
            closeConnection(file); // replaced by another file: the old connection still sees the old one
        }
        try {
            Connection connection = connections.get(file);
            if (connection == null) {
                connection = open(file);
                connections.put(file, connection);
            }
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("PRAGMA data_version")) {
                return new Stamp(identity, result.next() ? result.getLong(1) : -1);
            }
        } catch (SQLException e) {
            closeConnection(file);
            return null;
        }
    }

    private static Connection open(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true); // opened without CREATE: never creates the file, never writes
        config.setBusyTimeout(1000);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    private static Object identity(Path file) {
        try {
            Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
            return key != null ? key : file; // no inode on this file system: existence is all we can tell
        } catch (IOException absent) {
            return null;
        }
    }

    private void closeConnection(Path file) {
        Connection connection = connections.remove(file);
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a read-only connection that holds nothing: nothing is lost
            }
        }
    }

    @Override
    public synchronized void close() {
        List.copyOf(connections.keySet()).forEach(this::closeConnection);
        seen.clear();
    }

    @Override
    public String toString() {
        return "DatabaseVersions" + files;
    }

}
