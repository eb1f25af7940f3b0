package io.secretdesk.ui.fleet;

import io.secretdesk.core.remote.ApiKey;
import io.secretdesk.core.remote.ConfigFields;
import io.secretdesk.core.remote.Fleet;
import io.secretdesk.core.remote.RemoteTarget;
import io.secretdesk.core.remote.ServerSettings;
import io.secretdesk.core.remote.ServerStatus;
import io.secretdesk.core.remote.Servers;
import io.secretdesk.core.store.ServerStore.RestartNotice;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.UiExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Fleet page's state and commands: every server side by side (reachable, version, health, secrets check, audit
 * chain, who gets in without a key, restarts still needed), what differs between their provider configs and prices,
 * adding and removing servers, and applying one server's config keys to others with a result per server. Servers are
 * asked all at once on {@code fanOut}, each bounded by its own timeouts; nothing waits on the FX thread. FX thread only.
 */
public final class FleetViewModel {

    private final Supplier<Servers> servers;
    private final Executor fanOut;
    private final UiExecutor executor;
    private final Runnable serversChanged;
    private final ObservableList<ServerRow> rows = FXCollections.observableArrayList();
    private final ObservableList<DriftRow> drift = FXCollections.observableArrayList();
    private final ObservableList<String> applyResults = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking");
    private long generation;

    /**
     * @param fanOut         runs the servers' calls at once (a cached pool of daemon threads)
     * @param serversChanged told after a server was added or removed (the shell's target switch reloads)
     */
    public FleetViewModel(Supplier<Servers> servers, Executor fanOut, UiExecutor executor, Runnable serversChanged) {
        this.servers = Objects.requireNonNull(servers, "servers");
        this.fanOut = Objects.requireNonNull(fanOut, "fanOut");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.serversChanged = Objects.requireNonNull(serversChanged, "serversChanged");
    }

    public ObservableList<ServerRow> rows() {
        return rows;
    }

    public ObservableList<DriftRow> drift() {
        return drift;
    }

    public ObservableList<String> applyResults() {
        return applyResults;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    /** Checks every server and compares their configs; rows appear when all have answered or timed out. */
    public void refresh() {
        long mine = ++generation;
        checking.set(true);
        message.set("Checking the servers…");
        executor.run(this::look, found -> {
            if (mine != generation) {
                return;
            }
            checking.set(false);
            rows.setAll(found.rows());
            drift.setAll(found.drift());
            long down = found.rows().stream().filter(r -> !r.reachable()).count();
            long open = found.rows().stream().filter(ServerRow::open).count();
            message.set(found.rows().isEmpty() ? "No servers yet: add one below."
                    : found.rows().size() + " server" + (found.rows().size() == 1 ? "" : "s") + ", " + down + " unreachable, "
                    + open + " open to others, " + found.drift().size() + " difference" + (found.drift().size() == 1 ? "" : "s"));
        }, failure -> {
            if (mine != generation) {
                return;
            }
            checking.set(false);
            message.set(ErrorMessages.oneLine(failure));
        });
    }

    private record Found(List<ServerRow> rows, List<DriftRow> drift) {
    }

    private Found look() {
        Servers registry = servers.get();
        List<RemoteTarget> targets = registry.list().stream().map(s -> registry.target(s.name())).toList();
        List<ServerStatus> statuses = Fleet.checkAll(targets, fanOut);
        List<ServerRow> found = new ArrayList<>();
        for (ServerStatus status : statuses) {
            Optional<RestartNotice> restart = registry.followRestart(status);
            found.add(ServerRow.of(status, restart, registry.hasKey(status.server())));
        }
        List<RemoteTarget> reachable = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            if (statuses.get(i).reachable()) {
                reachable.add(targets.get(i));
            }
        }
        List<DriftRow> differences = new ArrayList<>();
        for (Fleet.Drift d : Fleet.drift(Fleet.snapshots(reachable, RemoteTarget.KNOWN_PROVIDERS, fanOut))) {
            Map<String, String> shown = new LinkedHashMap<>();
            d.values().forEach((server, value) -> shown.put(server, Fleet.show(d.key(), value)));
            differences.add(new DriftRow(d.section(), d.key(), shown));
        }
        return new Found(found, differences);
    }

    /**
     * Adds (or with {@code replace}, changes) a server; the API key may be empty when replacing (kept). On failure the
     * form keeps what was typed: {@code onDone} is called only on success.
     */
    public void addServer(String name, String url, String apiKey, String caFile, boolean allowPlainHttp, boolean replace,
                          Runnable onDone) {
        message.set("Adding " + name + "…");
        executor.run(() -> {
            ServerSettings settings = new ServerSettings(name == null ? "" : name.strip(), ServerSettings.parseUrl(url),
                    caFile == null || caFile.isBlank() ? null : Path.of(caFile.strip()), allowPlainHttp,
                    ServerSettings.DEFAULT_CONNECT_TIMEOUT, ServerSettings.DEFAULT_REQUEST_TIMEOUT);
            ApiKey key = apiKey == null || apiKey.isBlank() ? null : ApiKey.of(apiKey);
            return servers.get().add(settings, key, replace);
        }, created -> {
            message.set((created ? "Added " : "Changed ") + name.strip() + "; checking it…");
            onDone.run();
            serversChanged.run();
            refresh();
        }, failure -> message.set("Not added: " + ErrorMessages.oneLine(failure)));
    }

    /** Removes a server and its key. */
    public void removeServer(String name) {
        executor.run(() -> servers.get().remove(name), removed -> {
            message.set(removed ? "Removed " + name + " and its API key." : "There is no server named " + name + ".");
            serversChanged.run();
            refresh();
        }, failure -> message.set(ErrorMessages.oneLine(failure)));
    }

    /**
     * Copies {@code keys} (all the API can set when empty) of {@code provider}'s config from {@code source} to each of
     * {@code to}: one PUT per server, each audited, a result line per server.
     */
    public void apply(String source, String provider, List<String> keys, List<String> to) {
        applyResults.clear();
        if (source == null || to == null || to.isEmpty()) {
            message.set("Choose the server to copy from and at least one server to change.");
            return;
        }
        message.set("Applying " + provider + " from " + source + " to " + String.join(", ", to) + "…");
        executor.run(() -> {
            Servers registry = servers.get();
            Map<String, Object> config = registry.target(source).providerConfig(provider);
            Map<String, Object> changes = new LinkedHashMap<>();
            if (keys == null || keys.isEmpty()) {
                config.forEach((key, value) -> {
                    if (ConfigFields.SETTABLE.contains(key)) {
                        changes.put(key, value);
                    }
                });
            } else {
                keys.forEach(key -> changes.put(key, config.get(key)));
            }
            if (changes.isEmpty()) {
                throw new IllegalArgumentException(source + " has no " + provider + " keys SimpleTuner's API can set");
            }
            List<RemoteTarget> targets = to.stream().filter(name -> !name.equals(source)).map(registry::target).toList();
            return Fleet.apply(provider, changes, targets, fanOut, result -> registry.audit(result.server(),
                    "provider_config.remote_apply", Map.of("provider", provider, "keys", List.copyOf(changes.keySet()),
                            "from", source, "applied", result.applied())));
        }, results -> {
            results.forEach(r -> applyResults.add((r.applied() ? "OK  " : "FAILED  ") + r.server() + ": " + r.message()));
            message.set(results.stream().filter(Fleet.Applied::applied).count() + " of " + results.size() + " applied");
            refresh();
        }, failure -> message.set("Nothing applied: " + ErrorMessages.oneLine(failure)));
    }
}
