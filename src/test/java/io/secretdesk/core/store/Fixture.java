package io.secretdesk.core.store;

import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.testing.FakeTicker;
import io.secretdesk.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A real database in a temp folder with the stores over it, keyed by fixed test secrets. */
final class Fixture implements AutoCloseable {

    // PBKDF2 runs once per secret for the whole test run.
    static final CredentialKey KEY_A = CredentialKey.derive("test-master-secret-A");
    static final CredentialKey KEY_B = CredentialKey.derive("test-master-secret-B");

    final Path file;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05.123456Z"));
    final Database database;
    /** SimpleTuner's jobs.db and audit.db, in the same folder as SimpleTuner lays them out. */
    final Database jobs;
    final Database auditDb;
    final AuditLog audit;
    final CredentialStore credentials;
    final FakeTicker ticker = new FakeTicker();
    /** Configured like the global provider-config cache (300 s, 100 entries), on a ticker the test moves. */
    final TtlCache<Map<String, Object>> cache = TtlCache.<Map<String, Object>>builder().defaultTtl(Duration.ofSeconds(300))
            .maxSize(100).ticker(ticker).scheduler(new ManualScheduler(ticker::read)).build();
    final ProviderConfigStore configs;

    Fixture(Path dir) {
        this(dir.resolve("console.db"), "audit-secret", CredentialEncryption.of(KEY_A));
    }

    Fixture(Path file, String auditSecret, CredentialEncryption ring) {
        this.file = file;
        this.database = Database.open(file);
        Path state = file.toAbsolutePath().getParent();
        this.jobs = Database.openSimpleTuner(state.resolve("cloud").resolve("jobs.db"), SimpleTunerSchema.JOBS, Duration.ofSeconds(5));
        this.auditDb = Database.openSimpleTuner(state.resolve("audit.db"), SimpleTunerSchema.AUDIT, Duration.ofSeconds(5));
        this.audit = new AuditLog(() -> auditDb, new AuditKey(Map.of(AuditKey.VARIABLE, auditSecret), state.resolve("audit.key")),
                null, clock, "tester");
        this.credentials = new CredentialStore(database, audit, () -> ring, clock);
        this.configs = new ProviderConfigStore(() -> jobs, audit, cache, clock);
    }

    static MasterSecret secret(String value) {
        return new MasterSecret(value, new KeyOrigin(KeyOrigin.Kind.ENVIRONMENT, "TEST_KEY", null, null));
    }

    /** A second, raw connection to the same file: what another process would hold. */
    Connection rawConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    /** A raw connection to the database that holds {@code table}: jobs.db, audit.db or the console database. */
    Connection rawConnectionFor(String table) throws SQLException {
        Database holder = switch (table) {
            case "provider_config" -> jobs;
            case "audit_log" -> auditDb;
            default -> database;
        };
        return DriverManager.getConnection("jdbc:sqlite:" + holder.file());
    }

    @Override
    public void close() {
        cache.close();
        jobs.close();
        auditDb.close();
        database.close();
    }
}
