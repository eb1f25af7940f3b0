package io.secretdesk.core.remote;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.crypto.DecryptionException;
import io.secretdesk.core.crypto.KeyFileException;
import io.secretdesk.core.store.ServerStore;
import io.secretdesk.core.store.ServerStore.RestartNotice;
import io.secretdesk.core.store.ServerStore.Row;
import io.secretdesk.core.store.StoreException;
import io.secretdesk.core.target.HealthReport;
import io.secretdesk.core.target.TargetException;
import io.secretdesk.core.target.TargetException.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of remote SimpleTuner servers: their settings in the console database, their API keys encrypted beside
 * the other credentials, and what each still needs (a restart). Hands out a {@link RemoteTarget} per server. Calls
 * block on the database (and {@link #restartNeeded} on the server): call them off the JavaFX thread. Thread-safe.
 */
public final class Servers {

    /** How much a server's uptime may lag our clock before a drop counts as a restart. */
    static final Duration RESTART_TOLERANCE = Duration.ofSeconds(2);

    private final ServerStore store;
    private final HostLookup lookup;
    private final Clock clock;
    private final Map<String, RemoteTarget> targets = new ConcurrentHashMap<>();

    public Servers(ServerStore store, HostLookup lookup, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds (or with {@code replace}, changes) a server. The CA file is read first; a null {@code key} keeps the stored
     * one. Returns true when the server is new.
     *
     * @throws TargetException (INVALID_INPUT) for a taken name or a bad CA file; nothing is stored then
     */
    public boolean add(ServerSettings settings, ApiKey key, boolean replace) {
        if (settings.caFile() != null) {
            try {
                Tls.caStore(settings.caFile());
            } catch (IllegalArgumentException e) {
                throw new TargetException(Reason.INVALID_INPUT, e.getMessage() + "; nothing was stored");
            }
        }
        Row row = new Row(settings.name(), settings.baseUrl().toString(),
                settings.caFile() == null ? null : settings.caFile().toAbsolutePath().toString(), settings.allowPlainHttp(),
                settings.connectTimeout().toMillis(), settings.requestTimeout().toMillis(), null, null, null);
        boolean created = call(() -> store.save(row, key == null ? null : key.reveal(), replace));
        targets.remove(settings.name());
        return created;
    }

    /** Removes a server and its key; false when there was none. */
    public boolean remove(String name) {
        targets.remove(name);
        return call(() -> store.remove(name));
    }

    /** Every server's settings, by name. */
    public List<ServerSettings> list() {
        return call(store::list).stream().map(Servers::settings).toList();
    }

    /** The settings of {@code name}. */
    public Optional<ServerSettings> get(String name) {
        return call(() -> store.get(name)).map(Servers::settings);
    }

    /**
     * The server {@code name} as a target; its key is decrypted on its first call that sends it.
     *
     * @throws TargetException (NOT_FOUND) when there is no such server
     */
    public RemoteTarget target(String name) {
        ServerSettings settings = get(name).orElseThrow(() -> new TargetException(Reason.NOT_FOUND, "no server named "
                + name + " ('secretdesk servers list' shows them; 'secretdesk servers add' adds one)"));
        return targets.computeIfAbsent(name, n -> new RemoteTarget(settings, new KeyOnce(n), lookup, clock));
    }

    /** Whether an API key is stored for {@code name} (does not decrypt it). */
    public boolean hasKey(String name) {
        return call(() -> store.apiKeyStored(name));
    }

    /** The restart {@code name} still needs, if any. */
    public Optional<RestartNotice> restartNotice(String name) {
        return call(() -> store.get(name)).map(Row::restart);
    }

    /**
     * Records that {@code name} sees a change only after its SimpleTuner restarts, with its uptime now (one bounded
     * health read) so that a later drop in uptime shows the restart.
     */
    public void restartNeeded(String name, String reason) {
        Double uptime = null;
        try {
            uptime = target(name).check().uptimeSeconds();
        } catch (TargetException e) {
            // unknown uptime: any later uptime below the time since now still shows a restart
        }
        // After the read: the uptime then is at most what it was at this time, so no restart is ever seen by mistake.
        Instant since = clock.instant();
        Double known = uptime;
        call(() -> {
            store.markRestartNeeded(name, reason, since, known);
            return null;
        });
    }

    /**
     * Clears the restart notice of the checked server when its uptime shows a restart since the change; returns the
     * notice still pending.
     */
    public Optional<RestartNotice> followRestart(ServerStatus status) {
        Optional<RestartNotice> pending = restartNotice(status.server());
        if (pending.isEmpty() || status.uptimeSeconds() == null) {
            return pending;
        }
        if (restartedSince(pending.get(), status.uptimeSeconds(), status.checkedAt())) {
            call(() -> {
                store.clearRestart(status.server());
                return null;
            });
            return Optional.empty();
        }
        return pending;
    }

    /** Whether an uptime of {@code uptimeNow} at {@code now} means the server started after the notice was made. */
    static boolean restartedSince(RestartNotice notice, double uptimeNow, Instant now) {
        double before = notice.uptimeAtChange() == null ? 0 : notice.uptimeAtChange();
        double elapsed = Duration.between(notice.since(), now).toMillis() / 1000.0;
        return uptimeNow + RESTART_TOLERANCE.toMillis() / 1000.0 < before + elapsed;
    }

    /**
     * The health of server {@code name} (one {@link RemoteTarget#check()}), with a "restart" check while a change still
     * waits for its restart. Never throws for the server's faults.
     */
    public HealthReport health(String name) {
        ServerStatus status = target(name).check();
        HealthReport report = status.toReport();
        Optional<RestartNotice> restart = followRestart(status);
        if (restart.isEmpty()) {
            return report;
        }
        List<HealthReport.Check> checks = new java.util.ArrayList<>(report.checks());
        checks.add(new HealthReport.Check("restart", HealthReport.State.WARNING, "needed since " + restart.get().since()
                + ": " + restart.get().reason() + " (cleared when the server's uptime shows a restart)"));
        return new HealthReport(report.target(), checks);
    }

    /**
     * Marks every server on this machine (a loopback URL) as needing a restart, because this machine's secrets file
     * changed and SimpleTuner reads it once, at start. Returns the names marked; a server that cannot be reached is
     * marked too (its uptime unknown).
     */
    public List<String> secretsFileChanged(String reason) {
        List<String> marked = new java.util.ArrayList<>();
        for (String name : onThisMachine()) {
            restartNeeded(name, reason);
            marked.add(name);
        }
        return marked;
    }

    /** The loopback servers: a SimpleTuner server on this machine reads this machine's secrets file. */
    public List<String> onThisMachine() {
        return list().stream().filter(ServerSettings::loopback).map(ServerSettings::name).toList();
    }

    /** Records a change SecretDesk made on a server in the audit log (SimpleTuner does not audit it). */
    public void audit(String server, String action, Map<String, ?> details) {
        call(() -> {
            store.auditRemoteChange(server, action, details);
            return null;
        });
    }

    private static ServerSettings settings(Row row) {
        return new ServerSettings(row.name(), java.net.URI.create(row.baseUrl()),
                row.caFile() == null ? null : Path.of(row.caFile()), row.allowPlainHttp(),
                Duration.ofMillis(row.connectTimeoutMs()), Duration.ofMillis(row.requestTimeoutMs()));
    }

    private static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            throw new TargetException(e.reason() == StoreException.Reason.INVALID_INPUT ? Reason.INVALID_INPUT
                    : Reason.REFUSED, e.getMessage(), e);
        } catch (KeyFileException | DecryptionException e) {
            throw new TargetException(Reason.REFUSED, e.getMessage(), e);
        }
    }

    /** The server's key, decrypted once, on first use. */
    private final class KeyOnce implements java.util.function.Supplier<ApiKey> {
        private final String name;
        private volatile Optional<ApiKey> key;

        KeyOnce(String name) {
            this.name = name;
        }

        @Override
        public ApiKey get() {
            Optional<ApiKey> known = key;
            if (known == null) {
                synchronized (this) {
                    known = key;
                    if (known == null) {
                        known = call(() -> store.apiKey(name)).map(ApiKey::of);
                        key = known;
                    }
                }
            }
            return known.orElse(null);
        }

        @Override
        public String toString() {
            return "the API key of " + name;
        }
    }
}
