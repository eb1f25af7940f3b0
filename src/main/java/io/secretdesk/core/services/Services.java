package io.secretdesk.core.services;

import io.secretdesk.core.SimpleTunerFiles;
import io.secretdesk.core.HostLookup;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.remote.Servers;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.store.UserCredentialStore;
import io.secretdesk.core.target.LocalTarget;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.cache.Caches;
import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.rotation.KeyRotations;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.edit.SecretEdits;
import io.secretdesk.core.store.AuditTrail;
import io.secretdesk.core.store.SecretHistoryStore;
import io.secretdesk.core.secrets.chain.ChainSettings;
import io.secretdesk.core.secrets.chain.ProviderChains;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.CredentialStore;
import io.secretdesk.core.store.Database;
import io.secretdesk.core.store.ProviderConfigStore;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The core services one console session or one CLI run uses, each built once on first use: the secrets chain, and the
 * store (SecretDesk's console database with SimpleTuner's jobs.db and audit.db: provider configs, credentials, the
 * audit log, hardware pricing) opened together. The console and the CLI compose their services here, the same way.
 *
 * <p>Building a service may load the AWS SDK, the Vault driver or SQLite and touch disk, so accessors block
 * and must be called off the FX thread (inside {@code UiExecutor} work). Thread-safe.
 */
public final class Services implements AutoCloseable {

    private final Map<String, String> env;
    private final SimpleTunerHome home;
    private final ExecutorService fanOut;
    private final Once<SecretsManager> secrets;
    private final Once<Store> store;
    private final Once<KeyRotations> keyRotations;
    private final Once<Servers> servers = new Once<>(() -> new Servers(store().servers(), HostLookup.system(),
            Clock.systemUTC()));
    private final Once<SecretEdits> secretEdits;
    /** The chain settings kept in SecretDesk (the console's Settings page); the environment wins over them. */
    private volatile Supplier<Map<String, String>> chainSettings = Map::of;

    public Services(Map<String, String> env, SimpleTunerHome home) {
        this(env, home, Caches.providerConfig());
    }

    /**
     * @param configCache the cache provider configs are read through: the global one in the console (so Cache Stats
     *                    shows it), one of its own per CLI run (so runs in one process never share cached configs)
     */
    public Services(Map<String, String> env, SimpleTunerHome home, TtlCache<Map<String, Object>> configCache) {
        this.env = Map.copyOf(env);
        this.home = Objects.requireNonNull(home, "home");
        AtomicInteger count = new AtomicInteger();
        this.fanOut = Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, "secretdesk-lookup-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.secrets = new Once<>(() -> ProviderChains.fromConfig(Map.of(),
                ChainSettings.effective(chainSettings.get(), this.env), this.home, fanOut));
        this.store = new Once<>(() -> Store.open(this.env, this.home, configCache));
        this.keyRotations = new Once<>(() -> new KeyRotations(store.get().store(), this.home, Clock.systemUTC()));
        this.secretEdits = new Once<>(() -> editsOver(secrets(), store.get().store()));
    }

    /** The services of this process: its environment and {@code ~/.simpletuner} under {@code user.home}. */
    public static Services forThisProcess() {
        return new Services(System.getenv(), SimpleTunerHome.current());
    }

    public Map<String, String> env() {
        return env;
    }

    public SimpleTunerHome home() {
        return home;
    }

    /** The secrets chain (env, file, AWS, Vault). Blocks on first use. */
    public SecretsManager secrets() {
        return secrets.get();
    }

    /** Where SimpleTuner's files are (no file is opened). */
    public SimpleTunerFiles files() {
        return SimpleTunerFiles.forHome(env, home);
    }

    /**
     * Where the chain's stored settings come from (read, off the FX thread, each time the chain is built); call before
     * the chain is first used.
     */
    public void useChainSettings(Supplier<Map<String, String>> settings) {
        this.chainSettings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Builds the chain again from the settings as they are now (after the Settings page saved); the old chain is
     * closed. Blocks.
     */
    public void reloadChain() {
        secretEdits.reset(edits -> { }); // it edits through the old chain: the next use builds one over the new chain
        secrets.reset(SecretsManager::close);
    }

    /**
     * The chain settings stored in the encrypted credential store (the Vault token, the AWS keys), by variable; empty
     * without reading the store, or creating a key, when there is no console database yet. Blocks.
     */
    public Map<String, String> storedChainSecrets() {
        if (!java.nio.file.Files.exists(home.database(env))) {
            return Map.of();
        }
        Map<String, String> found = new java.util.HashMap<>();
        for (var info : credentials().list(ChainSettings.CREDENTIAL_PROVIDER)) {
            credentials().get(ChainSettings.CREDENTIAL_PROVIDER, info.name()).ifPresent(value -> found.put(info.name(), value));
        }
        return found;
    }

    /** The console database ({@code SECRETDESK_DB} or {@code console.db} in home). Blocks on first use. */
    public Database database() {
        return store.get().store().database();
    }

    /** Provider configs, read through the global provider-config cache. Blocks on first use. */
    public ProviderConfigStore providerConfigs() {
        return store.get().store().configs();
    }

    /** Encrypted credentials; the credential key is resolved on their first encryption or decryption. */
    public CredentialStore credentials() {
        return store.get().store().credentials();
    }

    /** The hash-chained audit log; the audit key is resolved on the first append or verification. */
    public AuditLog audit() {
        return store.get().store().audit();
    }

    /** SecretDesk's console database with SimpleTuner's files beside it. Blocks on first use. */
    public ConsoleStore store() {
        return store.get().store();
    }

    /** This host's SimpleTuner installation as a target. Blocks on first use. */
    public LocalTarget localTarget() {
        return new LocalTarget(store.get().store(), store.get().hardware(), () -> secretWrites("replicate-token").forLocalTarget());
    }

    /** The remote SimpleTuner servers, their keys encrypted in the console database. Blocks on first use. */
    public Servers servers() {
        return servers.get();
    }

    /**
     * Writes to the secrets file through {@link #secretEdits()} (history, audit entry, cache), recorded as made by
     * {@code via} ({@code secrets-view}, {@code provider-config-view}, ...). Cheap: nothing is built until a write.
     */
    public SecretWrites secretWrites(String via) {
        return new SecretWrites(this::secretEdits, via);
    }

    /** SimpleTuner's per-user credentials. Blocks on first use. */
    public UserCredentialStore userCredentials() {
        return store.get().store().userCredentials();
    }

    /** Hardware pricing over Replicate's config; built with the store, so its validation guards every config save. */
    public HardwareInfo hardware() {
        return store.get().hardware();
    }

    /** Editing secrets where they live (file history, AWS and Vault in place), over the chain and the store. Blocks on first use. */
    public SecretEdits secretEdits() {
        return secretEdits.get();
    }

    /**
     * The one composition of the editing service: {@code chain}, the secrets file's history in {@code store}'s console
     * database (encrypted with the credential key, kept by the OS user's name), and the audit trail in SimpleTuner's
     * audit.db. The console's services and each CLI run build it here.
     */
    public static SecretEdits editsOver(SecretsManager chain, ConsoleStore store) {
        return new SecretEdits(chain, new SecretHistoryStore(store.database(), () -> store.credentials().encryption(),
                Clock.systemUTC(), System.getProperty("user.name", "unknown")), new AuditTrail(store.audit()));
    }

    /** Key rotation over the console store (recovery, the stepwise wizard, rollback). Blocks on first use. */
    public KeyRotations keyRotations() {
        return keyRotations.get();
    }

    /**
     * Finishes or rolls back a key rotation a crash interrupted (see {@link KeyRotations#recoverInterrupted()});
     * empty, without creating a database, when there is no console database yet. Blocks.
     */
    public Optional<KeyRotations.Recovery> recoverInterruptedRotation() {
        return java.nio.file.Files.exists(home.database(env)) ? keyRotations().recoverInterrupted() : Optional.empty();
    }

    /**
     * Where the credential key came from, once something in this session has resolved it (a credential was
     * stored or read, a rotation ran); empty before, so merely asking never generates a key file.
     */
    public Optional<KeyOrigin> credentialKeyOrigin() {
        return store.built().flatMap(built -> built.store().resolvedCredentialSecret()).map(MasterSecret::origin);
    }

    @Override
    public void close() {
        secrets.ifBuilt(SecretsManager::close);
        store.ifBuilt(built -> built.store().close());
        fanOut.shutdownNow();
    }

    /** The console store and the pricing over it, opened together. */
    private record Store(ConsoleStore store, HardwareInfo hardware) {

        static Store open(Map<String, String> env, SimpleTunerHome home, TtlCache<Map<String, Object>> cache) {
            ConsoleStore store = ConsoleStore.open(env, home, cache);
            return new Store(store, new HardwareInfo(store.configs()));
        }
    }

    /** A value built by the first caller; later callers wait for it and share it. */
    static final class Once<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Once(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            T current = value;
            if (current == null) {
                synchronized (this) {
                    current = value;
                    if (current == null) {
                        current = Objects.requireNonNull(factory.get(), "factory result");
                        value = current;
                    }
                }
            }
            return current;
        }

        Optional<T> built() {
            return Optional.ofNullable(value);
        }

        /** Forgets the value (after {@code close} has run on it), so the next {@link #get} builds a new one. */
        void reset(java.util.function.Consumer<T> close) {
            T old;
            synchronized (this) {
                old = value;
                value = null;
            }
            if (old != null) {
                close.accept(old);
            }
        }

        void ifBuilt(java.util.function.Consumer<T> action) {
            T current = value;
            if (current != null) {
                action.accept(current);
            }
        }
    }
}
