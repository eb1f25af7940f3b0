package io.secretdesk.ui.providers;

import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.AuditQuery;
import io.secretdesk.core.store.AuditStats;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.target.TargetException;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.UiExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The audit panel's state: the newest entries of the hash-chained audit log (of one event type, or all), newest first,
 * a text filter over them, the log's figures ({@link AuditFigures}), and the result of the last chain verification. A
 * read that fails (a server's 401 or 403 among others) is one line in {@link #problemProperty()}, with no entries shown.
 * Reads run through the {@link UiExecutor}.
 */
public final class AuditTrail {

    /** How many of the newest entries the panel shows. */
    static final int LIMIT = 1000;

    /** What the last "Verify chain" found. */
    public enum Verdict {
        NOT_CHECKED, CHECKING, INTACT, BROKEN, FAILED
    }

    private final Function<String, List<AuditEntry>> recent;
    private final Supplier<ChainVerification> check;
    private final UiExecutor executor;
    private final AuditFigures figures;
    private final ObservableList<AuditRow> entries = FXCollections.observableArrayList();
    private final FilteredList<AuditRow> shown = new FilteredList<>(entries);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>(this, "verdict", Verdict.NOT_CHECKED);
    private final ReadOnlyStringWrapper verdictText = new ReadOnlyStringWrapper(this, "verdictText", "");
    private final ReadOnlyLongWrapper brokenSeq = new ReadOnlyLongWrapper(this, "brokenSeq", -1);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private String shownType;
    private long reads;

    AuditTrail(Supplier<AuditLog> log, UiExecutor executor) {
        this(type -> log.get().query(new AuditQuery(type, null, null, null, LIMIT)), () -> log.get().verifyChain(),
                () -> log.get().stats(), executor);
    }

    /**
     * @param recent the newest entries (at most {@link #LIMIT}), oldest first, of whichever log is shown, of one event
     *               type (null: every type)
     * @param check  that log's chain check
     * @param stats  that log's figures
     */
    AuditTrail(Function<String, List<AuditEntry>> recent, Supplier<ChainVerification> check, Supplier<AuditStats> stats,
               UiExecutor executor) {
        this.recent = Objects.requireNonNull(recent, "recent");
        this.check = Objects.requireNonNull(check, "check");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.figures = new AuditFigures(stats, executor, this::readEntries);
        filter.addListener((obs, old, now) -> applyFilter());
        shown.addListener((ListChangeListener<AuditRow>) change -> updateSummary());
    }

    /** Reads the newest entries and the figures again (off the FX thread). */
    public void refresh() {
        readEntries();
        figures.refresh();
    }

    private void readEntries() {
        long mine = ++reads;
        String type = figures.eventType();
        executor.run(() -> newestFirst(recent.apply(type)), rows -> {
            if (mine != reads) {
                return; // a newer read (another target or event type) is under way
            }
            problem.set("");
            shownType = type;
            entries.setAll(rows);
            updateSummary();
        }, error -> {
            if (mine != reads) {
                return;
            }
            entries.clear(); // never the last target's entries under this one's failure
            problem.set("The audit log could not be read: " + ErrorMessages.oneLine(error));
            summary.set("");
        });
    }

    /**
     * Reads the newest entries again after {@code file} (audit.db) was committed to outside this view; when there are
     * entries it did not show before, the summary line says how many came and from where (the console's own entries,
     * shown after its Save, say nothing). A verdict on the chain is then about fewer entries than are shown: it says so,
     * and Verify checks them all.
     */
    void reloadAfterOutsideChange(String file) {
        String type = figures.eventType();
        figures.refresh();
        executor.run(() -> newestFirst(recent.apply(type)), rows -> {
            java.util.Set<Long> known = entries.stream().map(AuditRow::seq).collect(java.util.stream.Collectors.toSet());
            int added = (int) rows.stream().filter(entry -> !known.contains(entry.seq())).count();
            if (added == 0 && rows.size() == entries.size()) {
                return;
            }
            problem.set("");
            shownType = type;
            entries.setAll(rows);
            updateSummary();
            String since = " Newer entries arrived since: Verify again to check them.";
            if ((verdict.get() == Verdict.INTACT || verdict.get() == Verdict.BROKEN) && !verdictText.get().endsWith(since)) {
                verdictText.set(verdictText.get() + since);
            }
            if (added > 0) {
                summary.set(summary.get() + " " + plural(added, "new entry", "new entries") + ": " + file
                        + " changed outside the console.");
            }
        }, error -> problem.set("The audit log could not be read: " + ErrorMessages.oneLine(error)));
    }

    /**
     * Checks the whole chain (off the FX thread) and shows the result: intact, or the first broken entry. The
     * entries are read again too, so the table shows the rows that were checked.
     */
    public void verify() {
        refresh();
        verdict.set(Verdict.CHECKING);
        verdictText.set("Verifying the chain…");
        executor.run(check::get, this::showVerification, error -> {
            brokenSeq.set(-1);
            if (error instanceof TargetException denied && denied.reason() == TargetException.Reason.DENIED) {
                // The server refused the key or its permission: the entries' read says so too, in one line.
                verdict.set(Verdict.NOT_CHECKED);
                verdictText.set("");
                problem.set("The chain could not be verified: " + ErrorMessages.oneLine(error));
                return;
            }
            verdict.set(Verdict.FAILED);
            verdictText.set("The chain could not be verified: " + ErrorMessages.oneLine(error));
        });
    }

    private void showVerification(ChainVerification result) {
        if (result.intact()) {
            verdict.set(Verdict.INTACT);
            brokenSeq.set(-1);
            verdictText.set("Chain intact: " + plural(result.entriesVerified(), "entry", "entries") + " verified.");
        } else {
            verdict.set(Verdict.BROKEN);
            brokenSeq.set(result.firstBroken().orElse(-1));
            // A mark problem has no broken entry: the newest entries are gone, or the log was replaced.
            verdictText.set((result.firstBroken().isPresent() ? "Chain broken at entry " + result.firstBroken().getAsLong()
                    : "Chain broken") + ": " + result.problem() + ".");
        }
    }

    private void applyFilter() {
        String needle = filter.get() == null ? "" : filter.get().strip().toLowerCase(Locale.ROOT);
        shown.setPredicate(needle.isEmpty() ? null : entry -> matches(entry, needle));
    }

    static boolean matches(AuditRow entry, String needle) {
        return String.valueOf(entry.seq()).equals(needle)
                || entry.action().toLowerCase(Locale.ROOT).contains(needle)
                || entry.target().toLowerCase(Locale.ROOT).contains(needle)
                || entry.actor().toLowerCase(Locale.ROOT).contains(needle)
                || entry.details().toLowerCase(Locale.ROOT).contains(needle);
    }

    private void updateSummary() {
        int total = entries.size();
        String base = (total == LIMIT ? "the newest " + LIMIT + " entries" : plural(total, "entry", "entries"))
                + (shownType == null ? "" : " of type " + shownType);
        summary.set(shown.size() == total ? "Showing " + base + "." : "Showing " + shown.size() + " of " + base + ".");
    }

    /** An entry's details for people: "added: region; changed: webhook_url", empty lists left out. */
    static String readable(String detailsJson) {
        ConfigJson.Parsed parsed = ConfigJson.parse(detailsJson);
        if (!parsed.ok()) {
            return detailsJson;
        }
        StringBuilder text = new StringBuilder();
        parsed.value().forEach((key, value) -> {
            if (value instanceof List<?> list && list.isEmpty()) {
                return;
            }
            String shown = value instanceof List<?> list
                    ? list.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    : String.valueOf(value);
            text.append(text.length() == 0 ? "" : "; ").append(key).append(": ").append(shown);
        });
        return text.toString();
    }

    private static List<AuditRow> newestFirst(List<AuditEntry> oldestFirst) {
        List<AuditRow> rows = new ArrayList<>(oldestFirst.size());
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            rows.add(AuditRow.of(oldestFirst.get(i)));
        }
        return rows;
    }

    private static String plural(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    /** The entries that pass the filter, newest first. */
    public ObservableList<AuditRow> shown() {
        return shown;
    }

    /** Matched against action, target, actor, details, or an entry's exact number; case-insensitive. */
    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyObjectProperty<Verdict> verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** The last verification in words: "Chain intact: N entries verified." or where and why it broke. */
    public ReadOnlyStringProperty verdictTextProperty() {
        return verdictText.getReadOnlyProperty();
    }

    /** The number of the first broken entry of the last verification; -1 when none. */
    public ReadOnlyLongProperty brokenSeqProperty() {
        return brokenSeq.getReadOnlyProperty();
    }

    /** How many entries are shown; empty when they could not be read. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the log could not be read (a server's 401 or 403, a timeout, ...), in one line; empty when it was. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The log's figures and the event type the list is read for. */
    public AuditFigures figures() {
        return figures;
    }
}
