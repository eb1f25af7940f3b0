package io.secretdesk.core.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.edit.EditException;
import io.secretdesk.core.secrets.edit.EditableSource;
import io.secretdesk.core.secrets.edit.KeyVersion;
import io.secretdesk.core.secrets.edit.SourceState;
import io.secretdesk.testing.CuttingProxy;
import io.secretdesk.testing.MotoIam;
import io.secretdesk.testing.MotoServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS editor through the real SDK against moto: pending label then UpdateSecretVersionStage with
 * RemoveFromVersionId, so a concurrent write is a conflict, never an overwrite.
 */
@Tag("slow")
class AwsSecretEditorTest {

    private static final String REGION = "us-east-1";
    private static final String NAME = "simpletuner/edit";
    private static final String CANARY = "hf_awsEditorCanary0042";
    private static final Map<String, String> KEYS = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing");
    private static MotoServer moto;
    private static SecretsManagerClient admin;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.shared();
        admin = adminClient(moto.endpoint());
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @BeforeEach
    void emptyMoto() {
        moto.reset();
    }

    private static AwsSecretsManagerProvider provider(URI endpoint, Map<String, String> keys) {
        return new AwsSecretsManagerProvider(new AwsSettings(NAME, REGION).withEndpointOverride(endpoint), keys);
    }

    private static JsonNode current() throws Exception {
        return new ObjectMapper().readTree(admin.getSecretValue(b -> b.secretId(NAME).versionStage("AWSCURRENT")).secretString());
    }

    @Test
    void aWriteBecomesCurrentAndKeepsOtherKeysNumbersAndObjects() throws Exception {
        admin.createSecret(b -> b.name(NAME).secretString("{\"HF_TOKEN\":\"hf_old\",\"PORT\":8080,\"RATIO\":1.50,"
                + "\"nested\":{\"a\":[1,2]},\"off\":false}"));
        try (AwsSecretsManagerProvider provider = provider(moto.endpoint(), KEYS)) {
            EditableSource editor = provider.editor();
            SourceState basis = editor.read();
            assertThat(basis.notText()).containsOnlyKeys("nested");

            EditableSource.Written written = editor.write("HF_TOKEN", CANARY, basis, false);

            assertThat(written.toVersion()).isNotEqualTo(basis.version());
            String text = admin.getSecretValue(b -> b.secretId(NAME).versionStage("AWSCURRENT")).secretString();
            assertThat(text).contains("\"PORT\":8080", "\"RATIO\":1.50", "\"nested\":{\"a\":[1,2]}", "\"off\":false");
            assertThat(current().get("HF_TOKEN").asText().equals(CANARY)).as("the new value is current").isTrue();
            assertThat(((Lookup.Found) provider.lookup("HF_TOKEN")).value().equals(CANARY)).as("the provider reads it").isTrue();
            List<String> labelled = admin.listSecretVersionIds(b -> b.secretId(NAME).includeDeprecated(true)).versions().stream()
                    .flatMap(v -> v.versionStages().stream()).toList();
            assertThat(labelled).contains("AWSCURRENT", "AWSPREVIOUS").doesNotContain(AwsSecretEditor.PENDING_LABEL);
        }
    }

    @Test
    void aSecondWriterBasedOnTheSameVersionGetsAConflictAndNothingIsLost() throws Exception {
        admin.createSecret(b -> b.name(NAME).secretString("{\"HF_TOKEN\":\"hf_old\",\"OTHER\":\"x\"}"));
        try (AwsSecretsManagerProvider alice = provider(moto.endpoint(), KEYS);
             AwsSecretsManagerProvider bob = provider(moto.endpoint(), KEYS)) {
            SourceState aliceOpened = alice.editor().read();
            SourceState bobOpened = bob.editor().read();
            alice.editor().write("HF_TOKEN", "hf_alice", aliceOpened, false);

            assertThatThrownBy(() -> bob.editor().write("OTHER", "bob", bobOpened, false))
                    .isInstanceOfSatisfying(EditException.Conflict.class, conflict -> {
                        assertThat(conflict.yourVersion()).isEqualTo(bobOpened.version());
                        assertThat(conflict.theirVersion()).isNotEqualTo(bobOpened.version());
                    });
            assertThat(current().get("HF_TOKEN").asText()).isEqualTo("hf_alice");
            assertThat(current().get("OTHER").asText()).isEqualTo("x");
        }
    }

    @Test
    void aRaceBetweenPutAndTheStageMoveIsDetectedByRemoveFromVersionId() throws Exception {
        admin.createSecret(b -> b.name(NAME).secretString("{\"A\":\"1\"}"));
        try (AwsSecretsManagerProvider provider = provider(moto.endpoint(), KEYS)) {
            int writers = 5;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger conflicts = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            try {
                for (int i = 0; i < writers; i++) {
                    String key = "KEY_" + i;
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int attempt = 0; attempt < 50; attempt++) {
                            try {
                                provider.editor().write(key, "v", provider.editor().read(), false);
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
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            JsonNode now = current();
            for (int i = 0; i < writers; i++) {
                assertThat(now.has("KEY_" + i)).as("KEY_%d kept", i).isTrue();
            }
            assertThat(now.get("A").asText()).isEqualTo("1");
            long current = admin.listSecretVersionIds(b -> b.secretId(NAME).includeDeprecated(true)).versions().stream()
                    .filter(v -> v.versionStages().contains("AWSCURRENT")).count();
            assertThat(current).as("versions labelled AWSCURRENT").isEqualTo(1);
            System.out.println("AwsSecretEditorTest: " + writers + " concurrent writers, " + conflicts.get()
                    + " conflicts detected, " + writers + "/" + writers + " keys kept");
        }
    }

    @Test
    void versionsListEveryVersionWithStageLabelsAndTheKeysValue() {
        admin.createSecret(b -> b.name(NAME).secretString("{\"HF_TOKEN\":\"one\"}"));
        try (AwsSecretsManagerProvider provider = provider(moto.endpoint(), KEYS)) {
            EditableSource editor = provider.editor();
            editor.write("HF_TOKEN", "two", editor.read(), false);
            editor.write("OTHER", "x", editor.read(), false);
            editor.write("HF_TOKEN", null, editor.read(), false);

            List<KeyVersion> versions = editor.versions("HF_TOKEN", 10);

            assertThat(versions).hasSize(4);
            assertThat(versions.get(0).labels()).contains("AWSCURRENT");
            assertThat(versions.get(0).state()).isEqualTo(KeyVersion.State.CURRENT);
            assertThat(versions.get(0).holdsKey()).isFalse();
            assertThat(versions.get(1).labels()).contains("AWSPREVIOUS");
            assertThat(versions.stream().map(KeyVersion::value).toList()).containsExactly(null, "two", "two", "one");
            assertThat(editor.versions("HF_TOKEN", 2)).hasSize(2);
        }
    }

    @Test
    void aSecretThatIsNotAJsonObjectOrWouldGrowTooLargeIsRefusedUntouched() {
        admin.createSecret(b -> b.name(NAME).secretString("[\"" + CANARY + "\"]"));
        try (AwsSecretsManagerProvider provider = provider(moto.endpoint(), KEYS)) {
            assertThatThrownBy(() -> provider.editor().read())
                    .isInstanceOf(EditException.class)
                    .hasMessageContaining("is a JSON array, not an object of keys")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
        }
        admin.putSecretValue(b -> b.secretId(NAME).secretString("{\"A\":\"1\"}"));
        try (AwsSecretsManagerProvider provider = provider(moto.endpoint(), KEYS)) {
            SourceState basis = provider.editor().read();
            assertThatThrownBy(() -> provider.editor().write("BIG", "x".repeat(70_000), basis, false))
                    .isInstanceOf(EditException.class)
                    .hasMessageContaining("over the 65536-byte limit");
            assertThat(provider.editor().read().version()).isEqualTo(basis.version());
        }
    }

    @Test
    void aSourceThatGoesAwayBetweenStoringAndMakingCurrentLeavesReadersOnTheOldValueAndSaysSo() throws Exception {
        admin.createSecret(b -> b.name(NAME).secretString("{\"HF_TOKEN\":\"hf_old\",\"OTHER\":\"x\"}"));
        try (CuttingProxy proxy = CuttingProxy.inFrontOf(moto.endpoint());
             AwsSecretsManagerProvider provider = provider(proxy.endpoint(), KEYS)) {
            SourceState basis = provider.editor().read();
            // PutSecretValue gets through; every stage move after it meets a connection that just ends.
            proxy.cutWhenHeaderEndsWith("X-Amz-Target", ".UpdateSecretVersionStage");

            assertThatThrownBy(() -> provider.editor().write("HF_TOKEN", CANARY, basis, false))
                    .isInstanceOf(EditException.class)
                    .hasMessageContaining("was stored but not made current, so nothing changed for readers")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY).doesNotContain("\n"));

            assertThat(proxy.cutCount()).as("the source went away mid-write").isPositive();
            assertThat(current().get("HF_TOKEN").asText()).as("readers still get the old value").isEqualTo("hf_old");
            assertThat(current().get("OTHER").asText()).isEqualTo("x");
            assertThat(admin.getSecretValue(b -> b.secretId(NAME).versionStage("AWSCURRENT")).versionId())
                    .isEqualTo(basis.version());

            proxy.heal(); // back: the same write, based on what was read, goes through
            provider.editor().write("HF_TOKEN", CANARY, provider.editor().read(), false);
            assertThat(current().get("HF_TOKEN").asText().equals(CANARY)).isTrue();
        }
    }

    @Test
    void aUserWithoutPutSecretValueIsDeniedInThoseWords() throws Exception {
        try (MotoServer iamMoto = MotoServer.start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "0"))) {
            iamMoto.authenticateAfter(Double.POSITIVE_INFINITY);
            try (SecretsManagerClient setup = adminClient(iamMoto.endpoint())) {
                setup.createSecret(b -> b.name(NAME).secretString("{\"HF_TOKEN\":\"hf_old\"}"));
            }
            MotoIam.Keys reader = new MotoIam(iamMoto.endpoint(), REGION).userWithPolicy("reader", "secretsmanager:GetSecretValue");
            iamMoto.authenticateAfter(0);
            try (AwsSecretsManagerProvider provider = provider(iamMoto.endpoint(),
                    Map.of("AWS_ACCESS_KEY_ID", reader.id(), "AWS_SECRET_ACCESS_KEY", reader.secret()))) {
                SourceState basis = provider.editor().read();
                assertThatThrownBy(() -> provider.editor().write("HF_TOKEN", CANARY, basis, false))
                        .isInstanceOf(EditException.Denied.class)
                        .hasMessageContaining("AWS denied secretsmanager:PutSecretValue")
                        .hasMessageContaining("permission denied")
                        .hasMessageContaining("secretsmanager:UpdateSecretVersionStage")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY, reader.secret()));
                assertThatThrownBy(() -> provider.editor().versions("HF_TOKEN", 5))
                        .isInstanceOf(EditException.Denied.class)
                        .hasMessageContaining("secretsmanager:ListSecretVersionIds");
            }
        }
    }

    private static SecretsManagerClient adminClient(URI endpoint) {
        return SecretsManagerClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
