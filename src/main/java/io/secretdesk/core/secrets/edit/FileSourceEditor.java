package io.secretdesk.core.secrets.edit;

import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.WritableSecretProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Edits the secrets file through its provider, keeping SecretDesk's own history of every value a write replaces or
 * makes ({@link FileHistory}). A write checks, under the file's lock, that the key still holds the value it was
 * opened with (other keys may change meanwhile: the file is merged key by key), so a colleague's change to the same
 * key is a {@link EditException.Conflict}, never overwritten. Without a history store it writes without history.
 * Thread-safe.
 */
public final class FileSourceEditor implements EditableSource {

    /** The version id of the value in the file when the history has no row for it. */
    public static final String CURRENT = "current";

    private final WritableSecretProvider file;
    private final FileHistory history;

    /** @param history where versions are kept; null keeps none */
    public FileSourceEditor(WritableSecretProvider file, FileHistory history) {
        this.file = Objects.requireNonNull(file, "file");
        this.history = history;
    }

    @Override
    public String name() {
        return file.name();
    }

    @Override
    public String description() {
        return file.description();
    }

    @Override
    public String permissions() {
        return "write access to " + file.path() + " and its folder (SecretDesk keeps it owner-only)";
    }

    /** The secrets file writes go to now. */
    public java.nio.file.Path path() {
        return file.path();
    }

    /** The history store, when there is one. */
    public FileHistory history() {
        return history;
    }

    @Override
    public SourceState read() {
        if (!java.nio.file.Files.exists(file.path())) {
            return new SourceState(name(), CURRENT, Map.of(), Map.of(), history != null); // the first write creates it
        }
        Contents contents = file.contents();
        if (contents instanceof Contents.Unavailable unavailable) {
            // Worded as the file provider words its own refusal, whoever writes.
            throw new EditException("refusing to write " + file.path() + ": " + (unavailable.reason().startsWith("malformed ")
                    ? "it is not a valid secrets file (" + unavailable.reason().replace(" in " + file.path(), "") + "); fix or move the file, nothing was changed"
                    : unavailable.reason() + "; nothing was changed"));
        }
        return new SourceState(name(), CURRENT, ((Contents.Loaded) contents).values(), Map.of(), history != null);
    }

    @Override
    public Written write(String key, String value, SourceState basis, boolean confirmedUnversioned) {
        return write(key, value, basis, value == null ? "delete" : "set");
    }

    /**
     * As {@link #write(String, String, SourceState, boolean)}, recorded in the history as {@code action}
     * ({@code set}, {@code delete} or {@code restore}).
     */
    public Written write(String key, String value, SourceState basis, String action) {
        String expected = basis.value(key);
        String path = file.path().toString();
        List<Long> recorded = List.of();
        if (history != null && !Objects.equals(expected, value)) {
            List<FileHistory.Change> rows = new ArrayList<>();
            List<FileHistory.Entry> latest = history.entries(path, key, 1);
            boolean known = !latest.isEmpty() && latest.get(0).readable() && Objects.equals(latest.get(0).value(), expected);
            if (!known && expected != null) {
                rows.add(new FileHistory.Change("found", expected)); // a value SecretDesk did not write: keep it before replacing it
            }
            rows.add(new FileHistory.Change(action, value));
            recorded = history.append(path, key, rows);
        }
        try {
            file.update(key, current -> {
                if (!Objects.equals(current, expected)) {
                    throw EditException.Conflict.onKey(name(), path, key);
                }
                return value;
            });
        } catch (RuntimeException e) {
            if (!recorded.isEmpty()) {
                history.remove(recorded);
            }
            throw e;
        }
        String to = history == null || recorded.isEmpty() ? CURRENT
                : String.valueOf(history.entries(path, key, 1).stream().findFirst().map(FileHistory.Entry::version).orElse(0));
        return new Written(name(), key, CURRENT, to);
    }

    @Override
    public List<KeyVersion> versions(String key, int limit) {
        String now = read().value(key);
        List<KeyVersion> versions = new ArrayList<>();
        List<FileHistory.Entry> entries = history == null ? List.of() : history.entries(file.path().toString(), key, limit);
        boolean newestIsFile = !entries.isEmpty() && entries.get(0).readable() && Objects.equals(entries.get(0).value(), now);
        if (!newestIsFile && (now != null || entries.isEmpty())) {
            versions.add(new KeyVersion(name(), CURRENT, null, KeyVersion.State.CURRENT, List.of(), now,
                    entries.isEmpty() ? null : "(outside SecretDesk)"));
        }
        for (int i = 0; i < entries.size() && versions.size() < limit; i++) {
            FileHistory.Entry entry = entries.get(i);
            KeyVersion.State state = i == 0 && newestIsFile ? KeyVersion.State.CURRENT : KeyVersion.State.OLDER;
            List<String> labels = entry.readable() ? List.of(entry.action()) : List.of(entry.action(), "does not decrypt");
            versions.add(new KeyVersion(name(), String.valueOf(entry.version()), entry.at(), state, labels, entry.value(), entry.who()));
        }
        return versions;
    }

    @Override
    public String toString() {
        return "FileSourceEditor[" + description() + "]";
    }
}
