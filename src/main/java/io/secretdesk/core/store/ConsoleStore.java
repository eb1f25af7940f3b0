package io.secretdesk.core.store;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.cache.Caches;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.crypto.CredentialKeyRing;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.MasterSecretSource;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The console database with the stores over it, wired the standard way: the database at
 * {@code SECRETDESK_DB} or {@code ~/.simpletuner/console.db}, the credential key and the audit key from
 * their environment variables or key files. Keys are looked up on first use, so opening is cheap and a
 * config read never runs PBKDF2.
 */
public final class ConsoleStore implements AutoCloseable {

    private final Database database;
    private final MasterSecretSource credentialKeySource;
    private final AuditLog audit;
    private final CredentialStore credentials;
    private final ProviderConfigStore configs;
    private final CredentialKeyRing credentialKeys;

    private ConsoleStore(Database database, MasterSecretSource credentialKeySource, MasterSecretSource auditKeySource,
                         TtlCache<Map<String, Object>> cache, Clock clock, String actor) {
        this.database = database;
        this.credentialKeySource = credentialKeySource;
        this.audit = new AuditLog(database, auditKeySource, clock, actor);
        // The ring includes the keys a key rotation keeps beside the key file, so no row is ever stranded, and it
        // follows those files, so a rotation another process commits is picked up before the next write.
        this.credentialKeys = CredentialKeyRing.following(credentialKeySource);
        this.credentials = new CredentialStore(database, audit, credentialKeys, clock);
        this.configs = new ProviderConfigStore(database, audit, cache, clock);
    }

    /**
     * Opens the console database for {@code env} and {@code home}, reading configs through the global
     * provider-config cache ({@link Caches#providerConfig()}).
     *
     * @throws StoreException when the database cannot be opened (see {@link Database#open})
     */
    public static ConsoleStore open(Map<String, String> env, SimpleTunerHome home) {
        return open(env, home, Caches.providerConfig());
    }

    /** {@link #open(Map, SimpleTunerHome)} reading configs through {@code cache}. */
    public static ConsoleStore open(Map<String, String> env, SimpleTunerHome home, TtlCache<Map<String, Object>> cache) {
        Objects.requireNonNull(env, "env");
        Database database = Database.open(home.database(env));
        return new ConsoleStore(database, MasterSecretSource.credential(env, home), MasterSecretSource.audit(env, home),
                cache, Clock.systemUTC(), System.getProperty("user.name", "unknown"));
    }

    public Database database() {
        return database;
    }

    public AuditLog audit() {
        return audit;
    }

    public CredentialStore credentials() {
        return credentials;
    }

    public ProviderConfigStore configs() {
        return configs;
    }

    /** Where the credential master secret is looked for (its variable and key file). */
    public MasterSecretSource credentialKeySource() {
        return credentialKeySource;
    }

    /**
     * The credential master secret, resolved on first call (generating a key file if there is none) and
     * re-read when the key files change; its {@link MasterSecret#origin()} says where it came from.
     *
     * @throws io.secretdesk.core.crypto.KeyFileException when the key file exists but cannot be used
     */
    public MasterSecret credentialSecret() {
        return credentialKeys.secret();
    }

    /** The credential master secret if something has already resolved it; never resolves or generates one. */
    public Optional<MasterSecret> resolvedCredentialSecret() {
        return credentialKeys.resolvedSecret();
    }

    @Override
    public void close() {
        database.close();
    }
}
