package io.secretdesk.ui.common;

import io.secretdesk.core.remote.ServerSettings;
import io.secretdesk.core.remote.Servers;
import io.secretdesk.core.target.HealthReport;
import io.secretdesk.core.target.LocalTarget;
import io.secretdesk.core.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Which SimpleTuner installation the console acts on: this machine's files, or one of the registered servers. The
 * shell shows it in the title and the status bar; pages ask {@link #target()} (blocking, off the FX thread) for what
 * to act on. Call the property methods on the FX thread.
 */
public final class TargetSwitch {

    private final Supplier<LocalTarget> local;
    private final Supplier<Servers> servers;
    private final UiExecutor executor;
    private final ObservableList<String> choices = FXCollections.observableArrayList(LocalTarget.NAME);
    private final StringProperty chosen = new SimpleStringProperty(this, "chosen", LocalTarget.NAME);
    private final ReadOnlyStringWrapper location = new ReadOnlyStringWrapper(this, "location", "this machine's files");
    /** Locations by name, read with the list (FX thread only). */
    private final Map<String, String> locations = new ConcurrentHashMap<>();

    public TargetSwitch(Supplier<LocalTarget> local, Supplier<Servers> servers, UiExecutor executor) {
        this.local = Objects.requireNonNull(local, "local");
        this.servers = Objects.requireNonNull(servers, "servers");
        this.executor = Objects.requireNonNull(executor, "executor");
        chosen.addListener((obs, old, now) -> {
            if (now == null) {
                chosen.set(old == null ? LocalTarget.NAME : old);
            } else {
                location.set(locations.getOrDefault(now, now.equals(LocalTarget.NAME) ? "this machine's files" : ""));
            }
        });
    }

    /** "this machine" and every server's name. */
    public ObservableList<String> choices() {
        return choices;
    }

    /** The chosen target's name. */
    public StringProperty chosenProperty() {
        return chosen;
    }

    /** Where the chosen target is (a server's URL), for the status bar. */
    public ReadOnlyStringProperty locationProperty() {
        return location.getReadOnlyProperty();
    }

    /** Whether a server (not this machine) is chosen. */
    public boolean remote() {
        return !LocalTarget.NAME.equals(chosen.get());
    }

    /** Reads the servers again (in the background); a chosen server that is gone falls back to this machine. */
    public void reload() {
        executor.run(() -> servers.get().list(), list -> {
            List<String> names = new ArrayList<>();
            names.add(LocalTarget.NAME);
            for (ServerSettings server : list) {
                names.add(server.name());
                locations.put(server.name(), server.location());
            }
            String keep = chosen.get();
            choices.setAll(names);
            chosen.set(names.contains(keep) ? keep : LocalTarget.NAME);
            location.set(locations.getOrDefault(chosen.get(), remote() ? "" : "this machine's files"));
        }, failure -> { });
    }

    /**
     * The target named {@code name} (read {@link #chosenProperty()} on the FX thread first); blocking (opens the store,
     * decrypts the key on first use).
     */
    public Target target(String name) {
        return LocalTarget.NAME.equals(name) ? local.get() : servers.get().target(name);
    }

    /**
     * The health of {@code name} (this machine's files, or the server with its pending restart); blocking.
     */
    public HealthReport health(String name) {
        return LocalTarget.NAME.equals(name) ? local.get().health() : servers.get().health(name);
    }
}
