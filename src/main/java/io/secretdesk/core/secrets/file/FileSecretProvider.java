package io.secretdesk.core.secrets.file;

import io.secretdesk.core.SecureFiles;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.SourceSettings;
import io.secretdesk.core.secrets.WritableSecretProvider;
import io.secretdesk.core.secrets.SecretProviderException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Secrets from a JSON or YAML file: {@code ~/.simpletuner/secrets.json}, else {@code secrets.yaml}, else
 * {@code secrets.yml} (the first that exists), or one explicit path. The only writable provider.
 *
 * <p>Reads see edits made by other programs: each call compares the file's identity, size and
 * modification and change times with those of the last parse, and parses again only when they differ.
 * Writes hold a lock file across processes, re-read the file under the lock, refuse to touch a file they
 * cannot parse or values {@link SecretLimits} refuses, and replace it atomically with an owner-only (0600) file;
 * a write redoes its change when another program edited the file before the rename. Under the lock, temp files
 * a killed write left behind are removed (on the next write, and on the first read when the lock is free).
 */
public final class FileSecretProvider implements WritableSecretProvider {

    private static final long LOCK_WAIT_MILLIS = 10_000;
    private static final Map<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();
    /** How often a write is redone when another program keeps editing the file under it. */
    private static final int EDIT_RACE_ATTEMPTS = 3;

    private final List<Path> candidates;
    private volatile Snapshot snapshot;
    private volatile boolean leftoversChecked;
    private volatile Runnable beforeRename = () -> { };

    /** The default provider under the current {@code user.home}: see {@link #inHome(SimpleTunerHome)}. */
    public FileSecretProvider() {
        this(SimpleTunerHome.current().secretsFileCandidates().stream().map(Path::toAbsolutePath).toList());
    }

    /** A provider over one explicit file (format by extension: {@code .yaml}/{@code .yml} or JSON). */
    public FileSecretProvider(Path path) {
        this(List.of(path.toAbsolutePath()));
    }

    private FileSecretProvider(List<Path> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /** The default provider: the first of {@code secrets.json}, {@code secrets.yaml}, {@code secrets.yml} that exists. */
    public static FileSecretProvider inHome(SimpleTunerHome home) {
        return new FileSecretProvider(home.secretsFileCandidates().stream().map(Path::toAbsolutePath).toList());
    }

    /** The file reads and writes go to now: the first candidate that exists, else the first candidate. */
    @Override
    public Path path() {
        for (Path candidate : candidates) {
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return candidates.get(0);
    }

    @Override
    public String name() {
        return ProviderId.FILE.id();
    }

    @Override
    public String description() {
        return path().toString();
    }

    @Override
    public String locationOf(String key) {
        return path() + " [" + key + "]";
    }

    @Override
    public Lookup lookup(String key) {
        Contents contents = contents();
        if (contents instanceof Contents.Loaded loaded) {
            return Lookup.of(loaded.values().get(key));
        }
        return new Lookup.Unavailable(((Contents.Unavailable) contents).reason());
    }

    @Override
    public Contents contents() {
        return current().contents();
    }

    @Override
    public Availability availability() {
        Snapshot current = current();
        if (current.contents() instanceof Contents.Loaded loaded) {
            String keys = loaded.size() == 1 ? "1 key" : loaded.size() + " keys";
            Path folder = current.path().getParent();
            String warning = SecureFiles.accessibleByOthers(current.path())
                    ? "; warning: other users can access this file, run chmod 600 " + current.path()
                    : SecureFiles.writableByEveryone(folder)
                    ? "; warning: every user can replace files in " + folder + ", run chmod 700 " + folder : "";
            return Availability.available(keys + " in " + current.path() + warning, loaded.size());
        }
        return Availability.unavailable(((Contents.Unavailable) current.contents()).reason());
    }

    /** Configured once the secrets file exists: no file yet is a first run, not a failure. */
    @Override
    public boolean configured() {
        return state().exists();
    }

    /**
     * The card: path, format and state (loaded with its key count, missing, a parse error, unreadable); under them,
     * whether other users can read the file.
     */
    @Override
    public SourceSettings settings() {
        FileState state = state();
        String note = SecureFiles.accessibleByOthers(state.path())
                ? "Other users can read this file: run chmod 600 " + state.path() : "Readable only by you (0600).";
        return new SourceSettings("Secrets file", List.of(
                new SourceSettings.Field("Path", state.path().toString()),
                new SourceSettings.Field("Format", state.format()),
                new SourceSettings.Field("State", describe(state))),
                note, false, state.exists()); // as configured(), without a second stat
    }

    private String describe(FileState state) {
        if (!state.exists()) {
            return "missing (saving a secret creates it)";
        }
        if (state.parseError() != null) {
            return "parse error: " + state.parseError();
        }
        Contents contents = contents();
        if (contents instanceof Contents.Loaded loaded) {
            return "loaded, " + (loaded.size() == 1 ? "1 key" : loaded.size() + " keys");
        }
        return "unreadable: " + ((Contents.Unavailable) contents).reason();
    }

    /** The state of the file now, for the console's per-source details. */
    public FileState state() {
        Snapshot current = current();
        return new FileState(current.path(), current.stamp() != null, SecretsFileFormat.of(current.path()).label(),
                current.contents() instanceof Contents.Unavailable unavailable && current.stamp() != null
                        ? unavailable.reason() : null);
    }

    @Override
    public void refresh() {
        snapshot = null;
    }

    /**
     * Sets {@code key} to {@code value} in the file, creating {@code secrets.json} (owner-only) when no
     * secrets file exists. A YAML file stays YAML.
     *
     * @return the file written
     * @throws SecretProviderException when the file cannot be parsed (it is left untouched), locked or written
     */
    @Override
    public Path set(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return modify(values -> {
            values.put(key, value);
            return true;
        }).path();
    }

    @Override
    public Path update(String key, java.util.function.UnaryOperator<String> change) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(change, "change");
        return modify(values -> {
            String current = values.get(key);
            String next = change.apply(current);
            if (Objects.equals(current, next)) {
                return false;
            }
            if (next == null) {
                values.remove(key);
            } else {
                values.put(key, next);
            }
            return true;
        }).path();
    }

    /**
     * Removes {@code key} from the file.
     *
     * @return whether the file held the key
     * @throws SecretProviderException when the file cannot be parsed (it is left untouched), locked or written
     */
    @Override
    public boolean delete(String key) {
        Objects.requireNonNull(key, "key");
        return modify(values -> values.remove(key) != null).changed();
    }

    private interface Change {
        boolean apply(Map<String, String> values);
    }

    private record Modification(Path path, boolean changed) {
    }

    private Modification modify(Change change) {
        Path anchor = candidates.get(0);
        Path dir = anchor.getParent();
        ReentrantLock threadLock = IN_PROCESS_LOCKS.computeIfAbsent(lockFileFor(anchor), p -> new ReentrantLock());
        try {
            if (!threadLock.tryLock(LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new SecretProviderException("timed out waiting for another write to " + anchor + "; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretProviderException("interrupted while waiting to write " + anchor);
        }
        try {
            SecureFiles.createPrivateDirectories(dir);
            try (FileChannel lockChannel = FileChannel.open(lockFileFor(anchor),
                    EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), SecureFiles.ownerOnlyFile(dir));
                 FileLock ignored = acquire(lockChannel, anchor)) {
                removeCrashLeftovers();
                for (int attempt = 1; ; attempt++) {
                    try {
                        return modifyLocked(change);
                    } catch (ChangedMeanwhile e) {
                        if (attempt == EDIT_RACE_ATTEMPTS) {
                            throw new SecretProviderException(e.target + " was changed by another program " + attempt
                                    + " times while this write was under way; nothing was changed, try again when it is done");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new SecretProviderException("could not write " + anchor + ": " + describe(e) + "; nothing was changed");
        } finally {
            threadLock.unlock();
        }
    }

    /** One read-change-write under the lock; {@link ChangedMeanwhile} when the file changed before the rename. */
    private Modification modifyLocked(Change change) throws IOException {
        // Chosen under the lock: another process may have created a file meanwhile.
        Path target = path();
        SecretsFileFormat format = SecretsFileFormat.of(target);
        FileStamp read = stampOrNull(target);
        Map<String, String> values;
        try {
            values = format.parse(Files.readAllBytes(target));
        } catch (NoSuchFileException e) {
            values = new LinkedHashMap<>();
        } catch (MalformedSecretsFileException e) {
            throw new SecretProviderException("refusing to write " + target + ": it is not a valid secrets file ("
                    + e.getMessage() + "); fix or move the file, nothing was changed");
        }
        boolean changed = change.apply(values);
        if (changed) {
            byte[] content = format.render(values);
            // Programs other than SecretDesk (an editor, a script) take no lock: compare the file with what was
            // read just before the rename, so their edit is never silently overwritten.
            SecureFiles.writeAtomically(target, content, () -> {
                beforeRename.run();
                if (!Objects.equals(stampOrNull(target), read)) {
                    throw new ChangedMeanwhile(target);
                }
            });
        }
        snapshot = null;
        return new Modification(target, changed);
    }

    /** The file changed between its read and the rename that would have replaced it. */
    private static final class ChangedMeanwhile extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path target;

        ChangedMeanwhile(Path target) {
            super("changed meanwhile");
            this.target = target;
        }
    }

    private static FileStamp stampOrNull(Path file) throws IOException {
        try {
            return FileStamp.of(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** For tests: runs just before the rename of each write, under the lock. */
    void beforeRename(Runnable hook) {
        this.beforeRename = Objects.requireNonNull(hook, "hook");
    }

    /**
     * Removes the temp files a write killed before its rename left beside the candidates: they may hold values
     * deleted since. Only under the write lock, where no live writer's temp file can exist.
     */
    private void removeCrashLeftovers() throws IOException {
        for (Path candidate : candidates) {
            SecureFiles.removeStaleTemps(candidate, Duration.ZERO);
        }
        leftoversChecked = true;
    }

    /** On the first read, the same clean-up, if the lock is free now; a busy lock means a writer will do it. */
    private void removeCrashLeftoversOnce() {
        if (leftoversChecked) {
            return;
        }
        leftoversChecked = true;
        Path anchor = candidates.get(0);
        Path lockFile = lockFileFor(anchor);
        if (!Files.isDirectory(anchor.getParent()) || !hasTemps()) {
            return;
        }
        ReentrantLock threadLock = IN_PROCESS_LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        if (!threadLock.tryLock()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                SecureFiles.ownerOnlyFile(anchor.getParent()));
             FileLock lock = channel.tryLock()) {
            if (lock != null) {
                removeCrashLeftovers();
            }
        } catch (IOException | OverlappingFileLockException e) {
            // Best effort: the next write cleans up under the lock it waits for.
        } finally {
            threadLock.unlock();
        }
    }

    private boolean hasTemps() {
        Path dir = candidates.get(0).getParent();
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".tmp") && candidates.stream().anyMatch(c -> name.startsWith("." + c.getFileName() + "."));
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static FileLock acquire(FileChannel channel, Path anchor) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCK_WAIT_MILLIS);
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // Held by this JVM through another channel; the in-process lock makes this rare.
            }
            if (System.nanoTime() > deadline) {
                throw new SecretProviderException("another program has held the lock on " + anchor
                        + " for over " + LOCK_WAIT_MILLIS / 1000 + " s; try again when it has finished");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SecretProviderException("interrupted while waiting for the lock on " + anchor);
            }
        }
    }

    /** One lock file per folder and base name, shared by all three candidate names. */
    private static Path lockFileFor(Path anchor) {
        String name = anchor.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return anchor.resolveSibling("." + base + ".lock");
    }

    private Snapshot current() {
        removeCrashLeftoversOnce();
        Path path = path();
        FileStamp stamp;
        try {
            stamp = FileStamp.of(path);
        } catch (NoSuchFileException e) {
            return new Snapshot(path, null, new Contents.Unavailable(missingReason()));
        } catch (IOException e) {
            return new Snapshot(path, null, new Contents.Unavailable("cannot read " + path + ": " + describe(e)));
        }
        Snapshot last = snapshot;
        if (last != null && last.path().equals(path) && stamp.equals(last.stamp())) {
            return last;
        }
        Snapshot fresh = parse(path, stamp);
        snapshot = fresh;
        return fresh;
    }

    private static Snapshot parse(Path path, FileStamp stamp) {
        SecretsFileFormat format = SecretsFileFormat.of(path);
        try {
            return new Snapshot(path, stamp, new Contents.Loaded(format.parse(Files.readAllBytes(path))));
        } catch (MalformedSecretsFileException e) {
            return new Snapshot(path, stamp, new Contents.Unavailable("malformed " + format.label() + " in " + path
                    + ": " + e.getMessage()));
        } catch (NoSuchFileException e) {
            return new Snapshot(path, null, new Contents.Unavailable("no secrets file at " + path));
        } catch (IOException e) {
            return new Snapshot(path, stamp, new Contents.Unavailable("cannot read " + path + ": " + describe(e)));
        }
    }

    private String missingReason() {
        if (candidates.size() == 1) {
            return "no secrets file at " + candidates.get(0) + " (setting a secret creates it)";
        }
        return "no secrets file: none of " + candidates.stream().map(p -> p.getFileName().toString()).toList()
                + " exists in " + candidates.get(0).getParent() + " (setting a secret creates secrets.json)";
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2");
        return (kind.isBlank() ? "I/O error" : kind.toLowerCase(java.util.Locale.ROOT))
                + (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? " (" + fse.getReason() + ")" : "");
    }

    @Override
    public String toString() {
        return "FileSecretProvider[" + path() + "]";
    }

    /** What the console shows of the file: where it is, whether it exists, its format, and its parse error. */
    public record FileState(Path path, boolean exists, String format, String parseError) {
    }

    private record Snapshot(Path path, FileStamp stamp, Contents contents) {
    }
}
