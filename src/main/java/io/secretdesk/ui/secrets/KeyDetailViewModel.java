package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.edit.EditException;
import io.secretdesk.core.secrets.edit.EditableSource.VersionOperation;
import io.secretdesk.core.secrets.edit.KeyVersion;
import io.secretdesk.core.secrets.edit.SecretEdits;
import io.secretdesk.core.secrets.edit.SourceState;
import io.secretdesk.core.secrets.edit.ValueDiff;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.SecretValue;
import io.secretdesk.ui.common.UiExecutor;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The per-key detail pane of the Secrets page: the key's value in every source side by side (masked, one revealed at
 * a time), its versions in one source with time and who, a diff of any two that never shows a value, and edits into
 * any editable source through the core {@link SecretEdits} service the CLI uses too: compare-and-set writes (a
 * conflict keeps the typed value and shows both versions), deletes that say who supplies the key afterwards, restore
 * as a new version, and Vault's delete, undelete and destroy of a version, each asked first.
 *
 * <p>Blocking calls run through the {@link UiExecutor}; everything else is called on the FX thread.
 */
public final class KeyDetailViewModel {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /** One source's value of the key. */
    public record SourceRow(String provider, String status, String location, SecretValue value, boolean editable,
                            boolean holds) {
    }

    /** One version of the key in the selected source. */
    public record VersionRow(String id, String state, String created, String who, String labels, String change,
                             SecretValue value, boolean gone, boolean deleted) {
    }

    private final Supplier<SecretEdits> edits;
    private final UiExecutor executor;
    private final Reveals reveals;
    private final ClipboardGuard clipboard;
    private final Runnable afterWrite;
    private final Notice notice;

    private final StringProperty key = new SimpleStringProperty("");
    private final BooleanProperty open = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ObservableList<SourceRow> sourceRows = FXCollections.observableArrayList();
    private final ObservableList<String> editable = FXCollections.observableArrayList();
    private final ObjectProperty<String> versionsSource = new SimpleObjectProperty<>();
    private final ObservableList<VersionRow> versions = FXCollections.observableArrayList();
    private final ObservableList<String> refs = FXCollections.observableArrayList();
    private final ObjectProperty<String> compareA = new SimpleObjectProperty<>();
    private final ObjectProperty<String> compareB = new SimpleObjectProperty<>();
    private final StringProperty diffText = new SimpleStringProperty("");
    private final ObjectProperty<String> target = new SimpleObjectProperty<>();
    private final StringProperty typed = new SimpleStringProperty("");
    private final StringProperty question = new SimpleStringProperty("");
    private final List<SecretValue> shown = new ArrayList<>();
    private Map<String, SourceState> opened = new HashMap<>();
    private Runnable onConfirm;

    /**
     * @param edits      the editing service, called only in background work
     * @param afterWrite runs on the FX thread after any write (the table reloads)
     */
    public KeyDetailViewModel(Supplier<SecretEdits> edits, UiExecutor executor, Reveals reveals, ClipboardGuard clipboard,
                              Runnable afterWrite) {
        Objects.requireNonNull(edits, "edits");
        this.edits = () -> edits.get().via("key-detail"); // named in each write's audit entry
        this.executor = Objects.requireNonNull(executor, "executor");
        this.reveals = Objects.requireNonNull(reveals, "reveals");
        this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
        this.afterWrite = Objects.requireNonNull(afterWrite, "afterWrite");
        this.notice = reveals.newNotice();
        versionsSource.addListener((obs, was, now) -> {
            if (now != null && !now.equals(was) && open.get()) {
                loadVersions();
            }
        });
        compareA.addListener(obs -> compare());
        compareB.addListener(obs -> compare());
    }

    // ------------------------------------------------------------------------------------------------ opening

    /** Opens the pane on {@code key} and reads every source. */
    public void open(String keyName) {
        hideAll();
        key.set(Objects.requireNonNull(keyName, "key"));
        typed.set("");
        question.set("");
        onConfirm = null;
        diffText.set("");
        notice.say(Notice.Kind.NONE, "");
        open.set(true);
        reload(null);
    }

    /** Closes the pane and masks everything it showed. */
    public void close() {
        hideAll();
        open.set(false);
        sourceRows.clear();
        versions.clear();
        typed.set("");
    }

    /** Reads every source again (the basis of the next save) and the selected source's versions. */
    public void reload(Runnable then) {
        String name = key.get();
        busy.set(true);
        executor.run(() -> read(name), read -> {
            busy.set(false);
            if (!name.equals(key.get()) || !open.get()) {
                return;
            }
            hideAll();
            opened = read.states();
            sourceRows.setAll(read.rows(this, name));
            editable.setAll(read.editable());
            if (target.get() == null || !editable.contains(target.get())) {
                target.set(read.defaultTarget());
            }
            String wanted = versionsSource.get() != null && editable.contains(versionsSource.get()) ? versionsSource.get()
                    : read.defaultTarget();
            if (wanted != null && wanted.equals(versionsSource.get())) {
                loadVersions();
            } else {
                versionsSource.set(wanted);
            }
            if (then != null) {
                then.run();
            }
        }, failure -> {
            busy.set(false);
            notice.say(Notice.Kind.ERROR, "Could not read " + name + ": " + ErrorMessages.oneLine(failure));
        });
    }

    /** What one background read found: each source's outcome, which can be edited, their states, the default target. */
    private record Read(List<Resolution.Outcome> outcomes, List<String> editable, List<String> configured,
                        Map<String, SourceState> states, String defaultTarget) {
        List<SourceRow> rows(KeyDetailViewModel model, String name) {
            List<SourceRow> rows = new ArrayList<>();
            for (Resolution.Outcome outcome : outcomes) {
                if (!outcome.is(ProviderId.ENV) && !editable.contains(outcome.provider()) && !outcome.holds()
                        && !states.containsKey(outcome.provider()) && !configured.contains(outcome.provider())) {
                    continue; // a source that is not set up has nothing to show here
                }
                String status = switch (outcome.status()) {
                    case SUPPLIES -> "supplies";
                    case SHADOWED -> "shadowed";
                    case LACKS -> "not set";
                    case UNAVAILABLE -> "unavailable: " + outcome.detail();
                };
                rows.add(new SourceRow(outcome.provider(), status, outcome.location(),
                        model.secret(name + " in " + outcome.provider(), outcome.value()),
                        editable.contains(outcome.provider()), outcome.holds()));
            }
            return rows;
        }
    }

    private Read read(String name) {
        SecretEdits service = edits.get();
        Resolution resolution = service.chain().resolve(name);
        Map<String, SourceState> states = new HashMap<>();
        for (String source : service.sources()) {
            try {
                states.put(source, service.source(source).read());
            } catch (EditException e) {
                // Shown as the source's status; it cannot be edited until it reads.
            }
        }
        List<String> canWrite = service.sources().stream().filter(states::containsKey).toList();
        String preferred = service.defaultTarget(resolution);
        return new Read(resolution.outcomes(), canWrite, service.sources(), states,
                canWrite.contains(preferred) ? preferred : canWrite.isEmpty() ? null : canWrite.get(0));
    }

    // ------------------------------------------------------------------------------------------------ versions and diff

    /** Loads the versions of the key in the selected source. */
    public void loadVersions() {
        String name = key.get();
        String source = versionsSource.get();
        if (source == null) {
            return;
        }
        executor.run(() -> edits.get().history(name, source, SecretEdits.DEFAULT_HISTORY), list -> {
            if (!name.equals(key.get()) || !source.equals(versionsSource.get())) {
                return;
            }
            List<VersionRow> rows = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                KeyVersion v = list.get(i);
                KeyVersion older = i + 1 < list.size() ? list.get(i + 1) : null;
                boolean gone = v.state() == KeyVersion.State.DELETED || v.state() == KeyVersion.State.DESTROYED;
                String change = older == null || gone || older.state() == KeyVersion.State.DELETED
                        || older.state() == KeyVersion.State.DESTROYED ? "" : ValueDiff.of(older.value(), v.value()).summary();
                rows.add(new VersionRow(v.id(), v.state().name().toLowerCase(Locale.ROOT),
                        v.created() == null ? "—" : TIME.format(v.created()), v.who() == null ? "—" : v.who(),
                        String.join(", ", v.labels()), change, secret(name + " version " + v.id(), v.value()), gone,
                        v.state() == KeyVersion.State.DELETED));
            }
            versions.setAll(rows);
            List<String> choices = new ArrayList<>();
            for (SourceRow row : sourceRows) {
                if (row.holds()) {
                    choices.add(row.provider() + " (now)");
                }
            }
            rows.stream().filter(r -> !r.gone()).forEach(r -> choices.add(source + "@" + r.id()));
            refs.setAll(choices);
            // By default: the version before the newest against the newest (or two sources, when there is one version).
            List<VersionRow> readable = rows.stream().filter(r -> !r.gone()).toList();
            compareB.set(readable.isEmpty() ? (choices.isEmpty() ? null : choices.get(0)) : source + "@" + readable.get(0).id());
            compareA.set(readable.size() > 1 ? source + "@" + readable.get(1).id() : choices.size() > 1 ? choices.get(1) : null);
        }, failure -> {
            versions.clear();
            notice.say(Notice.Kind.ERROR, "Could not read the versions in " + source + ": " + ErrorMessages.oneLine(failure));
        });
    }

    private void compare() {
        String a = compareA.get();
        String b = compareB.get();
        if (a == null || b == null) {
            diffText.set("");
            return;
        }
        String name = key.get();
        executor.run(() -> edits.get().diff(name, ref(a), ref(b)).summary(), summary -> {
            if (a.equals(compareA.get()) && b.equals(compareB.get())) {
                diffText.set(a + " vs " + b + ": " + summary);
            }
        }, failure -> diffText.set("Cannot compare: " + ErrorMessages.oneLine(failure)));
    }

    static SecretEdits.Ref ref(String choice) {
        if (choice.endsWith(" (now)")) {
            return new SecretEdits.Ref(choice.substring(0, choice.length() - " (now)".length()), null);
        }
        int at = choice.indexOf('@');
        return new SecretEdits.Ref(choice.substring(0, at), choice.substring(at + 1));
    }

    // ------------------------------------------------------------------------------------------------ changes

    /** Saves the typed value into the target source, based on what the pane read; a conflict keeps the typed value. */
    public void save() {
        String value = typed.get();
        if (value == null || value.isEmpty()) {
            notice.say(Notice.Kind.WARNING, "Type a value first; to remove the key, use Delete on its source.");
            return;
        }
        String to = target.get();
        write(to, false, () -> edits.get().set(key.get(), value, to, opened.get(to), false),
                () -> edits.get().set(key.get(), value, to, opened.get(to), true), "Saved " + key.get() + " to " + to);
    }

    /** Asks, then removes the key from {@code source} in a new version, saying first who supplies it afterwards. */
    public void requestDelete(String source) {
        String name = key.get();
        executor.run(() -> edits.get().supplierAfterDelete(name, source), after -> ask("Delete " + name + " from " + source
                + "? " + after.map(o -> "Afterwards " + o.provider() + " supplies it.").orElse("Afterwards no source supplies it.")
                + (ProviderId.of(source).filter(ProviderId::editable).isPresent() ? " Older versions keep the value." : ""),
                () -> write(source, true, () -> edits.get().delete(name, source, opened.get(source), false),
                        () -> edits.get().delete(name, source, opened.get(source), true), "Deleted " + name + " from " + source)),
                failure -> notice.say(Notice.Kind.ERROR, ErrorMessages.oneLine(failure)));
    }

    /** Asks, then writes the value of {@code row} as a new version of the selected source. */
    public void requestRestore(VersionRow row) {
        String source = versionsSource.get();
        String name = key.get();
        ask("Write the value " + name + " had in version " + row.id() + " of " + source + " as a new version? Later versions stay.",
                () -> write(source, true, () -> edits.get().restore(name, source, row.id(), false),
                        () -> edits.get().restore(name, source, row.id(), true), "Restored version " + row.id() + " of " + name));
    }

    /** Asks, then soft-deletes the version of {@code row} (Vault KV v2; undelete brings it back). */
    public void requestSoftDelete(VersionRow row) {
        requestVersionOperation(row, VersionOperation.DELETE);
    }

    /** Asks, then undeletes the soft-deleted version of {@code row}. */
    public void requestUndelete(VersionRow row) {
        requestVersionOperation(row, VersionOperation.UNDELETE);
    }

    /** Asks, then destroys the version of {@code row} for good. */
    public void requestDestroy(VersionRow row) {
        requestVersionOperation(row, VersionOperation.DESTROY);
    }

    /** Whether the selected source has versions that can be deleted, undeleted and destroyed (Vault). */
    public boolean versionOperations() {
        return ProviderId.VAULT.is(versionsSource.get());
    }

    private void requestVersionOperation(VersionRow row, VersionOperation operation) {
        String source = versionsSource.get();
        String name = key.get();
        String text = switch (operation) {
            case DELETE -> "Soft-delete version " + row.id() + " of " + source + "? It holds every key of the secret; undelete brings it back.";
            case UNDELETE -> "Undelete version " + row.id() + " of " + source + "?";
            case DESTROY -> "Destroy version " + row.id() + " of " + source + " for good? Every key it holds is erased and cannot be brought back.";
        };
        ask(text, () -> executor.run(() -> {
            edits.get().versionOperation(name, source, operation, row.id());
            return null;
        }, done -> {
            notice.say(Notice.Kind.SUCCESS, operation.word().substring(0, 1).toUpperCase(Locale.ROOT) + operation.word().substring(1)
                    + ": version " + row.id() + " of " + source + ".");
            afterWrite.run();
            reload(null);
        }, failure -> notice.say(Notice.Kind.ERROR, ErrorMessages.oneLine(failure))));
    }

    /** Answers yes to the pending question. */
    public void confirm() {
        Runnable action = onConfirm;
        onConfirm = null;
        question.set("");
        if (action != null) {
            action.run();
        }
    }

    public void cancelQuestion() {
        onConfirm = null;
        question.set("");
    }

    private void ask(String text, Runnable action) {
        onConfirm = action;
        question.set(text);
    }

    private void write(String source, boolean keepTyped, java.util.concurrent.Callable<SecretEdits.WriteResult> work,
                       java.util.concurrent.Callable<SecretEdits.WriteResult> confirmed, String done) {
        busy.set(true);
        executor.run(work, result -> written(result, done, keepTyped), failure -> {
            busy.set(false);
            if (failure instanceof EditException.Unversioned) {
                ask(failure.getMessage() + ".", () -> {
                    busy.set(true);
                    executor.run(confirmed, result -> written(result, done, keepTyped), this::failed);
                });
                return;
            }
            failed(failure);
        });
    }

    private void written(SecretEdits.WriteResult result, String done, boolean keepTyped) {
        busy.set(false);
        if (!keepTyped) {
            typed.set("");
        }
        String version = result.written().toVersion();
        Optional<Resolution.Outcome> winner = result.overriddenBy();
        notice.say(winner.isPresent() ? Notice.Kind.WARNING : Notice.Kind.SUCCESS, done
                + (version.equals("current") || version.equals("unversioned") ? "" : " (version " + version + ")")
                + winner.map(w -> "; " + w.provider() + " still supplies it and wins.").orElse("."));
        afterWrite.run();
        reload(null);
    }

    private void failed(Throwable failure) {
        busy.set(false);
        if (failure instanceof EditException.Conflict) {
            // Both versions go on screen (the versions list reloads with theirs on top); the typed value stays, and the
            // next Save is based on what was just read: the operator decides, nothing is retried.
            notice.say(Notice.Kind.ERROR, ErrorMessages.oneLine(failure) + " Your typed value is kept.");
            reload(null);
            return;
        }
        notice.say(Notice.Kind.ERROR, "Not saved: " + ErrorMessages.oneLine(failure) + " Your typed value is kept.");
    }

    // ------------------------------------------------------------------------------------------------ values

    /** A masked value; revealing it masks every other value in the pane, so only one is ever shown. */
    private SecretValue secret(String what, String value) {
        SecretValue secret = new SecretValue(what, value, reveals, clipboard);
        secret.reveal().revealedProperty().addListener((obs, was, now) -> {
            if (now) {
                for (SecretValue other : List.copyOf(shown)) {
                    if (other != secret) {
                        other.reveal().hide();
                    }
                }
            }
        });
        synchronized (shown) {
            shown.add(secret);
        }
        return secret;
    }

    private void hideAll() {
        List<SecretValue> all;
        synchronized (shown) {
            all = List.copyOf(shown);
            shown.clear();
        }
        all.forEach(s -> s.reveal().hide());
        // Values of the rows still on screen stay registered so one-at-a-time holds for them.
        synchronized (shown) {
            sourceRows.forEach(r -> shown.add(r.value()));
            versions.forEach(r -> shown.add(r.value()));
        }
    }

    /** How many values in the pane are revealed now (0 or 1). */
    public long revealedCount() {
        return sourceRows.stream().filter(r -> r.value().reveal().isRevealed()).count()
                + versions.stream().filter(r -> r.value().reveal().isRevealed()).count();
    }

    // ------------------------------------------------------------------------------------------------ properties

    public StringProperty keyProperty() {
        return key;
    }

    public BooleanProperty openProperty() {
        return open;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ObservableList<SourceRow> sourceRows() {
        return sourceRows;
    }

    public ObservableList<String> editableSources() {
        return editable;
    }

    public ObjectProperty<String> versionsSourceProperty() {
        return versionsSource;
    }

    public ObservableList<VersionRow> versions() {
        return versions;
    }

    public ObservableList<String> compareChoices() {
        return refs;
    }

    public ObjectProperty<String> compareAProperty() {
        return compareA;
    }

    public ObjectProperty<String> compareBProperty() {
        return compareB;
    }

    public StringProperty diffTextProperty() {
        return diffText;
    }

    public ObjectProperty<String> targetProperty() {
        return target;
    }

    public StringProperty typedProperty() {
        return typed;
    }

    public StringProperty questionProperty() {
        return question;
    }

    public Notice notice() {
        return notice;
    }

    public Reveals reveals() {
        return reveals;
    }

    public ClipboardGuard clipboard() {
        return clipboard;
    }
}
