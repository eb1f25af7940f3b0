package io.secretdesk.core.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/** A database opened on first use (opening may create the file and SimpleTuner's tables), closed with its owner. */
final class LazyDatabase implements Supplier<Database>, AutoCloseable {

    private final Supplier<Database> opener;
    private final Path file;
    private Database database;

    LazyDatabase(Path file, Supplier<Database> opener) {
        this.file = Objects.requireNonNull(file, "file");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    static LazyDatabase simpleTuner(Path file, SimpleTunerSchema schema, java.time.Duration busyTimeout) {
        return new LazyDatabase(file, () -> Database.openSimpleTuner(file, schema, busyTimeout));
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized Database get() {
        if (database == null) {
            database = opener.get();
        }
        return database;
    }

    /** Whether the file has been opened by this process. */
    synchronized boolean isOpen() {
        return database != null;
    }

    @Override
    public synchronized void close() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
