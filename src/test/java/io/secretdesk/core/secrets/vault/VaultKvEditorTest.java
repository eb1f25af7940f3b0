package io.secretdesk.core.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.secrets.edit.EditException;
import io.secretdesk.core.secrets.edit.EditableSource;
import io.secretdesk.core.secrets.edit.EditableSource.VersionOperation;
import io.secretdesk.core.secrets.edit.KeyVersion;
import io.secretdesk.core.secrets.edit.SourceState;
import io.secretdesk.testing.VaultKvTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import io.secretdesk.testing.CuttingProxy;

/** The Vault editor against the loopback Vault server: check-and-set writes, versions, conflicts, 403s and KV v1. */
@Tag("slow")
class VaultKvEditorTest {

    private static final String CANARY = "hvs-canary-Value-7f3a";
    private final HttpClient http = HttpClient.newHttpClient();
    private VaultKvTestServer vault;

    @BeforeEach
    void start() {
        vault = VaultKvTestServer.start().mount("secret", 2).mount("legacy", 1);
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private EditableSource editor(String mount, String token) {
        return new HashiCorpVaultProvider(VaultSettings.of(vault.url(), token, "simpletuner", mount)).editor();
    }

    private JsonNode stored(String mount) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(vault.url() + "/v1/" + mount + "/data/simpletuner"))
                .header("X-Vault-Token", vault.rootToken()).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body()).at("/data/data");
    }

    @Test
    void aWriteChangesOneKeyWithCasAndKeepsEveryOtherValueExactly() throws Exception {
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "hf_old", "PORT", 8080, "RATIO", 1.50,
                "nested", Map.of("a", List.of(1, 2))));
        EditableSource editor = editor("secret", vault.rootToken());
        SourceState basis = editor.read();
        assertThat(basis.version()).isEqualTo("1");
        assertThat(basis.notText()).containsOnlyKeys("nested");

        EditableSource.Written written = editor.write("HF_TOKEN", CANARY, basis, false);

        assertThat(written.fromVersion()).isEqualTo("1");
        assertThat(written.toVersion()).isEqualTo("2");
        JsonNode data = stored("secret");
        assertThat(data.get("HF_TOKEN").asText().equals(CANARY)).as("HF_TOKEN holds the new value").isTrue();
        assertThat(data.get("PORT").isInt()).isTrue();
        assertThat(data.get("PORT").asInt()).isEqualTo(8080);
        assertThat(data.get("RATIO").isNumber()).isTrue();
        assertThat(data.at("/nested/a").toString()).isEqualTo("[1,2]");
        assertThat(vault.requests()).anySatisfy(r -> assertThat(r.method()).isEqualTo("POST"));
    }

    @Test
    void aSecondWriterBasedOnTheSameVersionGetsAConflictAndTheFirstWriteStays() throws Exception {
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "hf_old", "OTHER", "x"));
        EditableSource alice = editor("secret", vault.rootToken());
        EditableSource bob = editor("secret", vault.rootToken());
        SourceState aliceOpened = alice.read();
        SourceState bobOpened = bob.read();

        alice.write("HF_TOKEN", "hf_alice", aliceOpened, false);

        assertThatThrownBy(() -> bob.write("OTHER", "bob", bobOpened, false))
                .isInstanceOfSatisfying(EditException.Conflict.class, conflict -> {
                    assertThat(conflict.yourVersion()).isEqualTo("1");
                    assertThat(conflict.theirVersion()).isEqualTo("2");
                    assertThat(conflict.getMessage()).contains("changed by someone else since you opened it", "nothing was written");
                });
        assertThat(stored("secret").get("HF_TOKEN").asText()).isEqualTo("hf_alice");
        assertThat(stored("secret").get("OTHER").asText()).isEqualTo("x");
        assertThat(vault.currentVersion("secret", "simpletuner")).isEqualTo(2);
    }

    @Test
    void manyWritersAtOnceLoseNothing() throws Exception {
        vault.put("secret", "simpletuner", Map.of("SEED", "s"));
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String key = "KEY_" + i;
                done.add(pool.submit(() -> {
                    EditableSource editor = editor("secret", vault.rootToken());
                    go.await();
                    // An operator who sees the conflict reopens the key and saves again: never a blind retry of old data.
                    for (int attempt = 0; attempt < 50; attempt++) {
                        try {
                            editor.write(key, "v", editor.read(), false);
                            return null;
                        } catch (EditException.Conflict conflict) {
                            conflicts.incrementAndGet();
                        }
                    }
                    throw new AssertionError(key + " never got written");
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode data = stored("secret");
        for (int i = 0; i < writers; i++) {
            assertThat(data.has("KEY_" + i)).as("KEY_%d kept", i).isTrue();
        }
        assertThat(data.has("SEED")).isTrue();
        assertThat(vault.currentVersion("secret", "simpletuner")).isEqualTo(writers + 1);
        System.out.println("VaultKvEditorTest: " + writers + " concurrent writers, " + conflicts.get()
                + " conflicts detected, " + writers + "/" + writers + " keys kept");
    }

    @Test
    void versionsListEachVersionWithItsStateAndTheKeysValueThere() {
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "one"));
        vault.put("secret", "simpletuner", Map.of("OTHER", "x"));
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "three"));
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "four"));
        EditableSource editor = editor("secret", vault.rootToken());
        editor.versionOperation(VersionOperation.DELETE, "3");

        List<KeyVersion> versions = editor.versions("HF_TOKEN", 10);

        assertThat(versions).extracting(KeyVersion::id).containsExactly("4", "3", "2", "1");
        assertThat(versions).extracting(KeyVersion::state).containsExactly(KeyVersion.State.CURRENT,
                KeyVersion.State.DELETED, KeyVersion.State.OLDER, KeyVersion.State.OLDER);
        assertThat(versions.get(0).value()).isEqualTo("four");
        assertThat(versions.get(1).value()).isNull();
        assertThat(versions.get(2).holdsKey()).isFalse();
        assertThat(versions.get(3).value()).isEqualTo("one");
        assertThat(versions.get(0).created()).isNotNull();
        assertThat(versions.toString()).doesNotContain("four", "one");

        editor.versionOperation(VersionOperation.UNDELETE, "3");
        assertThat(editor.versions("HF_TOKEN", 10).get(1).value()).isEqualTo("three");
        editor.versionOperation(VersionOperation.DESTROY, "1");
        assertThat(editor.versions("HF_TOKEN", 10).get(3).state()).isEqualTo(KeyVersion.State.DESTROYED);
        assertThat(editor.versions("HF_TOKEN", 2)).hasSize(2);
    }

    @Test
    void removingAKeyWritesAVersionWithoutItAndTheOldVersionStillHoldsIt() throws Exception {
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "hf_keep", "OTHER", "x"));
        EditableSource editor = editor("secret", vault.rootToken());
        editor.write("HF_TOKEN", null, editor.read(), false);

        assertThat(stored("secret").has("HF_TOKEN")).isFalse();
        assertThat(stored("secret").get("OTHER").asText()).isEqualTo("x");
        assertThat(editor.versions("HF_TOKEN", 5).get(1).value()).isEqualTo("hf_keep");
    }

    @Test
    void aFirstWriteCreatesTheSecretWithCasZero() throws Exception {
        EditableSource editor = editor("secret", vault.rootToken());
        SourceState empty = editor.read();
        assertThat(empty.version()).isEqualTo(SourceState.ABSENT);

        editor.write("HF_TOKEN", "hf_new", empty, false);

        assertThat(stored("secret").get("HF_TOKEN").asText()).isEqualTo("hf_new");
        assertThatThrownBy(() -> editor.write("HF_TOKEN", "again", empty, false)).isInstanceOf(EditException.Conflict.class);
    }

    @Test
    void aVaultThatGoesAwayMidWriteWritesNothingAndSaysSoInOneLine() throws Exception {
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "hf_old", "OTHER", "x"));
        try (CuttingProxy proxy = CuttingProxy.inFrontOf(URI.create(vault.url()))) {
            EditableSource editor = new HashiCorpVaultProvider(VaultSettings.of(proxy.url(), vault.rootToken(), "simpletuner",
                    "secret")).editor();
            SourceState basis = editor.read();
            proxy.cutMethod("POST"); // the read went through; the write's connection just ends

            assertThatThrownBy(() -> editor.write("HF_TOKEN", CANARY, basis, false)).isInstanceOf(EditException.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith("writing to Vault at " + proxy.url())
                            .contains("secret/simpletuner is still at version 1: nothing was written")
                            .doesNotContain(CANARY).doesNotContain("\n"));

            assertThat(proxy.cutCount()).isPositive();
            assertThat(vault.currentVersion("secret", "simpletuner")).isEqualTo(1);
            assertThat(stored("secret").get("HF_TOKEN").asText()).isEqualTo("hf_old");
        }
    }

    @Test
    void aVaultSealedBetweenTheReadAndTheWriteWritesNothingAndSaysSo() throws Exception {
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "hf_old"));
        EditableSource editor = editor("secret", vault.rootToken());
        SourceState basis = editor.read();
        vault.sealed(true);

        assertThatThrownBy(() -> editor.write("HF_TOKEN", CANARY, basis, false)).isInstanceOf(EditException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("nothing was written").doesNotContain(CANARY)
                        .doesNotContain("\n"));

        vault.sealed(false);
        assertThat(vault.currentVersion("secret", "simpletuner")).isEqualTo(1);
        assertThat(stored("secret").get("HF_TOKEN").asText()).isEqualTo("hf_old");
    }

    @Test
    void aTokenWithoutUpdateIsDeniedInThoseWords() {
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "hf_old"));
        String readOnly = vault.createPolicyToken("secret/data/simpletuner:read", "sys/*:read");
        EditableSource editor = editor("secret", readOnly);
        SourceState basis = editor.read();

        assertThatThrownBy(() -> editor.write("HF_TOKEN", CANARY, basis, false))
                .isInstanceOf(EditException.Denied.class)
                .hasMessageContaining("HTTP 403 permission denied")
                .hasMessageContaining("create and update on secret/data/simpletuner")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY, readOnly));
        assertThatThrownBy(() -> editor.versions("HF_TOKEN", 5))
                .isInstanceOf(EditException.Denied.class)
                .hasMessageContaining("read on secret/metadata/simpletuner");
    }

    @Test
    void kvVersionOneWarnsAndAsksBeforeAWriteItCannotVersion() {
        vault.put("legacy", "simpletuner", Map.of("HF_TOKEN", "hf_old", "N", 3));
        EditableSource editor = editor("legacy", vault.rootToken());
        SourceState basis = editor.read();
        assertThat(basis.versioned()).isFalse();

        assertThatThrownBy(() -> editor.write("HF_TOKEN", "hf_new", basis, false))
                .isInstanceOf(EditException.Unversioned.class)
                .hasMessageContaining("KV version 1")
                .hasMessageContaining("confirm");
        assertThat(editor.read().value("HF_TOKEN")).isEqualTo("hf_old");

        editor.write("HF_TOKEN", "hf_new", basis, true);
        assertThat(editor.read().value("HF_TOKEN")).isEqualTo("hf_new");
        assertThat(editor.read().value("N")).isEqualTo("3");
        assertThat(editor.versions("HF_TOKEN", 5)).hasSize(1);
    }
}
