package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.secrets.edit.FileHistory;
import io.secretdesk.core.secrets.edit.FileHistory.Entry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretHistoryStoreTest {

    private static final String CANARY = "hf_historyCanary_9d2e";
    private static final String FILE = "/home/op/.simpletuner/secrets.json";

    @TempDir
    Path dir;

    @Test
    void versionsRoundTripNewestFirstAndOnlyCiphertextIsStored() throws Exception {
        try (Fixture store = new Fixture(dir)) {
            SecretHistoryStore history = new SecretHistoryStore(store.database, () -> CredentialEncryption.of(Fixture.KEY_A),
                    store.clock, "alice");
            history.append(FILE, "HF_TOKEN", List.of(new FileHistory.Change("found", "hf_old"), new FileHistory.Change("set", CANARY)));
            store.clock.advance(Duration.ofMinutes(5));
            history.append(FILE, "HF_TOKEN", List.of(new FileHistory.Change("delete", null)));

            List<Entry> entries = history.entries(FILE, "HF_TOKEN", 10);

            assertThat(entries).extracting(Entry::version).containsExactly(3, 2, 1);
            assertThat(entries).extracting(Entry::action).containsExactly("delete", "set", "found");
            assertThat(entries.get(0).value()).isNull();
            assertThat(entries.get(1).value().equals(CANARY)).as("version 2 decrypts to what was written").isTrue();
            assertThat(entries.get(1).who()).isEqualTo("alice");
            assertThat(entries.get(2).who()).isEqualTo("(outside SecretDesk)");
            assertThat(entries.get(0).at()).isEqualTo(entries.get(1).at().plus(Duration.ofMinutes(5)));
            assertThat(entries.toString()).doesNotContain(CANARY);
            assertThat(AuditLogTest.dump(store, "secret_history").contains(CANARY)).as("plaintext in the table").isFalse();
            assertThat(history.entries(FILE, "OTHER", 10)).isEmpty();
        }
    }

    @Test
    void retentionKeepsTheNewestVersionsAndDropsOlderThanTheDaysSet() {
        try (Fixture store = new Fixture(dir)) {
            SecretHistoryStore history = new SecretHistoryStore(store.database, () -> CredentialEncryption.of(Fixture.KEY_A),
                    store.clock, "alice");
            assertThat(history.retention()).isEqualTo(FileHistory.Retention.DEFAULT);
            for (int i = 1; i <= 6; i++) {
                history.append(FILE, "K", List.of(new FileHistory.Change("set", "v" + i)));
                store.clock.advance(Duration.ofDays(1));
            }
            history.setRetention(new FileHistory.Retention(4, 0));
            assertThat(history.entries(FILE, "K", 10)).extracting(Entry::version).containsExactly(6, 5, 4, 3);

            history.setRetention(new FileHistory.Retention(10, 2));
            assertThat(history.entries(FILE, "K", 10)).extracting(Entry::version).containsExactly(6, 5);
            store.clock.advance(Duration.ofDays(30));
            history.setRetention(new FileHistory.Retention(10, 2));
            assertThat(history.entries(FILE, "K", 10)).as("the newest version and the one it replaced are always kept")
                    .extracting(Entry::version).containsExactly(6, 5);
            history.append(FILE, "K", List.of(new FileHistory.Change("set", "v7")));
            assertThat(history.entries(FILE, "K", 10)).extracting(Entry::version).containsExactly(7, 6);
            assertThatThrownBy(() -> new FileHistory.Retention(0, 0)).hasMessageContaining("between 1 and 1000");
        }
    }

    @Test
    void reencryptingTheCredentialsReencryptsTheHistoryInTheSameTransaction() throws Exception {
        try (Fixture store = new Fixture(dir)) {
            AtomicReference<CredentialEncryption> ring = new AtomicReference<>(CredentialEncryption.of(Fixture.KEY_A));
            SecretHistoryStore history = new SecretHistoryStore(store.database, ring::get, store.clock, "alice");
            history.append(FILE, "HF_TOKEN", List.of(new FileHistory.Change("set", CANARY), new FileHistory.Change("delete", null)));
            store.credentials.set("replicate", "api_token", "r8_x");

            CredentialEncryption rotated = CredentialEncryption.of(Fixture.KEY_B, Fixture.KEY_A);
            store.credentials.reencryptAll(rotated, null);
            ring.set(CredentialEncryption.of(Fixture.KEY_B));

            assertThat(history.entries(FILE, "HF_TOKEN", 10).get(1).value().equals(CANARY)).as("opens with the new key alone").isTrue();
            try (Connection raw = store.rawConnection(); Statement s = raw.createStatement();
                    ResultSet rows = s.executeQuery("SELECT key_id FROM secret_history WHERE encrypted_value IS NOT NULL")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo(Fixture.KEY_B.id());
            }
            assertThat(store.audit.recent(1).get(0).details()).contains("\"history_reencrypted\": 1");
            ring.set(CredentialEncryption.of(Fixture.KEY_A));
            assertThat(history.entries(FILE, "HF_TOKEN", 10).get(1).readable()).as("the old key alone no longer opens it").isFalse();
        }
    }
}
