package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.ProviderId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * What the Secrets table lets through: the search text, the source filter and "drift only", over the page's rows,
 * with the count line ("2 of 5 keys") and how many keys drift. Call everything on the FX thread.
 */
public final class SecretFilter {

    /** The source filter that shows every row. */
    public static final String ALL_SOURCES = "All sources";

    private final ObservableList<SecretRow> rows;
    private final FilteredList<SecretRow> filtered;
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<String> sourceFilter = new SimpleObjectProperty<>(this, "sourceFilter", ALL_SOURCES);
    private final ObservableList<String> sourceFilters =
            FXCollections.unmodifiableObservableList(FXCollections.observableArrayList(sources()));
    private final BooleanProperty driftOnly = new SimpleBooleanProperty(this, "driftOnly", false);
    private final ReadOnlyIntegerWrapper driftCount = new ReadOnlyIntegerWrapper(this, "driftCount", 0);
    private final StringBinding countText;

    /** The source filter's choices: every row, then each source in chain order. */
    private static List<String> sources() {
        List<String> sources = new ArrayList<>();
        sources.add(ALL_SOURCES);
        sources.addAll(ProviderId.names());
        return sources;
    }

    /** @param rows the page's rows, sorted by key; the filter follows their changes */
    SecretFilter(ObservableList<SecretRow> rows) {
        this.rows = rows;
        this.filtered = new FilteredList<>(rows);
        search.addListener(obs -> refilter());
        sourceFilter.addListener(obs -> refilter());
        driftOnly.addListener(obs -> refilter());
        rows.addListener((ListChangeListener<SecretRow>) change ->
                driftCount.set((int) rows.stream().filter(SecretRow::drifted).count()));
        countText = Bindings.createStringBinding(() -> {
            int all = rows.size();
            int shown = filtered.size();
            String keys = all == 1 ? "1 key" : all + " keys";
            return shown == all ? keys : shown + " of " + keys;
        }, rows, filtered);
    }

    private void refilter() {
        String needle = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        String source = sourceFilter.get() == null || sourceFilter.get().equals(ALL_SOURCES) ? null : sourceFilter.get();
        boolean drifting = driftOnly.get();
        filtered.setPredicate(needle.isEmpty() && source == null && !drifting ? null
                : row -> (needle.isEmpty() || row.key().toLowerCase(Locale.ROOT).contains(needle))
                        && (source == null || row.heldBy(source)) && (!drifting || row.drifted()));
    }

    /** The rows the search and the source filter let through. */
    public FilteredList<SecretRow> filteredRows() {
        return filtered;
    }

    /** The search text: rows whose key contains it (case-insensitive). */
    public StringProperty searchProperty() {
        return search;
    }

    /** A source name from {@link #sourceFilters()}: rows that source holds, winning or shadowed; or {@link #ALL_SOURCES}. */
    public ObjectProperty<String> sourceFilterProperty() {
        return sourceFilter;
    }

    public ObservableList<String> sourceFilters() {
        return sourceFilters;
    }

    /**
     * Whether only the keys that drift are shown: their values differ between the sources set up, or one of them (other
     * than the environment) lacks the key. Compared by digest in core ({@code Drift}); values stay masked.
     */
    public BooleanProperty driftOnlyProperty() {
        return driftOnly;
    }

    /** How many keys drift. */
    public ReadOnlyIntegerProperty driftCountProperty() {
        return driftCount.getReadOnlyProperty();
    }

    /** "5 keys", or "2 of 5 keys" while filtered. */
    public StringBinding countText() {
        return countText;
    }
}
