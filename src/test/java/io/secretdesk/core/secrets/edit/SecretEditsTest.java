package io.secretdesk.core.secrets.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.env.EnvironmentSecretProvider;
import io.secretdesk.core.secrets.file.FileSecretProvider;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditKey;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.SimpleTunerSchema;
import io.secretdesk.core.store.AuditTrail;
import io.secretdesk.core.store.Database;
import io.secretdesk.core.store.SecretHistoryStore;
import io.secretdesk.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editing service over a real secrets file, a real console database and the environment. */
class SecretEditsTest {

    private static final CredentialKey KEY = CredentialKey.derive("secret-edits-test-key");
    private static final String CANARY = "hf_editsCanary_51c0";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07Z"));
    private Database database;
    private Database auditDb;
    private AuditLog audit;
    private SecretHistoryStore history;
    private FileSecretProvider file;
    private SecretsManager chain;
    private SecretEdits edits;

    @BeforeEach
    void open() {
        database = Database.open(dir.resolve("console.db"));
        auditDb = Database.openSimpleTuner(dir.resolve("audit.db"), SimpleTunerSchema.AUDIT, Duration.ofSeconds(5));
        audit = new AuditLog(() -> auditDb, new AuditKey(Map.of(AuditKey.VARIABLE, "audit-secret"), dir.resolve("audit.key")),
                null, clock, "alice");
        history = new SecretHistoryStore(database, () -> CredentialEncryption.of(KEY), clock, "alice");
        file = new FileSecretProvider(dir.resolve("secrets.json"));
        chain = new SecretsManager(List.of(new EnvironmentSecretProvider("", Map.of("ENV_ONLY", "e", "SHARED", "same",
                "SPLIT", "env-value")), file));
        edits = new SecretEdits(chain, history, new AuditTrail(audit));
    }

    @AfterEach
    void close() {
        chain.close();
        database.close();
        auditDb.close();
    }

    @Test
    void everyWriteKeepsThePreviousValueAsAVersionWithTimeAndWho() throws Exception {
        Files.writeString(dir.resolve("secrets.json"), "{\"HF_TOKEN\": \"hf_by_hand\"}");
        edits.set("HF_TOKEN", CANARY, "file", null, false);
        clock.advance(Duration.ofMinutes(3));
        edits.set("HF_TOKEN", "hf_third", "file", null, false);

        List<KeyVersion> versions = edits.history("HF_TOKEN", "file", 10);

        assertThat(versions).extracting(KeyVersion::id).containsExactly("3", "2", "1");
        assertThat(versions).extracting(KeyVersion::state).containsExactly(KeyVersion.State.CURRENT, KeyVersion.State.OLDER,
                KeyVersion.State.OLDER);
        assertThat(versions.get(0).value()).isEqualTo("hf_third");
        assertThat(versions.get(1).value().equals(CANARY)).isTrue();
        assertThat(versions.get(2).value()).isEqualTo("hf_by_hand");
        assertThat(versions.get(2).who()).isEqualTo("(outside SecretDesk)");
        assertThat(versions.get(0).who()).isEqualTo("alice");
        assertThat(versions.get(0).created()).isEqualTo(versions.get(1).created().plus(Duration.ofMinutes(3)));
        assertThat(audit.recent(5)).extracting(AuditEntry::target).contains("secret:HF_TOKEN");
        assertThat(audit.recent(5).toString()).doesNotContain(CANARY, "hf_third", "hf_by_hand");
    }

    @Test
    void aValueChangedOutsideSecretDeskShowsAsTheCurrentVersionAndIsKeptByTheNextWrite() throws Exception {
        edits.set("HF_TOKEN", "hf_one", "file", null, false);
        Files.writeString(dir.resolve("secrets.json"), "{\"HF_TOKEN\": \"hf_edited_by_hand\"}");
        file.refresh();

        assertThat(edits.history("HF_TOKEN", "file", 10)).extracting(KeyVersion::id).containsExactly("current", "1");
        edits.set("HF_TOKEN", "hf_two", "file", null, false);
        assertThat(edits.history("HF_TOKEN", "file", 10)).extracting(KeyVersion::value)
                .containsExactly("hf_two", "hf_edited_by_hand", "hf_one");
    }

    @Test
    void aWriteBasedOnAStaleValueOfTheKeyIsAConflictAndRecordsNothing() {
        edits.set("HF_TOKEN", "hf_one", "file", null, false);
        edits.set("OTHER", "x", "file", null, false);
        SourceState opened = edits.source("file").read();
        edits.set("HF_TOKEN", "hf_colleague", "file", null, false);
        int before = edits.history("HF_TOKEN", "file", 10).size();

        assertThatThrownBy(() -> edits.set("HF_TOKEN", CANARY, "file", opened, false))
                .isInstanceOf(EditException.Conflict.class)
                .hasMessageContaining("changed by someone else since you opened it")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY, "hf_colleague"));

        assertThat(chain.get("HF_TOKEN")).hasValue("hf_colleague");
        assertThat(edits.history("HF_TOKEN", "file", 10)).hasSize(before);
        edits.set("OTHER", "y", "file", opened, false);
        assertThat(chain.get("OTHER")).as("another key changed meanwhile is no conflict for this key").hasValue("y");
    }

    @Test
    void restoreWritesAnOldValueAsANewVersionAndDiffNeverShowsValues() {
        edits.set("HF_TOKEN", "hf_aaaa1111", "file", null, false);
        edits.set("HF_TOKEN", "hf_aaaa2222", "file", null, false);

        SecretEdits.WriteResult restored = edits.restore("HF_TOKEN", "file", "1", false);

        assertThat(chain.get("HF_TOKEN")).hasValue("hf_aaaa1111");
        assertThat(restored.written().toVersion()).isEqualTo("3");
        assertThat(edits.history("HF_TOKEN", "file", 10).get(0).labels()).containsExactly("restore");
        ValueDiff diff = edits.diff("HF_TOKEN", new SecretEdits.Ref("file", "2"), new SecretEdits.Ref("file", null));
        assertThat(diff.summary()).isEqualTo("changed, same length (11), first 7 characters kept");
        assertThat(edits.diff("HF_TOKEN", new SecretEdits.Ref("file", "1"), new SecretEdits.Ref("file", "3")).summary())
                .isEqualTo("same value (11 characters)");
        assertThatThrownBy(() -> edits.restore("HF_TOKEN", "file", "3", false)).hasMessageContaining("already holds");
        assertThatThrownBy(() -> edits.restore("HF_TOKEN", "file", "99", false)).hasMessageContaining("has no version 99");
    }

    @Test
    void deleteSaysWhoSuppliesTheKeyAfterwardsAndCanBeRestored() {
        edits.set("SPLIT", "file-value", "file", null, false);
        assertThat(edits.holders("SPLIT")).extracting(o -> o.provider()).containsExactly("env", "file");
        assertThat(edits.supplierAfterDelete("SPLIT", "file")).map(o -> o.provider()).hasValue("env");
        assertThat(edits.supplierAfterDelete("HF_NONE", "file")).isEmpty();

        edits.delete("SPLIT", "file", null, false);
        assertThat(file.lookup("SPLIT")).isEqualTo(io.secretdesk.core.secrets.Lookup.MISSING);
        assertThatThrownBy(() -> edits.delete("SPLIT", "file", null, false)).hasMessageContaining("is not in");
        edits.restore("SPLIT", "file", "1", false);
        assertThat(file.lookup("SPLIT")).isInstanceOf(io.secretdesk.core.secrets.Lookup.Found.class);
    }

    @Test
    void theDefaultTargetIsTheSupplierWhenEditableElseTheFile() {
        edits.set("FILE_KEY", "v", "file", null, false);
        assertThat(edits.defaultTarget(chain.resolve("FILE_KEY"))).isEqualTo("file");
        assertThat(edits.defaultTarget(chain.resolve("ENV_ONLY"))).isEqualTo("file");
        assertThat(edits.sources()).containsExactly("file");
        assertThatThrownBy(() -> edits.source("env")).hasMessageContaining("environment variables are set where the process starts");
        assertThatThrownBy(() -> edits.set("K", "", "file", null, false)).hasMessageContaining("empty value");
    }

    @Test
    void driftGroupsEqualValuesByLetterAndFlagsDifferencesAndGaps() {
        edits.set("SHARED", "same", "file", null, false);
        edits.set("SPLIT", "file-value", "file", null, false);
        edits.set("FILE_ONLY", CANARY, "file", null, false);

        Drift drift = edits.drift();

        Map<String, Drift.Row> rows = new java.util.HashMap<>();
        drift.rows().forEach(r -> rows.put(r.key(), r));
        assertThat(rows.get("SHARED").cells()).containsEntry("env", "A").containsEntry("file", "A");
        assertThat(rows.get("SHARED").drifted()).isFalse();
        assertThat(rows.get("SPLIT").cells()).containsEntry("env", "A").containsEntry("file", "B");
        assertThat(rows.get("SPLIT").drifted()).isTrue();
        assertThat(rows.get("FILE_ONLY").cells()).containsEntry("env", Drift.MISSING).containsEntry("file", "A");
        assertThat(rows.get("FILE_ONLY").drifted()).as("a key the environment lacks is not drift").isFalse();
        assertThat(drift.toString()).doesNotContain(CANARY, "file-value", "same\"");
    }
}
