package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.crypto.CredentialEncryption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aNewDatabaseIsOwnerOnlyInAPrivateFolderWithWalAndTheLatestSchema() throws IOException {
        Path file = dir.resolve("a/b/console.db");
        try (Fixture store = new Fixture(file, "k", CredentialEncryption.of(Fixture.KEY_A))) {
            store.credentials.set("replicate", "api_token", "r8_value");
            assertThat(store.database.schemaVersion()).isEqualTo(Database.latestSchemaVersion());
            assertThat(mode(file)).isEqualTo("rw-------");
            assertThat(mode(file.getParent())).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
            Path wal = Path.of(file + "-wal");
            assertThat(wal).exists();
            assertThat(mode(wal)).isEqualTo("rw-------");
        }
    }

    @Test
    void reopeningKeepsDataAndSchema() {
        try (Fixture store = new Fixture(dir)) {
            store.credentials.set("replicate", "api_token", "r8_value");
        }
        try (Fixture again = new Fixture(dir)) {
            assertThat(again.database.schemaVersion()).isEqualTo(Database.latestSchemaVersion());
            assertThat(again.credentials.get("replicate", "api_token").orElseThrow().equals("r8_value")).isTrue();
        }
    }

    @Test
    void aDatabaseFromANewerSchemaIsRefusedAndNotModified() throws Exception {
        Path file = dir.resolve("newer.db");
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = raw.createStatement()) {
            statement.execute("CREATE TABLE future_things (x TEXT)");
            statement.execute("INSERT INTO future_things VALUES ('keep me')");
            statement.execute("PRAGMA user_version = 99");
        }
        String before = sha256(file);
        List<String> filesBefore = listing();
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("newer SecretDesk (schema version 99; this one knows up to " + Database.latestSchemaVersion())
                .hasMessageContaining("left untouched")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.NEWER_SCHEMA);
        assertThat(sha256(file)).isEqualTo(before);
        assertThat(listing()).isEqualTo(filesBefore);
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedAndNotModified() throws IOException {
        Path file = dir.resolve("console.db");
        Files.writeString(file, "{\"this is\": \"not a database\"}\n".repeat(40));
        String before = sha256(file);
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is damaged or is not a SQLite database")
                .hasMessageContaining("left untouched")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.CORRUPT);
        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void aDamagedDatabaseFailsClearlyAndIsNotModified() throws Exception {
        Path file = dir.resolve("console.db");
        try (Fixture store = new Fixture(file, "k", CredentialEncryption.of(Fixture.KEY_A))) {
            for (int i = 0; i < 50; i++) {
                store.credentials.set("replicate", "token" + i, "value" + i);
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isGreaterThan(8192);
        // Keep the 100-byte header and page 1's schema; scribble over every later page.
        for (int i = 4096; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(file, bytes);
        String before = sha256(file);
        assertThatThrownBy(() -> {
            try (Fixture broken = new Fixture(file, "k", CredentialEncryption.of(Fixture.KEY_A))) {
                broken.credentials.list();
            }
        }).isInstanceOf(StoreException.class).hasMessageContaining("is damaged or is not a SQLite database");
        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void aDamagedDatabaseThatWouldBeSwitchedToWalIsRefusedWithNotOneByteWritten() throws Exception {
        // A database as SimpleTuner leaves it: rollback-journal mode, so opening it here would write its header.
        Path file = dir.resolve("console.db");
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = raw.createStatement()) {
            statement.execute("CREATE TABLE provider_config (provider TEXT PRIMARY KEY, config TEXT NOT NULL DEFAULT '{}', updated_at TEXT)");
            for (int i = 0; i < 200; i++) {
                statement.execute("INSERT INTO provider_config VALUES ('provider-" + i + "', '{\"webhook_url\": \"https://example.test/"
                        + "x".repeat(100) + i + "\"}', '2026-01-02T03:04:05Z')");
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isGreaterThan(16384);
        for (int i = 3 * 4096 + 200; i < 3 * 4096 + 600; i++) {
            bytes[i] = (byte) (i * 7);
        }
        Files.write(file, bytes);
        String before = sha256(file);
        List<String> filesBefore = listing();

        assertThatThrownBy(() -> Database.open(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("is damaged or is not a SQLite database")
                .hasMessageContaining("left untouched")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.CORRUPT);
        assertThat(sha256(file)).as("not one byte of the file changed").isEqualTo(before);
        assertThat(listing()).isEqualTo(filesBefore);
    }

    @Test
    void aHealthyDatabaseFromSimpleTunerOpensAndKeepsItsRows() throws Exception {
        Path file = dir.resolve("console.db");
        Files.createDirectories(dir.resolve("cloud"));
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cloud").resolve("jobs.db"));
                Statement statement = raw.createStatement()) {
            statement.execute("CREATE TABLE provider_config (provider TEXT PRIMARY KEY, config TEXT NOT NULL DEFAULT '{}', updated_at TEXT)");
            statement.execute("INSERT INTO provider_config VALUES ('replicate', '{\"cost_limit_enabled\": true}', '2026-01-02T03:04:05Z')");
        }
        try (Fixture store = new Fixture(file, "k", CredentialEncryption.of(Fixture.KEY_A))) {
            assertThat(store.configs.getProviderConfig("replicate")).containsEntry("cost_limit_enabled", true);
            assertThat(store.database.schemaVersion()).isEqualTo(Database.latestSchemaVersion());
        }
    }

    @Test
    void aWriteLockHeldElsewhereIsWaitedForWithABoundThenFailsClearly() throws Exception {
        Path file = dir.resolve("console.db");
        try (Database database = Database.open(file, Duration.ofMillis(300));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            long start = System.nanoTime();
            assertThatThrownBy(() -> database.inTransaction(() -> { }))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("is locked by another process (waited 300 ms")
                    .hasMessageContaining("nothing was changed")
                    .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.LOCKED);
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(waitedMillis).isBetween(250L, 5_000L);
            statement.execute("ROLLBACK");
            assertThat(database.inTransaction(() -> "written")).isEqualTo("written");
        }
    }

    @Test
    void aFailedTransactionRollsBackEverythingIncludingItsAuditEntries() {
        try (Fixture store = new Fixture(dir)) {
            assertThatThrownBy(() -> store.database.inTransaction(() -> {
                store.credentials.set("replicate", "a", "1");
                store.credentials.set("replicate", "b", "2");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(store.credentials.list()).isEmpty();
            assertThat(store.audit.recent(10)).isEmpty();
            assertThat(store.audit.verifyChain().intact()).isTrue();
        }
    }

    @Test
    void aNestedFailureRollsBackOnlyToItsSavepoint() {
        try (Fixture store = new Fixture(dir)) {
            store.database.inTransaction(() -> {
                store.credentials.set("p", "a", "1");
                try {
                    store.database.inTransaction(() -> {
                        store.credentials.set("p", "b", "2");
                        throw new IllegalStateException("inner");
                    });
                } catch (IllegalStateException expected) {
                    // the outer transaction goes on
                }
                store.credentials.set("p", "c", "3");
            });
            assertThat(store.credentials.list()).extracting(CredentialStore.CredentialInfo::name).containsExactly("a", "c");
            assertThat(store.audit.verifyChain().entriesVerified()).isEqualTo(2);
        }
    }

    @Test
    void onlineBackupAndRestore() throws IOException {
        try (Fixture store = new Fixture(dir)) {
            store.credentials.set("replicate", "api_token", "r8_before");
            Path backup = dir.resolve("backups/2026-01-02/console.db");
            store.database.backupTo(backup);
            assertThat(mode(backup)).isEqualTo("rw-------");
            assertThat(mode(backup.getParent())).isEqualTo("rwx------");

            store.credentials.delete("replicate", "api_token");
            store.credentials.set("replicate", "other", "x");
            store.database.restoreFrom(backup);
            assertThat(store.credentials.list()).extracting(CredentialStore.CredentialInfo::name).containsExactly("api_token");
            assertThat(store.credentials.get("replicate", "api_token").orElseThrow().equals("r8_before")).isTrue();
            ChainVerification chain = store.audit.verifyChain();
            assertThat(chain.intact()).as(chain.problem()).isTrue();
            assertThat(chain.entriesVerified()).as("the restore keeps the live audit log").isEqualTo(3);

            assertThatThrownBy(() -> store.database.backupTo(backup)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("already exists");
            assertThatThrownBy(() -> store.database.inTransaction(() -> store.database.backupTo(dir.resolve("x.db"))))
                    .isInstanceOf(IllegalStateException.class);
            Path notADatabase = Files.writeString(dir.resolve("junk.db"), "junk".repeat(300));
            assertThatThrownBy(() -> store.database.restoreFrom(notADatabase)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("nothing was restored");
            assertThat(store.credentials.list()).hasSize(1);
        }
    }

    @Test
    void aRestoreKeepsEveryAuditEntryWrittenAfterTheBackupAndTheChainContinues() throws Exception {
        try (Fixture store = new Fixture(dir)) {
            store.credentials.set("replicate", "api_token", "r8_before");
            store.configs.saveProviderConfig("replicate", Map.of("webhook_url", "https://example.test/a"));
            Path backup = dir.resolve("backup.db");
            store.database.backupTo(backup);
            long entriesAtBackup = store.audit.recent(1000).size();
            store.credentials.set("replicate", "added_later", "x");
            store.configs.saveProviderConfig("replicate", Map.of("webhook_url", "https://example.test/b"));
            store.credentials.delete("replicate", "api_token");
            List<AuditEntry> live = store.audit.recent(1000);
            assertThat(live).hasSize((int) entriesAtBackup + 3);

            store.database.restoreFrom(backup);

            assertThat(store.credentials.list()).extracting(CredentialStore.CredentialInfo::name).containsExactly("api_token");
            assertThat(store.configs.getProviderConfig("replicate").get("webhook_url"))
                    .as("SimpleTuner's jobs.db is not part of SecretDesk's console.db backups").isEqualTo("https://example.test/b");
            assertThat(store.audit.recent(1000)).as("entries before and after the backup are all kept").isEqualTo(live);
            store.audit.append("restore.noted", "database", Map.of("entries_before", live.size()));
            ChainVerification chain = store.audit.verifyChain();
            assertThat(chain.intact()).as(chain.problem()).isTrue();
            assertThat(chain.entriesVerified()).isEqualTo(live.size() + 1);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("the staged copy is removed")
                        .noneMatch(name -> name.contains(".restore-"));
            }
        }
    }

    @Test
    void aRestoreIsOneTransactionThatAnotherProcessSeesWholeOrNotAtAll() throws Exception {
        try (Fixture store = new Fixture(dir)) {
            for (int i = 0; i < 20; i++) {
                store.credentials.set("p", "before" + i, "v" + i);
            }
            Path backup = dir.resolve("backup.db");
            store.database.backupTo(backup);
            store.credentials.set("p", "after", "v");
            try (Database restorer = Database.open(store.file, Duration.ofMillis(300));
                    Connection other = store.rawConnection(); Statement statement = other.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                assertThatThrownBy(() -> restorer.restoreFrom(backup))
                        .isInstanceOf(StoreException.class)
                        .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.LOCKED);
                statement.execute("ROLLBACK");
            }
            assertThat(store.credentials.count()).as("a restore that could not lock changed nothing").isEqualTo(21);
            store.database.restoreFrom(backup);
            assertThat(store.credentials.count()).isEqualTo(20);
        }
    }

    @Test
    void concurrentWritersOnSharedAndSeparateConnectionsLoseNothing() throws Exception {
        Path file = dir.resolve("console.db");
        try (Fixture first = new Fixture(file, "audit", CredentialEncryption.of(Fixture.KEY_A));
                Fixture second = new Fixture(file, "audit", CredentialEncryption.of(Fixture.KEY_A))) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> writers = new ArrayList<>();
                // Two threads share the first store's connection; the third writes through its own, as another process would.
                List<Fixture> stores = List.of(first, first, second);
                for (int w = 0; w < stores.size(); w++) {
                    Fixture writer = stores.get(w);
                    String name = "writer" + w;
                    writers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 100; i++) {
                            writer.credentials.set(name, "token" + i, name + "-" + i);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> writer : writers) {
                    writer.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(first.credentials.count()).isEqualTo(300);
            assertThat(second.credentials.get("writer1", "token99").orElseThrow().equals("writer1-99")).isTrue();
            ChainVerification chain = first.audit.verifyChain();
            assertThat(chain.intact()).as(chain.problem()).isTrue();
            assertThat(chain.entriesVerified()).isEqualTo(300);
        }
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
