package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.edit.Drift;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.core.services.SecretWrites;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;







import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;



import javafx.collections.FXCollections;
import javafx.collections.ObservableList;


/**
 * The state and commands of the Secrets view: every key the chain knows with its source and shadows, masked
 * values with a timed reveal and a guarded copy, the unavailable sources, the per-source details with their
 * connection tests, delete with confirmation, and the {@link SecretEditor}; the {@link SecretFilter} says which rows
 * the table shows. Every save and delete appends an audit
 * entry (key and file, never the value); a write whose entry could not be appended is reported as such.
 *
 * <p>Every call into the chain runs through the {@link UiExecutor}; the chain itself is fetched from the supplier
 * only inside that background work (building it loads the provider SDKs). Time and the reveal countdown's ticking
 * are passed in, so tests run without a toolkit and without waiting. Call everything on the FX thread.
 */
public final class SecretsViewModel {

    /** How long a revealed value stays visible in a view model built without the console's {@link Reveals}. */
    public static final Duration REVEAL_FOR = Reveals.DEFAULT_REVEAL_FOR;
    /** The source filter that shows every row. */
    public static final String ALL_SOURCES = SecretFilter.ALL_SOURCES;

    static final String STILL_LOADING = "Still loading: a source has not answered yet.";

    private final Supplier<SecretsManager> secrets;
    private final SecretWrites writes;
    private final UiExecutor executor;
    private final ClipboardGuard clipboard;
    private final Reveals reveals;
    private final Runnable afterWrite;

    private final ObservableList<SecretRow> rows = FXCollections.observableArrayList();
    private final ObservableList<SecretRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final SecretFilter filter = new SecretFilter(rows);
    private final ObservableList<SourceCard> sources = FXCollections.observableArrayList();
    private final ObservableList<SourceCard> sourcesView = FXCollections.unmodifiableObservableList(sources);
    /** The sources the last load compared for drift (chain order); a row written later is compared over the same. */
    private List<String> driftSources = List.of();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyStringWrapper unavailable = new ReadOnlyStringWrapper(this, "unavailable", "");
    private final ReadOnlyStringWrapper notConfigured = new ReadOnlyStringWrapper(this, "notConfigured", "");
    private final Notice notice;
    private final ReadOnlyObjectWrapper<SecretRow> pendingDelete = new ReadOnlyObjectWrapper<>(this, "pendingDelete");
    private final ReadOnlyBooleanWrapper deleting = new ReadOnlyBooleanWrapper(this, "deleting", false);
    private final SecretEditor editor;

    private boolean tableLoading;
    /** Set when the file changed on disk while a load ran: that load may have read it before the change. */
    private boolean reloadAfterLoad;
    private boolean sourcesLoading;
    /** What writes made while a load was running resolved to: a load that started before them must not undo them. */
    private final Map<String, Resolution> writtenDuringLoad = new HashMap<>();

    /**
     * @param secrets   the chain; called only inside background work ({@code Services::secrets} in the console)
     * @param writes    the secrets file's writes (history, audit entry), building nothing until a write
     *                  ({@code services.secretWrites("secrets-view")} in the console)
     * @param executor  runs the blocking calls
     * @param clipboard the console's one clipboard guard
     * @param nanoTime  a monotonic clock for the reveal timeout
     * @param repeater  ticks the reveal countdown on the FX thread
     * @param afterWrite runs on the FX thread after a save or delete changed the secrets file (the console checks
     *                  the status bar's sources again)
     */
    public SecretsViewModel(Supplier<SecretsManager> secrets, SecretWrites writes, UiExecutor executor,
                            ClipboardGuard clipboard, LongSupplier nanoTime, ClipboardGuard.Repeater repeater,
                            Runnable afterWrite) {
        this(secrets, writes, executor, clipboard, new Reveals(nanoTime, repeater, REVEAL_FOR), afterWrite);
    }

    /**
     * @param secrets   the chain; called only inside background work ({@code Services::secrets} in the console)
     * @param writes    the secrets file's writes (history, audit entry), building nothing until a write
     * @param executor  runs the blocking calls
     * @param clipboard the console's one clipboard guard
     * @param reveals   the console's reveals: their timeout, and the idle lock that masks them all
     * @param afterWrite runs on the FX thread after a save or delete changed the secrets file
     */
    public SecretsViewModel(Supplier<SecretsManager> secrets, SecretWrites writes, UiExecutor executor,
                            ClipboardGuard clipboard, Reveals reveals, Runnable afterWrite) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
        this.reveals = Objects.requireNonNull(reveals, "reveals");
        this.notice = reveals.newNotice();
        this.afterWrite = Objects.requireNonNull(afterWrite, "afterWrite");
        this.editor = new SecretEditor(executor, secrets, this.writes, this::row, this::saved);
    }

    /**
     * The view model the console uses, with the console's reveals. {@code afterWrite} runs on the FX thread after a
     * save or delete changed the secrets file.
     */
    public static SecretsViewModel forConsole(Supplier<SecretsManager> secrets, SecretWrites writes,
                                              UiExecutor executor, ClipboardGuard clipboard, Reveals reveals,
                                              Runnable afterWrite) {
        return new SecretsViewModel(secrets, writes, executor, clipboard, reveals, afterWrite);
    }

    /** The console's reveals, for the fields the view builds (the editor's value). */
    public Reveals reveals() {
        return reveals;
    }

    /** The clipboard guard, for the fields the view builds. */
    public ClipboardGuard clipboard() {
        return clipboard;
    }

    // ------------------------------------------------------------------------------------------------
    // Loading

    /** Loads the table and the source details unless they are loaded or loading; the view calls it once it is shown. */
    public void loadIfNeeded() {
        if (!loaded.get() && !loading.get()) {
            load();
        }
    }

    /**
     * Reloads everything (F5): forgets what the chain cached, then asks every source again. A load still waiting
     * for a source is not started twice, so a source that never answers cannot pile up threads.
     */
    public void refresh() {
        if (loading.get()) {
            say(Notice.Kind.INFO, STILL_LOADING);
            return;
        }
        startLoading();
        executor.run(() -> {
            secrets.get().clearCache();
            return Boolean.TRUE;
        }, done -> askSources(), failure -> {
            finishTable();
            finishSources();
            say(Notice.Kind.ERROR, "Could not reload the secrets: " + ErrorMessages.oneLine(failure));
        });
    }

    /**
     * Files the page shows changed outside the console (a {@code secretdesk set} in a terminal, an editor): reloads and
     * says so. A load already running is followed by one more, since it may have read the file before the change.
     */
    public void changedOnDisk(List<java.nio.file.Path> files) {
        if (files.isEmpty()) {
            return;
        }
        String names = files.stream().map(f -> f.getFileName().toString()).distinct().collect(Collectors.joining(", "));
        if (loading.get()) {
            reloadAfterLoad = true;
        } else {
            refresh();
        }
        say(Notice.Kind.INFO, names + " changed on disk (outside the console); the table was reloaded.");
    }

    /**
     * The status bar's check of the sources: when it finds a source available that this page shows as unavailable, or
     * the other way round, the page asks the sources again, so the dots, the banner and the cards agree.
     *
     * @param available each checked source's name and whether it is available
     */
    public void sourcesReported(Map<String, Boolean> available) {
        if (!loaded.get() || loading.get()) {
            return;
        }
        boolean disagree = sources.stream().anyMatch(card -> {
            Boolean now = available.get(card.name());
            SourceCard.State state = card.stateProperty().get();
            return now != null && (state == SourceCard.State.AVAILABLE || state == SourceCard.State.UNAVAILABLE)
                    && now != (state == SourceCard.State.AVAILABLE);
        });
        if (disagree) {
            refresh();
        }
    }

    private void load() {
        startLoading();
        askSources();
    }

    private void startLoading() {
        tableLoading = true;
        sourcesLoading = true;
        loading.set(true);
        writtenDuringLoad.clear();
        if (notice.kindProperty().get() == Notice.Kind.ERROR) {
            say(Notice.Kind.NONE, ""); // an old failure would read as this load's
        }
        for (SourceCard card : sources) {
            if (!card.testingProperty().get()) {
                card.checking();
            }
        }
    }

    /** The table and the details are two tasks, so the rows show as soon as the chain has them. */
    private void askSources() {
        executor.run(() -> {
            SecretsManager chain = secrets.get();
            List<Resolution> all = chain.resolveAll();
            return new Read(all, Drift.over(chain, all)); // digests compared here, off the FX thread
        }, this::showRows, failure -> {
            finishTable();
            say(Notice.Kind.ERROR, "Could not load the secrets: " + ErrorMessages.oneLine(failure));
        });
        executor.run(() -> SourceFacts.describe(secrets.get()), this::showSources, failure -> {
            finishSources();
            unavailable.set("Could not check the sources: " + ErrorMessages.oneLine(failure));
        });
    }

    /** What a load read: every key's resolution, and how the sources compare for each. */
    private record Read(List<Resolution> resolutions, Drift drift) {
    }

    private void showRows(Read read) {
        Map<String, Resolution> byKey = new TreeMap<>();
        for (Resolution resolution : read.resolutions()) {
            byKey.put(resolution.key(), resolution);
        }
        byKey.putAll(writtenDuringLoad);
        driftSources = read.drift().sources();
        Map<String, Drift.Row> drift = new HashMap<>();
        read.drift().rows().forEach(row -> drift.put(row.key(), row));
        for (SecretRow old : rows) {
            old.secret().reveal().hide(); // a row that goes must not stay revealed, nor held by the reveals
        }
        rows.setAll(byKey.values().stream().filter(r -> r.source().isPresent())
                .map(r -> rowOf(r, writtenDuringLoad.containsKey(r.key()) ? driftOf(r) : drift.get(r.key()))).toList());
        finishTable();
        loaded.set(true);
    }

    private void showSources(List<SourceFacts.Facts> facts) {
        sources.setAll(facts.stream().map(SourceCard::of).toList());
        updateUnavailable();
        finishSources();
    }

    private void finishTable() {
        tableLoading = false;
        updateLoading();
    }

    private void finishSources() {
        sourcesLoading = false;
        updateLoading();
    }

    private void updateLoading() {
        loading.set(tableLoading || sourcesLoading);
        if (!loading.get() && reloadAfterLoad) {
            reloadAfterLoad = false;
            refresh();
            return;
        }
        if (!loading.get() && notice.textProperty().get().equals(STILL_LOADING)) {
            say(Notice.Kind.NONE, "");
        }
    }

    private void updateUnavailable() {
        String failing = sources.stream().filter(c -> c.stateProperty().get() == SourceCard.State.UNAVAILABLE)
                .map(c -> c.name() + " — " + c.detailProperty().get())
                .collect(Collectors.joining(" · "));
        unavailable.set(failing.isEmpty() ? "" : "Unavailable: " + failing);
        String idle = sources.stream().filter(c -> c.stateProperty().get() == SourceCard.State.NOT_CONFIGURED)
                .map(SourceCard::name).collect(Collectors.joining(", "));
        // AWS and Vault need no variables exported before launch any more: the Settings page keeps theirs.
        boolean settable = sources.stream().anyMatch(c -> c.stateProperty().get() == SourceCard.State.NOT_CONFIGURED
                && ProviderId.of(c.name()).filter(id -> id == ProviderId.AWS || id == ProviderId.VAULT).isPresent());
        notConfigured.set(idle.isEmpty() ? "" : "Not set up yet: " + idle + " (the Sources cards say how"
                + (settable ? "; Settings, Ctrl+7, sets up AWS and Vault)." : ")."));
    }

    // ------------------------------------------------------------------------------------------------
    // Reveal and copy

    /** Shows the row's value for the reveal time, or masks it again at once if it is showing; other rows are untouched. */
    public void toggleReveal(SecretRow row) {
        row.secret().toggleReveal();
    }

    /**
     * Looks the row's key up through the chain's resolution cache (a hit or a miss on {@code secrets_resolution}), in
     * the background: when the value the chain gives now is not the one shown, something changed it since the table
     * loaded, and the table reloads. The values are compared in memory only.
     */
    private void checkCurrent(SecretRow row) {
        if (!row.hasValue()) {
            return;
        }
        executor.run(() -> secrets.get().get(row.key()).orElse(null), now -> {
            if (!row.value().equals(now) && !loading.get() && rows.contains(row)) {
                refresh();
                say(Notice.Kind.INFO, row.key() + " changed since the table was loaded; the table was reloaded.");
            }
        }, failure -> { });
    }

    /** Shows the row's whole value in a popover (revealed until the countdown ends). */
    public void showWhole(SecretRow row) {
        row.secret().showWhole();
    }

    /** A row written after the load: compared over the sources the load compared. */
    private SecretRow rowOf(Resolution resolution) {
        return rowOf(resolution, driftOf(resolution));
    }

    private Drift.Row driftOf(Resolution resolution) {
        return Drift.of(List.of(resolution), driftSources).rows().stream().findFirst().orElse(null);
    }

    private SecretRow rowOf(Resolution resolution, Drift.Row drift) {
        SecretRow row = SecretRow.of(resolution, drift, reveals, clipboard);
        row.secret().onUse(() -> checkCurrent(row));
        return row;
    }

    /** Puts the row's value on the clipboard without showing it; the clipboard guard clears it later. */
    public void copy(SecretRow row) {
        if (!row.hasValue()) {
            return;
        }
        say(Notice.Kind.INFO, "Copied " + row.key() + " without showing it; the clipboard is cleared after the countdown.");
        row.secret().copy();
    }

    // ------------------------------------------------------------------------------------------------
    // Add, edit, delete

    /** Opens the editor for a new key. */
    public void add() {
        cancelDelete();
        editor.openAdd();
    }

    /** Opens the editor to set a new value of {@code row}'s key in the secrets file. */
    public void edit(SecretRow row) {
        cancelDelete();
        editor.openEdit(row);
    }

    public SecretEditor editor() {
        return editor;
    }

    private SecretRow row(String key) {
        return rows.stream().filter(r -> r.key().equals(key)).findFirst().orElse(null);
    }

    private void saved(SecretEditor.Saved saved) {
        SecretsManager.WriteOutcome outcome = saved.outcome();
        apply(outcome.after());
        var winner = outcome.overriddenBy();
        Notice.Kind kind;
        String text;
        if (winner.isPresent()) {
            String where = winner.get().is(ProviderId.ENV) ? "the environment (" + winner.get().location() + ")"
                    : winner.get().provider() + " (" + winner.get().location() + ")";
            kind = Notice.Kind.WARNING;
            text = "Saved " + outcome.key() + " to " + outcome.file() + ", but " + where
                    + " still wins: SimpleTuner keeps using that value until it is removed.";
        } else {
            kind = Notice.Kind.SUCCESS;
            text = "Saved " + outcome.key() + " to " + outcome.file() + ". " + SecretWrites.takesEffect().sentence();
        }
        sayWritten(kind, text, saved.auditProblem());
        afterWrite.run();
    }

    /** Says what a write did; when its audit entry could not be appended, says that too, as an error. */
    private void sayWritten(Notice.Kind kind, String text, String auditProblem) {
        if (auditProblem == null) {
            say(kind, text);
        } else {
            say(Notice.Kind.ERROR, text + " Its audit entry could not be written: " + auditProblem);
        }
    }

    /**
     * Asks to delete {@code row}'s key from the secrets file; the view then asks for confirmation
     * ({@link #pendingDeleteProperty()}). A key the file does not hold cannot be deleted here, and the view says why.
     */
    public void requestDelete(SecretRow row) {
        if (!row.heldByFile()) {
            say(Notice.Kind.WARNING, row.key() + " is not in the secrets file (it comes from " + row.source()
                    + "), so there is nothing to delete here.");
            return;
        }
        editor.cancel();
        pendingDelete.set(row);
    }

    public void cancelDelete() {
        if (!deleting.get()) {
            pendingDelete.set(null);
        }
    }

    /**
     * Deletes the key asked for by {@link #requestDelete} from the secrets file, in the background, and appends a
     * {@code secret.delete} audit entry when the file held it.
     */
    public void confirmDelete() {
        SecretRow row = pendingDelete.get();
        if (row == null || deleting.get()) {
            return;
        }
        deleting.set(true);
        executor.run(() -> {
            // The core delete: audited when the file held the key, refused when it could not be audited.
            return new Deleted(writes.delete(row.key()), null);
        }, deleted -> {
            SecretsManager.DeleteOutcome outcome = deleted.outcome();
            deleting.set(false);
            pendingDelete.set(null);
            apply(outcome.after());
            if (!outcome.removed()) {
                say(Notice.Kind.INFO, outcome.key() + " was not in " + outcome.file() + " any more; nothing changed.");
            } else if (outcome.after().source().isPresent()) {
                sayWritten(Notice.Kind.WARNING, "Deleted " + outcome.key() + " from " + outcome.file() + "; "
                        + outcome.after().source().get() + " still supplies it.", deleted.auditProblem());
            } else {
                sayWritten(Notice.Kind.SUCCESS, "Deleted " + outcome.key() + " from " + outcome.file() + ".",
                        deleted.auditProblem());
            }
            if (outcome.removed()) {
                afterWrite.run();
            }
        }, failure -> {
            deleting.set(false);
            pendingDelete.set(null);
            say(Notice.Kind.ERROR, "Not deleted: " + ErrorMessages.oneLine(failure));
        });
    }

    /** Puts what the chain resolves for one key after a write into the table: a new row, a changed one, or none. */
    private void apply(Resolution after) {
        if (loading.get()) {
            writtenDuringLoad.put(after.key(), after);
        }
        int at = 0;
        while (at < rows.size() && rows.get(at).key().compareTo(after.key()) < 0) {
            at++;
        }
        boolean present = at < rows.size() && rows.get(at).key().equals(after.key());
        if (after.source().isEmpty()) {
            if (present) {
                rows.remove(at).secret().reveal().hide();
            }
        } else if (present) {
            rows.set(at, rowOf(after)).secret().reveal().hide();
        } else {
            rows.add(at, rowOf(after));
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Sources

    /** Asks the card's source whether it can answer now (AWS and Vault), in the background; the card shows the result. */
    public void testConnection(SourceCard card) {
        if (!card.testable() || card.testingProperty().get()) {
            return;
        }
        card.testStarted();
        executor.run(() -> SourceFacts.test(secrets.get(), card.name()), facts -> {
            card.update(facts);
            card.testFinished(facts.available(), facts.available() ? "Connected: " + facts.detail() : "Failed: " + facts.detail());
            updateUnavailable();
        }, failure -> card.testFinished(false, "Failed: " + ErrorMessages.oneLine(failure)));
    }

    // ------------------------------------------------------------------------------------------------
    // State

    /** Every row, sorted by key. */
    public ObservableList<SecretRow> rows() {
        return rowsView;
    }

    /** What the table lets through: search, source filter, drift only, and the count line. */
    public SecretFilter filter() {
        return filter;
    }

    /** One card per source, in chain order; empty until the first load. */
    public ObservableList<SourceCard> sources() {
        return sourcesView;
    }

    /** Whether a load is running. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Whether the table has been loaded at least once. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** The sources that are set up but cannot answer, and why, in one line; empty when all can. */
    public ReadOnlyStringProperty unavailableProperty() {
        return unavailable.getReadOnlyProperty();
    }

    /** The sources nobody has set up (no secrets file yet, no AWS or Vault settings), in one line; empty when none. */
    public ReadOnlyStringProperty notConfiguredProperty() {
        return notConfigured.getReadOnlyProperty();
    }

    /** The view's one-line message: what the last action did, or why it failed. */
    public ReadOnlyStringProperty messageProperty() {
        return notice.textProperty();
    }

    public ReadOnlyObjectProperty<Notice.Kind> messageKindProperty() {
        return notice.kindProperty();
    }

    /** The row waiting for delete confirmation; null when none. */
    public ReadOnlyObjectProperty<SecretRow> pendingDeleteProperty() {
        return pendingDelete.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty deletingProperty() {
        return deleting.getReadOnlyProperty();
    }

    /** Clears the message line. */
    public void dismissMessage() {
        say(Notice.Kind.NONE, "");
    }

    private void say(Notice.Kind kind, String text) {
        notice.say(kind, text);
    }

    /** A delete that went through, and why its audit entry is missing (null when appended or not needed). */
    private record Deleted(SecretsManager.DeleteOutcome outcome, String auditProblem) {
    }
}
