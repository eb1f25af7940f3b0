package io.secretdesk.ui.cachestats;

import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.Notice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The state and commands of the Cache Stats view: one {@link CacheRow} per registered cache, refreshed
 * every {@link #TICK}; the selected cache's history and keys; clearing and invalidating by prefix.
 *
 * <p>One repeating tick (from the {@link ClipboardGuard.Repeater} passed in) reads the registry and every
 * cache's {@code stats()}, both cheap, in-memory and lock-light, so it runs on the FX thread: no
 * background task (which would flash the shell's progress indicator every second). A tick updates rows
 * in place and touches the row and key lists only when a cache or key came or went, so in a steady state
 * it allocates only what the core's snapshots allocate. The registry may change between ticks: rows
 * follow it by name, and a name registered anew to another cache starts a fresh history.
 *
 * <p>Time and the tick are passed in, so it is tested without a toolkit and without waiting. Call
 * everything on the FX thread.
 */
public final class CacheStatsViewModel {

    /** How often the view refreshes, and the spacing of the history's samples. */
    public static final Duration TICK = Duration.ofSeconds(1);
    /** Samples of history kept per cache: five minutes at one per tick. */
    public static final int HISTORY_SIZE = 300;

    private final Supplier<? extends SortedMap<String, ? extends TtlCache<?>>> registry;
    private final LongSupplier nanoTime;
    private final ClipboardGuard.Repeater repeater;
    private final long tickNanos = TICK.toNanos();

    private final ObservableList<CacheRow> rows = FXCollections.observableArrayList();
    private final ObservableList<CacheRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<KeyRow> keys = FXCollections.observableArrayList();
    private final ObservableList<KeyRow> keysView = FXCollections.unmodifiableObservableList(keys);
    /** Reused by every tick to rebuild the key list when keys came or went. */
    private final ArrayList<KeyRow> nextKeys = new ArrayList<>();

    private final ReadOnlyObjectWrapper<CacheRow> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyLongWrapper historyVersion = new ReadOnlyLongWrapper(this, "historyVersion");
    private final StringProperty prefix = new SimpleStringProperty(this, "prefix", "");
    /** What the last action said: a success or information goes by itself after its time, an error stays. */
    private final Notice notice;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper confirmingClear = new ReadOnlyBooleanWrapper(this, "confirmingClear");
    private final ReadOnlyStringWrapper confirmText = new ReadOnlyStringWrapper(this, "confirmText", "");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");
    /** What {@link #details} was built from, so it is rebuilt only when one of them changed. */
    private final long[] detailsOf = new long[4];

    private CacheRow clearTarget;
    private Runnable stopTicking;
    private boolean showing = true;

    /**
     * @param registry the named caches, in name order ({@code Caches::named} in the console); read every tick
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} in the console)
     * @param repeater what drives the tick, on the FX thread
     */
    public CacheStatsViewModel(Supplier<? extends SortedMap<String, ? extends TtlCache<?>>> registry, LongSupplier nanoTime,
                               ClipboardGuard.Repeater repeater) {
        this(registry, nanoTime, repeater, new Notice(nanoTime, (period, tick) -> () -> { }));
    }

    /**
     * As above, with the page's notice: the console's ({@code Reveals.newNotice()}), so what the last action said goes
     * by itself like the other pages' toasts (an error stays until the next action or the page is left).
     */
    public CacheStatsViewModel(Supplier<? extends SortedMap<String, ? extends TtlCache<?>>> registry, LongSupplier nanoTime,
                               ClipboardGuard.Repeater repeater, Notice notice) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.repeater = Objects.requireNonNull(repeater, "repeater");
        this.notice = Objects.requireNonNull(notice, "notice");
        notice.textProperty().addListener(obs -> followNotice());
        notice.kindProperty().addListener(obs -> followNotice());
    }

    private void followNotice() {
        boolean failed = notice.kindProperty().get() == Notice.Kind.ERROR;
        String text = notice.textProperty().get();
        error.set(failed ? text : "");
        message.set(failed ? "" : text);
    }

    /** Reads the caches now and then every {@link #TICK} until {@link #stop()}; a second call does nothing. */
    public void start() {
        if (stopTicking == null) {
            stopTicking = repeater.every(TICK, this::tick);
            tick();
        }
    }

    /** Stops the repeating tick. */
    public void stop() {
        if (stopTicking != null) {
            stopTicking.run();
            stopTicking = null;
        }
    }

    /**
     * Whether the view is on screen. Hidden, a tick still records every cache's history (cheap, and the
     * chart then has no gap) but skips the selected cache's key list, which costs one pass over its entries.
     */
    public void setShowing(boolean showing) {
        boolean shown = showing && !this.showing;
        this.showing = showing;
        if (shown) {
            refreshKeys();
        }
    }

    /** Reads the registry and every cache's stats once; what the repeating tick and F5 run. */
    public void tick() {
        long now = nanoTime.getAsLong();
        SortedMap<String, ? extends TtlCache<?>> named;
        try {
            named = registry.get();
        } catch (RuntimeException e) {
            fail("Could not read the list of caches: " + ErrorMessages.oneLine(e));
            return;
        }
        follow(named, now);
        if (selected.get() == null && !rows.isEmpty()) {
            select(rows.get(0));
        } else {
            refreshKeys();
            refreshDetails(false);
        }
        historyVersion.set(historyVersion.get() + 1);
    }

    /** Rebuilds the details line when the selected cache's load or removal counters changed (or {@code always}). */
    private void refreshDetails(boolean always) {
        CacheRow row = selected.get();
        if (row == null) {
            details.set("");
            return;
        }
        long loads = row.loadsProperty().get();
        long failures = row.loadFailuresProperty().get();
        long averageNanos = row.averageLoadTimeProperty().get().toNanos();
        long expiredRemovals = row.expiredRemovalsProperty().get();
        if (!always && detailsOf[0] == loads && detailsOf[1] == failures && detailsOf[2] == averageNanos
                && detailsOf[3] == expiredRemovals) {
            return;
        }
        detailsOf[0] = loads;
        detailsOf[1] = failures;
        detailsOf[2] = averageNanos;
        detailsOf[3] = expiredRemovals;
        String loadText = loads + failures == 0 ? "no loads"
                : CacheStatsFormat.count(loads) + (loads == 1 ? " load" : " loads")
                        + (failures == 0 ? "" : " (" + CacheStatsFormat.count(failures) + " failed)")
                        + ", " + CacheStatsFormat.loadTime(row.averageLoadTimeProperty().get()) + " on average";
        details.set(loadText + " · " + CacheStatsFormat.count(expiredRemovals) + " expired "
                + (expiredRemovals == 1 ? "entry" : "entries") + " removed");
    }

    /** Brings the rows in line with {@code named}: both are in name order, so one merge pass does it. */
    private void follow(SortedMap<String, ? extends TtlCache<?>> named, long now) {
        int i = 0;
        for (Map.Entry<String, ? extends TtlCache<?>> entry : named.entrySet()) {
            String name = entry.getKey();
            TtlCache<?> cache = entry.getValue();
            while (i < rows.size() && rows.get(i).name().compareTo(name) < 0) {
                remove(i);
            }
            CacheRow row;
            if (i < rows.size() && rows.get(i).name().equals(name)) {
                row = rows.get(i);
                if (!row.watches(cache)) {
                    row.rebind(cache);
                }
            } else {
                row = new CacheRow(name, cache, HISTORY_SIZE);
                rows.add(i, row);
            }
            row.update(cache.stats(), now, tickNanos);
            i++;
        }
        while (i < rows.size()) {
            remove(i);
        }
    }

    private void remove(int index) {
        CacheRow gone = rows.remove(index);
        if (gone == selected.get()) {
            select(null);
        }
        if (gone == clearTarget) {
            cancelClear();
        }
    }

    /** Fills the key list from the selected cache; rebuilds the list only when keys came or went. */
    private void refreshKeys() {
        CacheRow row = selected.get();
        TtlCache<?> cache = row == null ? null : row.cache();
        if (cache == null) {
            if (!keys.isEmpty()) {
                keys.clear();
            }
            return;
        }
        if (!showing) {
            return;
        }
        SortedMap<String, Duration> snapshot = cache.ttlSnapshot();
        boolean changed = false;
        int i = 0;
        int n = keys.size();
        nextKeys.clear();
        for (Map.Entry<String, Duration> entry : snapshot.entrySet()) {
            String key = entry.getKey();
            while (i < n && keys.get(i).key().compareTo(key) < 0) {
                i++;
                changed = true;
            }
            KeyRow keyRow;
            if (i < n && keys.get(i).key().equals(key)) {
                keyRow = keys.get(i++);
            } else {
                keyRow = new KeyRow(key);
                changed = true;
            }
            keyRow.timeLeft(entry.getValue());
            nextKeys.add(keyRow);
        }
        if (changed || i < n) {
            keys.setAll(nextKeys);
        }
        nextKeys.clear();
    }

    /** One row per registered cache, in name order; changes only when a cache is registered or goes. */
    public ObservableList<CacheRow> rows() {
        return rowsView;
    }

    /** The cache whose history, keys and actions the view shows; null when there is none. */
    public ReadOnlyObjectProperty<CacheRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** Shows {@code row}'s history and keys (null shows none); cancels a clear that was waiting to be confirmed. */
    public void select(CacheRow row) {
        if (row == selected.get()) {
            return;
        }
        if (row != null && !rows.contains(row)) {
            throw new IllegalArgumentException("not a row of this view: " + row);
        }
        cancelClear();
        // What the last action said was about the cache selected then.
        notice.dismiss();
        selected.set(row);
        keys.clear();
        refreshKeys();
        refreshDetails(true);
        historyVersion.set(historyVersion.get() + 1);
    }

    /** The selected cache's samples, newest first; empty when nothing is selected. */
    History selectedHistory() {
        CacheRow row = selected.get();
        return row == null ? null : row.history();
    }

    /**
     * Goes up by one whenever the selected cache's history may have changed (each tick, and on a new
     * selection): the chart redraws from {@code selectedHistory()} then.
     */
    public ReadOnlyLongProperty historyVersionProperty() {
        return historyVersion.getReadOnlyProperty();
    }

    /** The selected cache's keys that have time left, in key order, refreshed each tick; never their values. */
    public ObservableList<KeyRow> keys() {
        return keysView;
    }

    /**
     * The selected cache's loads and removals in words, e.g. "12 loads (1 failed), 3.2 ms on average · 7 expired
     * entries removed"; empty when nothing is selected. Rebuilt only when those counters change.
     */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** The key prefix to invalidate, as typed. */
    public StringProperty prefixProperty() {
        return prefix;
    }

    /**
     * What the last action did, one line; empty when there is nothing to say or an error is shown. It goes by itself
     * after the notice's time ({@link Notice.Kind#stays()}).
     */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last action could not be done, one line; empty when it could. Stays until the next action. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether a clear waits for the user to confirm it. */
    public ReadOnlyBooleanProperty confirmingClearProperty() {
        return confirmingClear.getReadOnlyProperty();
    }

    /** The question a pending clear asks, naming the cache and how many entries it holds. */
    public ReadOnlyStringProperty confirmTextProperty() {
        return confirmText.getReadOnlyProperty();
    }

    /** Asks to clear the selected cache; nothing is removed until {@link #confirmClear()}. */
    public void requestClear() {
        CacheRow row = selected.get();
        if (row == null) {
            fail("Select a cache in the table first.");
            return;
        }
        clearTarget = row;
        notice.dismiss();
        int size = row.sizeProperty().get();
        confirmText.set("Remove " + (size == 0 ? "every entry" : size == 1 ? "the 1 entry" : "all " + entries(size))
                + " from " + row.name() + " and reset its counts to zero?");
        confirmingClear.set(true);
    }

    /**
     * Clears the cache {@link #requestClear()} asked about, sets its counters back to zero and restarts its
     * history, so every figure of the row starts again from nothing; says how many entries went.
     */
    public void confirmClear() {
        CacheRow row = clearTarget;
        cancelClear();
        if (row == null) {
            return;
        }
        TtlCache<?> cache = row.cache();
        if (cache == null || !rows.contains(row)) {
            fail(row.name() + " is no longer registered; nothing was cleared.");
            return;
        }
        int removed = cache.clear();
        cache.resetStats();
        row.restartHistory();
        say(Notice.Kind.SUCCESS, "Cleared " + row.name() + ": removed " + entries(removed) + "; its counts start again from zero.");
        tick();
    }

    /** Drops a clear that waits for confirmation. */
    public void cancelClear() {
        clearTarget = null;
        confirmingClear.set(false);
        confirmText.set("");
    }

    /** Removes the selected cache's entries whose key starts with the typed prefix, and says how many went. */
    public void invalidatePrefix() {
        CacheRow row = selected.get();
        String start = prefix.get() == null ? "" : prefix.get();
        if (row == null) {
            fail("Select a cache in the table first.");
            return;
        }
        if (start.isEmpty()) {
            fail("Type the start of the keys to remove, e.g. provider:replicate: (Clear… removes every entry).");
            return;
        }
        TtlCache<?> cache = row.cache();
        if (cache == null) {
            fail(row.name() + " is no longer registered; nothing was removed.");
            return;
        }
        int removed = cache.invalidatePrefix(start);
        say(removed == 0 ? Notice.Kind.INFO : Notice.Kind.SUCCESS, removed == 0
                ? "No key starts with \"" + start + "\"; nothing was removed."
                : "Removed " + entries(removed) + " starting with \"" + start + "\".");
        tick();
    }

    /** Removes what the last action said, and a clear that waits for confirmation (the page is left, the theme changed). */
    public void dismissNotices() {
        cancelClear();
        notice.dismiss();
    }

    private void say(Notice.Kind kind, String text) {
        notice.say(kind, text);
    }

    private void fail(String text) {
        notice.say(Notice.Kind.ERROR, text);
    }

    static String entries(int n) {
        return n == 1 ? "1 entry" : n + " entries";
    }
}
