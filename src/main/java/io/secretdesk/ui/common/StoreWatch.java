package io.secretdesk.ui.common;

import io.secretdesk.core.store.DatabaseVersions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tells the open views when SimpleTuner's databases (jobs.db, audit.db) were committed to: each {@link #poll()} asks
 * {@link DatabaseVersions} (SQLite's {@code data_version}, see there why not file times) and hands the changed files
 * to every subscriber on the FX thread.
 *
 * <p>Unlike {@link FileWatch}, the console's own writes are reported too: a view compares what it reads again with what
 * it shows, so its own Save finds nothing new and stays silent, with no race between a write and a rebaseline.
 */
public final class StoreWatch implements AutoCloseable {

    private final Supplier<DatabaseVersions> opener;
    private final Executor fx;
    private DatabaseVersions versions;
    private final List<Consumer<List<Path>>> subscribers = new CopyOnWriteArrayList<>();

    /**
     * @param versions builds the watch of the databases, on the first poll (so SQLite loads off the path to the first
     *                 frame, on the polling thread)
     * @param fx       delivers on the FX thread ({@code Platform::runLater} in the console)
     */
    public StoreWatch(Supplier<DatabaseVersions> versions, Executor fx) {
        this.opener = Objects.requireNonNull(versions, "versions");
        this.fx = Objects.requireNonNull(fx, "fx");
    }

    /** Adds a view that wants the changed files (on the FX thread); any thread. */
    public void subscribe(Consumer<List<Path>> subscriber) {
        subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    }

    /** Compares the databases with the last poll; blocks on SQLite, so never on the FX thread. */
    public synchronized void poll() {
        if (versions == null) {
            versions = opener.get();
        }
        List<Path> changed = versions.changed();
        if (!changed.isEmpty()) {
            fx.execute(() -> subscribers.forEach(subscriber -> subscriber.accept(changed)));
        }
    }

    /** Closes the connections the watch keeps open. */
    @Override
    public synchronized void close() {
        if (versions != null) {
            versions.close();
        }
    }
}
