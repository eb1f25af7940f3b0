package io.secretdesk.core.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.edit.EditException;
import io.secretdesk.core.secrets.edit.KeyVersion;
import io.secretdesk.core.store.AuditEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's file writes ({@link SecretWrites}) over the real composition ({@link Services}): a secrets file, the
 * console database and SimpleTuner's audit.db in a temp home. They go through the editing service, so they keep the
 * same history, audit entry and cache rule as the CLI's {@code set}.
 */
class SecretWritesTest {

    private static final String CANARY = "hf_writesCanary_7d21e";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private Services services;
    private SimpleTunerHome home;
    private Path file;

    @BeforeEach
    void open() throws IOException {
        home = SimpleTunerHome.underUserHome(dir);
        file = home.dir().resolve("secrets.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"HF_TOKEN\": \"" + CANARY + "\"}");
        env.put("SECRETDESK_DB", dir.resolve("console.db").toString());
        env.put("SIMPLETUNER_CREDENTIAL_KEY", "secret-writes-test-credential-key");
        env.put("SIMPLETUNER_AUDIT_KEY", "secret-writes-test-audit-key");
    }

    @AfterEach
    void close() {
        if (services != null) {
            services.close();
        }
    }

    private Services services() {
        if (services == null) {
            services = new Services(env, home);
        }
        return services;
    }

    /** console.db with its write-ahead log, as text (Latin-1 keeps every byte). */
    private String databaseBytes() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : List.of("console.db", "console.db-wal")) {
            Path part = dir.resolve(name);
            if (Files.exists(part)) {
                all.append(new String(Files.readAllBytes(part), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private List<AuditEntry> newest(int n) {
        List<AuditEntry> entries = new ArrayList<>(services().audit().recent(n));
        Collections.reverse(entries);
        return entries;
    }

    @Test
    void aConsoleWriteKeepsTheValueItReplacesInTheFilesHistoryLikeTheCli() throws IOException {
        SecretWrites writes = services().secretWrites("secrets-view");

        SecretsManager.WriteOutcome outcome = writes.set("HF_TOKEN", "hf_second");

        assertThat(outcome.file()).isEqualTo(file);
        assertThat(outcome.effective()).isTrue();
        List<KeyVersion> versions = services().secretEdits().history("HF_TOKEN", "file", 10);
        assertThat(versions).extracting(KeyVersion::state).containsExactly(KeyVersion.State.CURRENT, KeyVersion.State.OLDER);
        assertThat(versions.get(0).value()).isEqualTo("hf_second");
        assertThat(versions.get(1).value().equals(CANARY)).as("the replaced value is kept").isTrue();
        assertThat(versions.get(1).who()).isEqualTo("(outside SecretDesk)");
        assertThat(databaseBytes()).as("kept encrypted: the database files never hold the value in plain").doesNotContain(CANARY);
    }

    @Test
    void oneAuditEntryPerWriteWithTheKeyTheFileAndWhoWroteItButNeverTheValue() {
        SecretWrites writes = services().secretWrites("provider-config-view");

        writes.set("REPLICATE_API_TOKEN", "r8_firstToken");
        writes.delete("HF_TOKEN");

        List<AuditEntry> entries = newest(5);
        assertThat(entries).extracting(AuditEntry::action).containsExactly(SecretWrites.DELETE, SecretWrites.SET);
        assertThat(entries).extracting(AuditEntry::target).containsExactly("secret:HF_TOKEN", "secret:REPLICATE_API_TOKEN");
        assertThat(entries.get(1).details()).contains(file.toString(), "provider-config-view", "\"source\"");
        assertThat(entries.toString() + entries.get(0).details() + entries.get(1).details())
                .doesNotContain(CANARY, "r8_firstToken");
        assertThat(services().audit().verifyChain().intact()).isTrue();
        assertThat(services().secretEdits().history("HF_TOKEN", "file", 10).get(0).labels()).contains("delete");
    }

    @Test
    void aDeleteOfAKeyTheFileDoesNotHoldChangesNothingAndRecordsNothing() throws IOException {
        SecretWrites writes = services().secretWrites("secrets-view");
        String before = Files.readString(file);

        SecretsManager.DeleteOutcome outcome = writes.delete("NOT_THERE");

        assertThat(outcome.removed()).isFalse();
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(services().audit().recent(5)).isEmpty();
    }

    @Test
    void aWriteThatCouldNotBeAuditedIsRefusedBeforeTheFileIsTouched() throws IOException {
        env.put("SIMPLETUNER_AUDIT_KEY", "");
        Files.createDirectories(home.auditKeyFile()); // a folder where the key file should be: the key cannot be read
        String before = Files.readString(file);

        assertThatThrownBy(() -> services().secretWrites("secrets-view").set("HF_TOKEN", "hf_never_written"))
                .hasMessageNotContaining("hf_never_written");

        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(services().secretEdits().history("HF_TOKEN", "file", 10))
                .as("no history row for a write that was not made").extracting(KeyVersion::id).containsExactly("current");
    }

    @Test
    void theWriteForgetsTheChainsCachedAnswerSoTheNextGetSeesTheNewValue() {
        assertThat(services().secrets().get("HF_TOKEN").map(CANARY::equals)).contains(true); // now cached

        services().secretWrites("secrets-view").set("HF_TOKEN", "hf_fresh");

        assertThat(services().secrets().get("HF_TOKEN")).contains("hf_fresh");
    }

    @Test
    void anAddAgainstWhatWasReadRefusesAKeySomeoneElseWroteMeanwhile() throws IOException {
        SecretWrites writes = services().secretWrites("secrets-view");
        SecretWrites.Existing read = writes.existing("WANDB_API_KEY");
        assertThat(read.exists()).isFalse();
        Files.writeString(file, "{\"HF_TOKEN\": \"" + CANARY + "\", \"WANDB_API_KEY\": \"w-theirs\"}"); // another program

        assertThatThrownBy(() -> writes.set("WANDB_API_KEY", "w-mine", read)).isInstanceOf(EditException.Conflict.class)
                .hasMessageContaining("changed by someone else").hasMessageNotContaining("w-mine").hasMessageNotContaining("w-theirs");

        assertThat(Files.readString(file)).contains("w-theirs").doesNotContain("w-mine");
    }

    @Test
    void existingNamesEverySourceThatHoldsTheKeyInChainOrder() {
        env.put("HF_TOKEN", "hf_fromTheEnvironment");

        SecretWrites.Existing existing = services().secretWrites("secrets-view").existing("HF_TOKEN");

        assertThat(existing.holders()).extracting(o -> o.provider()).containsExactly("env", "file");
        assertThat(existing.where()).isEqualTo("the environment (variable HF_TOKEN) and the secrets file (" + file
                + " [HF_TOKEN])");
        assertThat(existing.toString() + existing.where()).doesNotContain(CANARY, "hf_fromTheEnvironment");
    }

    @Test
    void aSourceSetUpButDownIsNamedAsNotAskedSoAnAddNeverClaimsTheKeyIsNew() throws IOException {
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            env.put("VAULT_ADDR", "http://127.0.0.1:" + closed.getLocalPort());
        } // closed now: connections are refused
        env.put("VAULT_TOKEN", "s.test-token");
        env.put("SIMPLETUNER_VAULT_PATH", "simpletuner");

        SecretWrites.Existing existing = services().secretWrites("secrets-view").existing("WANDB_API_KEY");

        assertThat(existing.exists()).isFalse();
        assertThat(existing.unanswered()).containsExactly("vault");
        assertThat(existing.unansweredText()).isEqualTo("vault could not be asked");
    }

    @Test
    void reloadingTheChainGivesTheEditsTheNewChain() {
        SecretsManager first = services().secretEdits().chain();

        services().reloadChain();

        assertThat(services().secretEdits().chain()).isNotSameAs(first).isSameAs(services().secrets());
    }
}
