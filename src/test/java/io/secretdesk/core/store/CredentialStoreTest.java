package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.DecryptionException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {

    private static final CredentialKey KEY_C = CredentialKey.derive("test-master-secret-C");

    @TempDir
    Path dir;

    @Test
    void setThenGetRoundTripsAndTheRowHoldsOnlyCiphertextAndTheKeyId() throws Exception {
        try (Fixture store = new Fixture(dir)) {
            assertThat(store.credentials.set("replicate", "api_token", "r8_plain_value")).isTrue();
            assertThat(store.credentials.get("replicate", "api_token").orElseThrow().equals("r8_plain_value"))
                    .as("value round-trips").isTrue();
            String row = AuditLogTest.dump(store, "credentials");
            assertThat(row.contains("r8_plain_value")).as("plaintext in the credentials table").isFalse();
            assertThat(row).contains(Fixture.KEY_A.id());
            try (Connection raw = store.rawConnection(); Statement s = raw.createStatement();
                    ResultSet rows = s.executeQuery("SELECT encrypted_value FROM credentials")) {
                rows.next();
                assertThat(CredentialEncryption.of(Fixture.KEY_A).decrypt(rows.getString(1)).equals("r8_plain_value")).isTrue();
            }
        }
    }

    @Test
    void metadataTracksCreationUpdateUseAndActivity() {
        try (Fixture store = new Fixture(dir)) {
            store.credentials.set("replicate", "api_token", "v1");
            store.clock.advance(Duration.ofMinutes(1));
            assertThat(store.credentials.set("replicate", "api_token", "v2")).isFalse();
            store.clock.advance(Duration.ofMinutes(1));
            store.credentials.get("replicate", "api_token");

            CredentialStore.CredentialInfo info = store.credentials.info("replicate", "api_token").orElseThrow();
            assertThat(info.createdAt()).isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05.123456Z"));
            assertThat(info.updatedAt()).isEqualTo(info.createdAt().plus(Duration.ofMinutes(1)));
            assertThat(info.lastUsedAt()).hasValue(info.createdAt().plus(Duration.ofMinutes(2)));
            assertThat(info.active()).isTrue();
            assertThat(info.keyId()).isEqualTo(Fixture.KEY_A.id());
            assertThat(info.toString()).doesNotContain("v2");

            assertThat(store.credentials.deactivate("replicate", "api_token")).isTrue();
            assertThat(store.credentials.deactivate("replicate", "api_token")).isFalse();
            assertThat(store.credentials.get("replicate", "api_token")).isEmpty();
            assertThat(store.credentials.list()).singleElement().extracting(CredentialStore.CredentialInfo::active).isEqualTo(false);
            store.credentials.set("replicate", "api_token", "v3");
            assertThat(store.credentials.get("replicate", "api_token")).isPresent();

            assertThat(store.credentials.delete("replicate", "api_token")).isTrue();
            assertThat(store.credentials.delete("replicate", "api_token")).isFalse();
            assertThat(store.credentials.info("replicate", "api_token")).isEmpty();
        }
    }

    @Test
    void listingsAreSortedAndFilterableByProvider() {
        try (Fixture store = new Fixture(dir)) {
            store.credentials.set("runpod", "key", "1");
            store.credentials.set("replicate", "b", "2");
            store.credentials.set("replicate", "a", "3");
            assertThat(store.credentials.list()).extracting(i -> i.provider() + "/" + i.name())
                    .containsExactly("replicate/a", "replicate/b", "runpod/key");
            assertThat(store.credentials.list("runpod")).extracting(CredentialStore.CredentialInfo::name).containsExactly("key");
            assertThat(store.credentials.list("nobody")).isEmpty();
        }
    }

    @Test
    void badNamesAndEmptyValuesAreRefused() {
        try (Fixture store = new Fixture(dir)) {
            assertThatThrownBy(() -> store.credentials.set("", "n", "v")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid provider");
            assertThatThrownBy(() -> store.credentials.set("p", "has space", "v")).hasMessageContaining("invalid credential name");
            assertThatThrownBy(() -> store.credentials.set("p", "n", "")).hasMessageContaining("empty value for p/n");
            assertThat(store.credentials.count()).isZero();
        }
    }

    @Test
    void importIsAllOrNothing() {
        try (Fixture store = new Fixture(dir)) {
            store.credentials.set("replicate", "existing", "old");
            List<CredentialStore.NewCredential> bad = List.of(
                    new CredentialStore.NewCredential("replicate", "a", "1"),
                    new CredentialStore.NewCredential("replicate", "b", ""));
            assertThatThrownBy(() -> store.credentials.importAll(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("entry 2").hasMessageContaining("nothing was imported");
            List<CredentialStore.NewCredential> twice = List.of(
                    new CredentialStore.NewCredential("replicate", "a", "1"),
                    new CredentialStore.NewCredential("replicate", "a", "2"));
            assertThatThrownBy(() -> store.credentials.importAll(twice)).hasMessageContaining("appears twice");
            assertThat(store.credentials.count()).isEqualTo(1);

            List<CredentialStore.NewCredential> good = List.of(
                    new CredentialStore.NewCredential("replicate", "existing", "new"),
                    new CredentialStore.NewCredential("runpod", "api_key", "rp_1"));
            assertThat(store.credentials.importAll(good)).isEqualTo(1);
            assertThat(store.credentials.get("replicate", "existing").orElseThrow().equals("new")).isTrue();
            assertThat(store.audit.recent(10)).extracting(AuditEntry::action)
                    .containsExactly("credential.set", "credential.import", "credential.import");
            assertThat(good.get(0).toString()).doesNotContain("new]").contains("<hidden>");
        }
    }

    @Test
    void aWrongMasterKeyFailsClearlyAndDestroysNothing() throws Exception {
        Path file = dir.resolve("console.db");
        String rowBefore;
        try (Fixture store = new Fixture(dir)) {
            store.credentials.set("replicate", "api_token", "r8_keep_me");
            rowBefore = AuditLogTest.dump(store, "credentials");
        }
        try (Fixture wrong = new Fixture(file, "audit-secret", CredentialEncryption.of(Fixture.KEY_B))) {
            assertThatThrownBy(() -> wrong.credentials.get("replicate", "api_token"))
                    .isInstanceOf(DecryptionException.class)
                    .hasMessageContaining("Credential replicate/api_token")
                    .hasMessageContaining("does not decrypt with the current master key");
            assertThat(wrong.credentials.list()).hasSize(1);
            assertThat(wrong.credentials.checkAll(wrong.credentials.encryption())).singleElement()
                    .satisfies(check -> assertThat(check.decrypts()).isFalse());
            CredentialStore.Reencryption result = wrong.credentials.reencryptAll(wrong.credentials.encryption(), null);
            assertThat(result.undecryptable()).hasSize(1);
            assertThat(result.reencrypted()).isZero();
            assertThat(AuditLogTest.dump(wrong, "credentials")).isEqualTo(rowBefore);
        }
        try (Fixture right = new Fixture(dir)) {
            assertThat(right.credentials.get("replicate", "api_token").orElseThrow().equals("r8_keep_me")).isTrue();
        }
    }

    @Test
    void reencryptionMovesEveryDecryptableRowToThePrimaryKeyInOneAuditedStep() {
        try (Fixture store = new Fixture(dir)) {
            for (int i = 0; i < 20; i++) {
                store.credentials.set("replicate", "token" + i, "value-" + i);
            }
            store.credentials.useEncryption(CredentialEncryption.of(KEY_C));
            store.credentials.set("stray", "made_with_c", "c-value"); // no ring below opens this one
            store.credentials.useEncryption(CredentialEncryption.of(Fixture.KEY_A));

            CredentialEncryption rotated = CredentialEncryption.of(Fixture.KEY_A).withPrimary(Fixture.KEY_B);
            List<int[]> progress = new ArrayList<>();
            CredentialStore.Reencryption result = store.credentials.reencryptAll(rotated, (done, total) -> progress.add(new int[] {done, total}));
            assertThat(result.reencrypted()).isEqualTo(20);
            assertThat(result.alreadyCurrent()).isZero();
            assertThat(result.undecryptable()).extracting(CredentialStore.CredentialInfo::name).containsExactly("made_with_c");
            assertThat(progress).hasSize(21);
            assertThat(progress.get(20)).containsExactly(21, 21);

            List<CredentialStore.RowCheck> checks = store.credentials.checkAll(CredentialEncryption.of(Fixture.KEY_B));
            assertThat(checks).filteredOn(CredentialStore.RowCheck::decrypts).hasSize(20)
                    .allSatisfy(check -> {
                        assertThat(check.openedBy()).hasValue(Fixture.KEY_B.id());
                        assertThat(check.credential().keyId()).isEqualTo(Fixture.KEY_B.id());
                    });
            store.credentials.useEncryption(CredentialEncryption.of(Fixture.KEY_B));
            assertThat(store.credentials.get("replicate", "token7").orElseThrow().equals("value-7")).isTrue();

            AuditEntry entry = store.audit.recent(1).get(0);
            assertThat(entry.action()).isEqualTo("credential.reencrypt");
            assertThat(entry.details()).contains("\"reencrypted\": 20", "\"to_key_id\": \"" + Fixture.KEY_B.id() + "\"",
                    "\"" + Fixture.KEY_A.id() + "\": 20");

            CredentialStore.Reencryption again = store.credentials.reencryptAll(rotated, null);
            assertThat(again.reencrypted()).isZero();
            assertThat(again.alreadyCurrent()).isEqualTo(20);
        }
    }

    @Test
    void reencryptionInsideAFailingTransactionChangesNothing() throws Exception {
        try (Fixture store = new Fixture(dir)) {
            store.credentials.set("replicate", "api_token", "v");
            String before = AuditLogTest.dump(store, "credentials");
            assertThatThrownBy(() -> store.database.inTransaction(() -> {
                store.credentials.reencryptAll(CredentialEncryption.of(Fixture.KEY_A).withPrimary(Fixture.KEY_B), null);
                throw new IllegalStateException("crash before commit");
            })).hasMessage("crash before commit");
            assertThat(AuditLogTest.dump(store, "credentials")).isEqualTo(before);
            assertThat(store.audit.recent(5)).extracting(AuditEntry::action).containsExactly("credential.set");
        }
    }

    @Test
    void auditEntriesNeverHoldValues() throws Exception {
        try (Fixture store = new Fixture(dir)) {
            store.credentials.set("replicate", "api_token", "r8_never_in_audit");
            store.credentials.importAll(List.of(new CredentialStore.NewCredential("runpod", "k", "rp_never_in_audit")));
            store.credentials.deactivate("replicate", "api_token");
            store.credentials.delete("runpod", "k");
            String audit = AuditLogTest.dump(store, "audit_log");
            assertThat(audit).contains("|credential|replicate/api_token|");
            assertThat(audit.contains("never_in_audit")).as("a value in the audit log").isFalse();
        }
    }
}
