package io.secretdesk.ui.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Notices when files the console shows change outside it (a {@code secretdesk set} in a terminal, an editor, SimpleTuner
 * itself): each {@link #poll()} compares every file's size, modification time and identity with the last one seen, and
 * reports the changed files on the FX thread. A file replaced atomically, created or deleted counts as changed.
 *
 * <p>Polling rather than a {@code WatchService}: it sees a rename over the file the same way on every platform and holds
 * no thread of its own (the console polls from its shared scheduler). The console's own writes are not news:
 * {@link #rebaseline()} after a write, on the FX thread, and a poll that raced with it is dropped on delivery. Never reads
 * a file's content.
 */
public final class FileWatch {

    /** What a poll compares; absent files have {@code exists == false}. */
    record Signature(boolean exists, long size, long modified, Object identity) {
        static Signature of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return new Signature(true, attributes.size(), attributes.lastModifiedTime().toMillis(), attributes.fileKey());
            } catch (IOException missing) {
                return new Signature(false, -1, -1, null);
            }
        }
    }

    private final List<Path> files;
    private final Executor fx;
    private final Consumer<List<Path>> onChange;
    /** What the console last saw or wrote; read by polls on other threads, replaced on the FX thread. */
    private volatile Map<Path, Signature> baseline;

    /**
     * @param files    the files to watch (they need not exist)
     * @param fx       delivers on the FX thread ({@code Platform::runLater} in the console)
     * @param onChange receives the changed files, on the FX thread
     */
    public FileWatch(List<Path> files, Executor fx, Consumer<List<Path>> onChange) {
        this.files = List.copyOf(files);
        this.fx = Objects.requireNonNull(fx, "fx");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.baseline = read();
    }

    private Map<Path, Signature> read() {
        Map<Path, Signature> now = new LinkedHashMap<>();
        for (Path file : files) {
            now.put(file, Signature.of(file));
        }
        return now;
    }

    /** Compares the files with what was seen last; any thread. A change is delivered through the FX executor. */
    public void poll() {
        Map<Path, Signature> now = read();
        if (!now.equals(baseline)) {
            fx.execute(() -> deliver(now));
        }
    }

    private void deliver(Map<Path, Signature> now) {
        Map<Path, Signature> before = baseline;
        if (now.equals(before) || !read().equals(now)) {
            return; // seen already, or a rebaseline (our own write) or a newer change came since: the next poll reports it
        }
        baseline = now;
        List<Path> changed = new ArrayList<>();
        now.forEach((file, signature) -> {
            if (!signature.equals(before.get(file))) {
                changed.add(file);
            }
        });
        onChange.accept(List.copyOf(changed));
    }

    /** Takes the files as they are now as seen, after the console's own write; on the FX thread. */
    public void rebaseline() {
        baseline = read();
    }

    /** The files watched. */
    public List<Path> files() {
        return files;
    }
}
