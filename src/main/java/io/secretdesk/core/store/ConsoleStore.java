package io.secretdesk.core.store;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.cache.Caches;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.crypto.CredentialKeyRing;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.MasterSecretSource;
import io.secretdesk.core.SimpleTunerFiles;
import java.time.Clock;
import java.time.Duration;
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

    /** SimpleTuner's own busy timeout ({@code PRAGMA busy_timeout = 30000}). */
    public static final Duration SIMPLETUNER_BUSY_TIMEOUT = Duration.ofSeconds(30);
    public static final String BUSY_TIMEOUT_VARIABLE = "SECRETDESK_BUSY_TIMEOUT_SECONDS";

    private final Database database;
    private final MasterSecretSource credentialKeySource;
    private final AuditLog audit;
    private final CredentialStore credentials;
    private final ProviderConfigStore configs;
    private final CredentialKeyRing credentialKeys;

    private final SimpleTunerFiles files;
    private final LazyDatabase jobs;
    private final LazyDatabase auditDb;
    private final LazyDatabase authDb;
    private final UserCredentialStore userCredentials;
    private final ServerStore servers;

    private ConsoleStore(Database database, MasterSecretSource credentialKeySource, SimpleTunerFiles files,
                         Map<String, String> env, TtlCache<Map<String, Object>> cache, Clock clock, String actor) {
        this.database = database;
        this.credentialKeySource = credentialKeySource;
        this.files = files;
        Duration busy = busyTimeout(env);
        this.jobs = LazyDatabase.simpleTuner(files.jobsDb(), SimpleTunerSchema.JOBS, busy);
        this.auditDb = LazyDatabase.simpleTuner(files.auditDb(), SimpleTunerSchema.AUDIT, busy);
        this.authDb = files.authDb().equals(files.jobsDb()) ? jobs
                : LazyDatabase.simpleTuner(files.authDb(), SimpleTunerSchema.AUTH, busy);
        this.audit = new AuditLog(auditDb, new AuditKey(env, files.auditKey()),
                new AuditMark(files.auditMark(), files.auditDb()), clock, actor);
        // The ring includes the keys a key rotation keeps beside the key file, so no row is ever stranded, and it
        // follows those files, so a rotation another process commits is picked up before the next write.
        this.credentialKeys = CredentialKeyRing.following(credentialKeySource);
        this.credentials = new CredentialStore(database, audit, credentialKeys, clock);
        this.configs = new ProviderConfigStore(jobs, audit, cache, clock);
        this.userCredentials = new UserCredentialStore(authDb, files.authDb(), audit, clock);
        this.servers = new ServerStore(database, credentials, audit, clock);
    }

    /**
     * How long a write waits for SimpleTuner's lock on its databases: SimpleTuner's own 30 s, or
     * {@code SECRETDESK_BUSY_TIMEOUT_SECONDS}.
     */
    public static Duration busyTimeout(Map<String, String> env) {
        String value = env.get(BUSY_TIMEOUT_VARIABLE);
        if (value == null || value.isBlank()) {
            return SIMPLETUNER_BUSY_TIMEOUT;
        }
        try {
            double seconds = Double.parseDouble(value.strip());
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofMillis((long) (seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw new IllegalArgumentException(BUSY_TIMEOUT_VARIABLE + " must be a number of seconds between 0 and 3600");
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
        SimpleTunerFiles files = SimpleTunerFiles.forHome(env, home);
        Duration busy = busyTimeout(env); // a bad value is refused before anything is opened
        Database database = Database.open(home.database(env));
        return new ConsoleStore(database, MasterSecretSource.credential(env, home), files, env, cache, Clock.systemUTC(),
                System.getProperty("user.name", "unknown"));
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

    /** SimpleTuner's per-user provider credentials (stored unencrypted by SimpleTuner). */
    public UserCredentialStore userCredentials() {
        return userCredentials;
    }

    /** The remote SimpleTuner servers, their API keys encrypted among the credentials. */
    public ServerStore servers() {
        return servers;
    }

    /** Where SimpleTuner's files are. */
    public SimpleTunerFiles files() {
        return files;
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
        jobs.close();
        auditDb.close();
        authDb.close();
        database.close();
    }
}
