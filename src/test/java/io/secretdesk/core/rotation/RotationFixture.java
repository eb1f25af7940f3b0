package io.secretdesk.core.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.RotationKeyFiles;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.CredentialStore;
import io.secretdesk.core.store.CredentialStore.NewCredential;
import io.secretdesk.core.store.CredentialStore.RowCheck;
import io.secretdesk.core.store.ProviderConfigStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A SimpleTuner home in a temp folder with a real console database and key file, credentials seeded
 * through the real store, and checks that read the store the way a fresh process would.
 */
final class RotationFixture {

    /** A provider-config cache of this open's own, configured like the global one, starting no thread. */
    static TtlCache<Map<String, Object>> newCache() {
        return TtlCache.<Map<String, Object>>builder().defaultTtl(ProviderConfigStore.CONFIG_TTL).maxSize(100)
                .scheduler(new ManualScheduler(System::nanoTime)).build();
    }

    final Path userHome;
    final SimpleTunerHome home;
    final Map<String, String> env = new HashMap<>();

    RotationFixture(Path userHome) {
        this.userHome = userHome;
        this.home = SimpleTunerHome.underUserHome(userHome);
        env.put("SIMPLETUNER_AUDIT_KEY", "audit-key-for-rotation-tests");
    }

    ConsoleStore open() {
        return ConsoleStore.open(Map.copyOf(env), home, newCache());
    }

    KeyRotations rotations(ConsoleStore store) {
        return new KeyRotations(store, home, Clock.systemUTC());
    }

    Path keyFile() {
        return home.credentialKeyFile();
    }

    Path file(RotationKeyFiles.Slot slot) {
        return slot.path(keyFile());
    }

    /** Stores {@code count} credentials over three providers; returns their values by provider/name. */
    Map<String, String> seed(int count) {
        Map<String, String> values = new LinkedHashMap<>();
        List<NewCredential> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String provider = List.of("replicate", "runpod", "lambda").get(i % 3);
            String name = "token" + i;
            String value = "secret-value-" + i + "-" + Integer.toHexString(i * 7919);
            rows.add(new NewCredential(provider, name, value));
            values.put(provider + "/" + name, value);
        }
        try (ConsoleStore store = open()) {
            store.credentials().importAll(rows);
        }
        return values;
    }

    /**
     * Opens the store as a new process would and checks that every row decrypts with the key it records, to
     * the value in {@code expected}; returns the key ids the rows record.
     */
    List<String> assertEveryRowDecryptsWithItsRecordedKey(Map<String, String> expected) {
        try (ConsoleStore store = open()) {
            CredentialStore credentials = store.credentials();
            Map<String, String> actual = new TreeMap<>();
            List<RowCheck> checks = credentials.checkAll(credentials.encryption(),
                    (info, value) -> actual.put(info.provider() + "/" + info.name(), value));
            List<String> keyIds = new ArrayList<>();
            for (RowCheck check : checks) {
                assertThat(check.decrypts()).as("%s/%s decrypts", check.credential().provider(), check.credential().name()).isTrue();
                assertThat(check.openedBy()).as("key that opens %s", check.credential().name()).hasValue(check.credential().keyId());
                keyIds.add(check.credential().keyId());
            }
            assertThat(actual.keySet()).isEqualTo(new TreeMap<>(expected).keySet());
            assertThat(actual.equals(new TreeMap<>(expected))).as("every credential value is unchanged").isTrue();
            return keyIds;
        }
    }

    /** The id of the key in {@code file}. */
    static String keyIdOf(Path file) throws IOException {
        return CredentialKey.derive(Files.readString(file).strip()).id();
    }

    static String keyIdOf(String secret) {
        return CredentialKey.derive(secret).id();
    }

    /** A table's rows as text, for before/after comparisons. */
    String dump(String table, String columns) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + home.database(env));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + columns + " FROM " + table + " ORDER BY 1")) {
            int width = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= width; i++) {
                    text.append(rows.getString(i)).append('|');
                }
                text.append('\n');
            }
        }
        return text.toString();
    }

    /** The files under the SimpleTuner home other than the database's, relative, sorted. */
    List<String> homeFiles() throws IOException {
        if (!Files.exists(home.dir())) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(home.dir())) {
            return walk.filter(path -> !path.equals(home.dir()))
                    .map(path -> home.dir().relativize(path).toString())
                    .filter(name -> !name.startsWith("console.db"))
                    .sorted().toList();
        }
    }

    ChainVerification verifyAudit() {
        try (ConsoleStore store = open()) {
            return store.audit().verifyChain();
        }
    }

    List<AuditEntry> audit(int newest) {
        try (ConsoleStore store = open()) {
            return store.audit().recent(newest);
        }
    }

    static CredentialEncryption ringOf(String... secrets) {
        CredentialKey primary = CredentialKey.derive(secrets[0]);
        CredentialKey[] others = new CredentialKey[secrets.length - 1];
        for (int i = 1; i < secrets.length; i++) {
            others[i - 1] = CredentialKey.derive(secrets[i]);
        }
        return CredentialEncryption.of(primary, others);
    }
}
