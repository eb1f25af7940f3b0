package io.secretdesk.ui.pricing;

import io.secretdesk.core.target.TakesEffect;
import io.secretdesk.core.target.Target;
import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.pricing.HardwareInfo.Hardware;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.ProviderConfigStore;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.UiExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The state and commands of the Hardware Pricing view: the editable table of hardware types, its
 * validation, and saving it through {@link HardwareInfo#set}.
 *
 * <p>Every call into the store runs through the {@link UiExecutor}; properties change on the FX thread (on
 * the test's thread under plain JUnit). Edits stay in the table until Save; an invalid table is never
 * written, and {@link #problemProperty()} says which cell is wrong.
 */
public final class PricingViewModel {

    private final Supplier<HardwareInfo> hardware;
    private final Supplier<ProviderConfigStore> configs;
    private final Supplier<AuditLog> audit;
    private final UiExecutor executor;
    /**
     * No extractor: a list "update" change makes a TableView end the edit in progress, so each row's fields are
     * listened to directly instead.
     */
    private final ObservableList<PriceRow> rows = FXCollections.observableArrayList();
    private final InvalidationListener rowEdited = obs -> rowsChanged();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    /** What the last action said: a toast that goes by itself (errors stay), and when the page is left. */
    private final Notice notice;
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError", false);
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(this, "working", false);
    private final BooleanBinding canSave;
    /** The table as stored (or the defaults in use), compared with the rows to tell unsaved changes. */
    private List<PriceRow.State> baseline = List.of();
    /** The shell's target switch, or null: this machine's files only. */
    private TargetSwitch targets;
    /** The target the shown table was read from. */
    private String shownTarget = io.secretdesk.core.target.LocalTarget.NAME;
    private Map<String, Hardware> stored = Map.of();
    private boolean storedConfigured;
    /** A table stored by another process while the rows held unsaved edits: what Reload puts in the table. */
    private Table outside;
    private final ReadOnlyBooleanWrapper outsidePending = new ReadOnlyBooleanWrapper(this, "outsidePending", false);

    /**
     * The suppliers build the core services on first use (opening SQLite), so they are called only inside
     * background work ({@code Services::hardware} and so on in the console).
     *
     * @param hardware the pricing table over Replicate's config
     * @param configs  the provider configs, whose cached copy of Replicate's config "Clear cache" drops too
     * @param audit    the audit log, to name the entry a save appended
     */
    public PricingViewModel(Supplier<HardwareInfo> hardware, Supplier<ProviderConfigStore> configs, Supplier<AuditLog> audit,
                            UiExecutor executor) {
        this(hardware, configs, audit, executor, new Notice(System::nanoTime, (period, tick) -> () -> { }));
    }

    /**
     * As above, with the page's notice: the console's ({@code Reveals.newNotice()}), so what an action said goes by
     * itself after a while; the constructor above keeps it until it is replaced.
     */
    public PricingViewModel(Supplier<HardwareInfo> hardware, Supplier<ProviderConfigStore> configs, Supplier<AuditLog> audit,
                            UiExecutor executor, Notice notice) {
        this.notice = Objects.requireNonNull(notice, "notice");
        dirty.addListener((obs, was, now) -> {
            Notice.Kind said = notice.kindProperty().get();
            if (now && (said == Notice.Kind.INFO || said == Notice.Kind.SUCCESS)) {
                notice.dismiss(); // it spoke of the table before this edit ("Saved" beside "Unsaved changes")
            }
        });
        notice.kindProperty().addListener((obs, old, now) -> messageIsError.set(now == Notice.Kind.ERROR));
        this.hardware = Objects.requireNonNull(hardware, "hardware");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.executor = Objects.requireNonNull(executor, "executor");
        rows.addListener((ListChangeListener<PriceRow>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(row -> fields(row).forEach(field -> field.removeListener(rowEdited)));
                change.getAddedSubList().forEach(row -> fields(row).forEach(field -> field.addListener(rowEdited)));
            }
            rowsChanged();
        });
        canSave = Bindings.createBooleanBinding(() -> loaded.get() && dirty.get() && problem.get().isEmpty() && !working.get(),
                loaded, dirty, problem, working);
    }

    /**
     * Follows the shell's target switch: the table is read from, and saved to, the chosen target (this machine's files
     * or a server through SimpleTuner's API), and read again when the choice changes (unsaved edits are kept).
     */
    public void followTarget(TargetSwitch switcher) {
        this.targets = Objects.requireNonNull(switcher, "switcher");
        switcher.chosenProperty().addListener((obs, old, now) -> refresh());
    }

    /** Reads the table in use (through the cache); unsaved edits are kept. */
    public void refresh() {
        load(false);
    }

    /** Drops the cached table and Replicate's cached config, then reads them again from the database. */
    public void clearCache() {
        load(true);
    }

    private void load(boolean clearCache) {
        working.set(true);
        String remote = remoteName();
        executor.run(() -> {
            if (remote != null) {
                Target server = targets.target(remote);
                return new Table(server.hardwarePricing(), server.hardwarePricingConfigured(), 0, remote);
            }
            HardwareInfo pricing = hardware.get();
            if (clearCache) {
                pricing.clearCache();
                // HardwareInfo reads Replicate's config through the same cache: drop it too, or it is reused.
                configs.get().invalidate(HardwareInfo.PROVIDER);
            }
            return new Table(pricing.get(), pricing.configured(), 0, null);
        }, table -> {
            working.set(false);
            boolean keepEdits = dirty.get();
            accept(table, !keepEdits);
            if (clearCache) {
                say(false, keepEdits ? "Cache cleared and the stored table read again; your unsaved edits were kept (Discard to see it)."
                        : "Cache cleared; the table was read again from the database.");
            } else if (keepEdits) {
                say(false, "The stored table was read again; your unsaved edits were kept.");
            }
        }, error -> {
            working.set(false);
            say(true, "The pricing table could not be read: " + ErrorMessages.oneLine(error));
        });
    }

    /**
     * Says that {@code file} (jobs.db, where Replicate's config keeps the table) was committed to by another process or
     * connection: reads the stored table again past every cache, off the FX thread. When it differs from the table this
     * view last read, the rows are replaced and the page says so; with unsaved edits the rows are kept and the page asks
     * "Reload?" ({@link #outsidePendingProperty()}, {@link #reloadOutside()}). A commit that left the table as shown (the
     * console's own Save, another provider's config, a checkpoint) says nothing. FX thread.
     */
    public void changedOutside(String file) {
        if (!loaded.get() || remoteName() != null) {
            return; // the first read, under way, sees the new table anyway; a server's table is not in this file
        }
        executor.run(() -> {
            HardwareInfo pricing = hardware.get();
            pricing.clearCache();
            configs.get().invalidate(HardwareInfo.PROVIDER);
            return new Table(pricing.get(), pricing.configured(), 0, null);
        }, table -> {
            if (working.get() || remoteName() != null || (states(toRows(table.hardware())).equals(baseline) && table.configured() == storedConfigured)) {
                return; // nothing new for this table, or a Save of ours is under way and shows its own outcome
            }
            if (!dirty.get()) {
                accept(table, true);
                say(false, file + " changed outside the console; the pricing table was reloaded.");
            } else {
                outside = table;
                outsidePending.set(true);
                say(false, file + " changed outside the console: the stored pricing table is not the one you started "
                        + "editing. Reload? (Reload drops your unsaved edits; Save keeps yours.)");
            }
        }, error -> say(true, file + " changed outside the console, and the pricing table could not be read again: "
                + ErrorMessages.oneLine(error)));
    }

    /** Puts the table another process stored in the rows, dropping unsaved edits; after {@link #changedOutside}. */
    public void reloadOutside() {
        if (outside == null) {
            return;
        }
        accept(outside, true);
        say(false, "Reloaded the stored pricing table; your unsaved edits were dropped.");
    }

    /**
     * Adds an empty row at the end and returns it; it is marked until it has an id, a name and a price. Its price starts
     * empty, not 0: a row added and forgotten must not be saved as a free GPU (a 0 the user types is kept).
     */
    public PriceRow addRow() {
        PriceRow row = new PriceRow("", "", "");
        rows.add(row);
        return row;
    }

    public void removeRow(PriceRow row) {
        rows.remove(row);
    }

    /** Puts the seed's defaults in the table, unsaved: Save writes them, Discard goes back. */
    public void resetToDefaults() {
        List<PriceRow> defaults = toRows(HardwareInfo.DEFAULTS);
        if (states(defaults).equals(states(rows))) {
            say(false, "The table already holds the defaults.");
            return;
        }
        rows.setAll(defaults);
        say(false, "The defaults are in the table: Save to use them, or Discard to go back.");
    }

    /** Puts the stored table back (the newest one, when another process changed it), dropping unsaved edits. */
    public void discard() {
        if (outside != null) {
            accept(outside, true);
        }
        rows.setAll(toRows(stored));
        say(false, "Discarded the unsaved changes.");
    }

    /**
     * Saves the table through {@link HardwareInfo#set} (which validates again, writes Replicate's config with an
     * audit entry, and updates the cache). Refused, with the reason, while any cell is invalid: nothing is written.
     */
    public void save() {
        if (working.get() || !loaded.get()) {
            return;
        }
        validate();
        if (!problem.get().isEmpty()) {
            say(true, "Not saved: " + problem.get());
            return;
        }
        Map<String, Object> table = new LinkedHashMap<>();
        for (PriceRow row : rows) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", row.nameProperty().get().strip());
            entry.put("cost_per_second", Prices.parse(row.costPerSecondProperty().get()).doubleValue());
            table.put(row.idProperty().get().strip(), entry);
        }
        working.set(true);
        String remote = remoteName();
        executor.run(() -> {
            if (remote != null) {
                Target server = targets.target(remote);
                server.setHardwarePricing(HardwareInfo.parse(table));
                return new Table(server.hardwarePricing(), server.hardwarePricingConfigured(), 0, remote);
            }
            HardwareInfo pricing = hardware.get();
            pricing.set(table);
            List<AuditEntry> newest = audit.get().recent(1);
            return new Table(pricing.get(), pricing.configured(), newest.isEmpty() ? 0 : newest.get(0).seq(), null);
        }, saved -> {
            working.set(false);
            accept(saved, true);
            say(false, "Saved " + saved.hardware().size() + " hardware type" + (saved.hardware().size() == 1 ? "" : "s")
                    + " to Replicate's config" + (saved.server() == null ? "" : " on " + saved.server())
                    + (saved.auditSeq() > 0 ? " (audit entry #" + saved.auditSeq() + ")" : "") + ". "
                    + (saved.server() == null ? TakesEffect.of(Target.Setting.HARDWARE_PRICING)
                            : TakesEffect.NOW).sentence());
        }, error -> {
            working.set(false);
            // The rows stay as typed, so nothing is lost when a server refuses or does not answer.
            say(true, "Not saved: " + ErrorMessages.oneLine(error));
        });
    }

    /** The chosen server's name, or null for this machine (read on the FX thread, before the work starts). */
    private String remoteName() {
        return targets != null && targets.remote() ? targets.chosenProperty().get() : null;
    }

    private void accept(Table table, boolean replaceRows) {
        stored = table.hardware();
        storedConfigured = table.configured();
        if (replaceRows || (outside != null && outside.hardware().equals(table.hardware()))) {
            outside = null;
            outsidePending.set(false);
        }
        baseline = states(toRows(stored));
        String where = table.server() == null ? "" : " on " + table.server();
        source.set(table.configured()
                ? "From Replicate's config (" + HardwareInfo.CONFIG_KEY + ")" + where + "."
                : (table.server() == null ? "The built-in defaults" : "SimpleTuner's defaults" + where)
                        + ": Replicate's config has no " + HardwareInfo.CONFIG_KEY + " yet. Save to store a table.");
        if (replaceRows) {
            rows.setAll(toRows(stored));
        }
        loaded.set(true);
        rowsChanged();
    }

    private void rowsChanged() {
        validate();
        dirty.set(!states(rows).equals(baseline));
    }

    /** Marks every wrong cell and puts the first problem, naming its row, in {@link #problemProperty()}. */
    private void validate() {
        Map<String, Integer> idCounts = new HashMap<>();
        for (PriceRow row : rows) {
            idCounts.merge(row.idProperty().get().strip(), 1, Integer::sum);
        }
        String first = rows.isEmpty() ? "The table is empty: add at least one hardware type." : null;
        for (int i = 0; i < rows.size(); i++) {
            PriceRow row = rows.get(i);
            String id = row.idProperty().get().strip();
            boolean badId = id.isEmpty() || idCounts.get(id) > 1;
            boolean badName = row.nameProperty().get().isBlank();
            boolean noCost = row.costPerSecondProperty().get().isBlank();
            boolean badCost = Prices.parse(row.costPerSecondProperty().get()) == null;
            row.mark(badId, badName, badCost);
            if (first == null) {
                String where = "Row " + (i + 1) + (id.isEmpty() ? "" : " (" + id + ")");
                if (id.isEmpty()) {
                    first = where + ": enter the hardware id (e.g. gpu-h100).";
                } else if (badId) {
                    first = where + ": another row has the same id; every id must be unique.";
                } else if (badName) {
                    first = where + ": enter a name (e.g. H100 (80GB)).";
                } else if (noCost) {
                    first = where + ": enter the cost per second in dollars (e.g. 0.000975); type 0 only if it is free.";
                } else if (badCost) {
                    first = where + ": the cost per second must be a number of dollars, 0 or more (e.g. 0.000975).";
                }
            }
        }
        problem.set(first == null ? "" : first);
    }

    private static List<Observable> fields(PriceRow row) {
        return List.of(row.idProperty(), row.nameProperty(), row.costPerSecondProperty());
    }

    private static List<PriceRow> toRows(Map<String, Hardware> table) {
        List<PriceRow> list = new ArrayList<>(table.size());
        table.values().forEach(hardware -> list.add(new PriceRow(hardware.id(), hardware.name(), Prices.plain(hardware.costPerSecond()))));
        return list;
    }

    private static List<PriceRow.State> states(List<PriceRow> list) {
        return list.stream().map(PriceRow::state).toList();
    }

    private void say(boolean error, String text) {
        notice.say(error ? Notice.Kind.ERROR : Notice.Kind.INFO, text);
    }

    /** Removes what the last action said (the toast's x, a page change, the theme, the lock). */
    public void dismissMessage() {
        notice.dismiss();
    }

    /** @param server the server it was read from, or null for this machine */
    private record Table(Map<String, Hardware> hardware, boolean configured, long auditSeq, String server) {
    }

    /** The rows being edited, in the table's order. */
    public ObservableList<PriceRow> rows() {
        return rows;
    }

    /** The first wrong cell, naming its row and what to do; empty when the table can be saved. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The outcome of the last action; one line. */
    public ReadOnlyStringProperty messageProperty() {
        return notice.textProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    /** Where the table in use comes from: Replicate's config or the built-in defaults. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** Whether another process stored a different table while the rows held unsaved edits (the page asks "Reload?"). */
    public ReadOnlyBooleanProperty outsidePendingProperty() {
        return outsidePending.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty workingProperty() {
        return working.getReadOnlyProperty();
    }

    public BooleanBinding canSave() {
        return canSave;
    }
}
