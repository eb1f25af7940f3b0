package io.secretdesk.core.store;

import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;

/** A real database in a temp folder with the stores over it, keyed by fixed test secrets. */
final class Fixture implements AutoCloseable {

    // PBKDF2 runs once per secret for the whole test run.
    static final CredentialKey KEY_A = CredentialKey.derive("test-master-secret-A");
    static final CredentialKey KEY_B = CredentialKey.derive("test-master-secret-B");

    final Path file;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05.123456Z"));
    final Database database;
    final AuditLog audit;
    final CredentialStore credentials;

    Fixture(Path dir) {
        this(dir.resolve("console.db"), "audit-secret", CredentialEncryption.of(KEY_A));
    }

    Fixture(Path file, String auditSecret, CredentialEncryption ring) {
        this.file = file;
        this.database = Database.open(file);
        this.audit = new AuditLog(database, () -> secret(auditSecret), clock, "tester");
        this.credentials = new CredentialStore(database, audit, () -> ring, clock);
    }

    static MasterSecret secret(String value) {
        return new MasterSecret(value, new KeyOrigin(KeyOrigin.Kind.ENVIRONMENT, "TEST_KEY", null, null));
    }

    /** A second, raw connection to the same file: what another process would hold. */
    Connection rawConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @Override
    public void close() {
        database.close();
    }
}
