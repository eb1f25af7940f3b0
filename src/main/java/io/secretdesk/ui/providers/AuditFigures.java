package io.secretdesk.ui.providers;

import io.secretdesk.core.store.AuditStats;
import io.secretdesk.ui.common.UiExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Audit tab's figures and its event-type choice: the log's size and time span and the event types it holds with
 * their counts (this machine's audit.db, or a server's {@code GET /api/audit/stats}), and the one type the list is
 * read for ({@code event_type} of {@code GET /api/audit}; every type when {@link #ALL}). Reads run through the
 * {@link UiExecutor}; FX thread only.
 */
public final class AuditFigures {

    /** The choice that reads every event type. */
    public static final String ALL = "All event types";

    private final Supplier<AuditStats> stats;
    private final UiExecutor executor;
    private final ObservableList<String> eventTypes = FXCollections.observableArrayList(ALL);
    private final ObjectProperty<String> chosen = new SimpleObjectProperty<>(this, "chosen", ALL);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final Map<String, Long> counts = new HashMap<>();
    private long total = -1;
    private long reads;
    private boolean syncing;

    /**
     * @param chosenChanged runs when the operator chooses another event type (not when a new read refills the list)
     */
    AuditFigures(Supplier<AuditStats> stats, UiExecutor executor, Runnable chosenChanged) {
        this.stats = Objects.requireNonNull(stats, "stats");
        this.executor = Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(chosenChanged, "chosenChanged");
        chosen.addListener((obs, old, now) -> {
            if (!syncing && !Objects.equals(type(old), type(now))) {
                chosenChanged.run();
            }
        });
    }

    /**
     * Reads the figures again (off the FX thread). When they cannot be read the line is empty: the entries' read fails
     * the same way and says why once.
     */
    void refresh() {
        long mine = ++reads;
        executor.run(stats::get, found -> {
            if (mine == reads) {
                show(found);
            }
        }, error -> {
            if (mine == reads) {
                counts.clear();
                total = -1;
                text.set("");
                keepChoiceIn(new ArrayList<>(List.of(ALL))); // no counts of another target stay in the labels
            }
        });
    }

    private void show(AuditStats found) {
        counts.clear();
        counts.putAll(found.byEventType());
        total = found.total();
        List<String> types = new ArrayList<>();
        types.add(ALL);
        types.addAll(found.byEventType().keySet()); // most frequent first
        keepChoiceIn(types);
        StringBuilder line = new StringBuilder(String.format("%,d %s", found.total(), found.total() == 1 ? "entry" : "entries"));
        if (found.first().isPresent() && found.last().isPresent()) {
            line.append(", ").append(minute(found.first().get())).append(" to ").append(minute(found.last().get()));
        }
        int kinds = found.byEventType().size();
        line.append(", ").append(kinds).append(kinds == 1 ? " event type" : " event types").append('.');
        text.set(line.toString());
    }

    /** Shows {@code types} in the chooser, plus the chosen type when it is not among them (it then matches nothing). */
    private void keepChoiceIn(List<String> types) {
        String kept = chosen.get() == null ? ALL : chosen.get();
        if (!types.contains(kept)) {
            types.add(kept);
        }
        syncing = true; // a chooser showing the list may clear its value while the items change
        try {
            eventTypes.setAll(types); // even when the same: the counts in the labels changed
            chosen.set(null);
            chosen.set(kept); // a chooser redraws its button only for a new value
        } finally {
            syncing = false;
        }
    }

    /** SimpleTuner's ISO timestamp to the minute, for people: "2026-12-05 10:04" (UTC, as stored). */
    static String minute(String timestamp) {
        String shown = timestamp.replace('T', ' ');
        return shown.length() > 16 ? shown.substring(0, 16) : shown;
    }

    /** An event type for the chooser, with how many entries it has: "config.changed (12)". */
    public String label(String type) {
        if (type == null || ALL.equals(type)) {
            return total < 0 ? ALL : ALL + String.format(" (%,d)", total);
        }
        Long count = counts.get(type);
        return count == null ? type : type + String.format(" (%,d)", count);
    }

    /** The chosen event type, or null for every type. */
    String eventType() {
        return type(chosen.get());
    }

    private static String type(String choice) {
        return choice == null || choice.isBlank() || ALL.equals(choice) ? null : choice.strip();
    }

    /** {@link #ALL}, then the types the log holds, most frequent first. */
    public ObservableList<String> eventTypes() {
        return eventTypes;
    }

    /** The event type the list shows ({@link #ALL}: every type); a change reads the list again. */
    public ObjectProperty<String> chosenProperty() {
        return chosen;
    }

    /** "1,234 entries, 2026-11-01 09:00 to 2026-12-05 10:04, 5 event types.", or empty when unknown. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
