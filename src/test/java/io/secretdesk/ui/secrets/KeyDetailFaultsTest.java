package io.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.chain.ProviderChains;
import io.secretdesk.testing.CuttingProxy;
import io.secretdesk.testing.MemoryClipboard;
import io.secretdesk.testing.MotoServer;
import io.secretdesk.testing.VaultKvTestServer;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The "bad input and faults" as the operator meets them in the console's key detail pane: a 403, a KV v1
 * mount, an AWS secret that is not a JSON object or would grow past its size limit, and a source that goes away
 * mid-write. Each says what happened in one line, writes nothing, and keeps the typed value in the form. Real chain,
 * real console store, the loopback Vault server (behind a proxy that can drop a write) and moto through the AWS SDK.
 */
@Tag("slow")
class KeyDetailFaultsTest {

    private static final String TYPED = "hf_typedInThePaneCanary_93b1";
    private static final String SECRET = "simpletuner/faults";

    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime();
    private final ClipboardGuard guard = new ClipboardGuard(new MemoryClipboard(), Duration.ofSeconds(20), time::nanoTime, time);
    private final Map<String, String> env = new HashMap<>();
    private VaultKvTestServer vault;
    private CuttingProxy proxy;
    private SecretsManager chain;
    private AuditUnderTest audit;
    private KeyDetailViewModel model;

    @BeforeEach
    void startVault() {
        vault = VaultKvTestServer.start().mount("secret", 2).mount("legacy", 1);
        proxy = CuttingProxy.inFrontOf(URI.create(vault.url()));
    }

    @AfterEach
    void stop() {
        if (chain != null) {
            chain.close();
        }
        if (audit != null) {
            audit.close();
        }
        proxy.close();
        vault.close();
    }

    /** The pane over a chain built from {@code env}, opened on {@code key} with {@code target} chosen. */
    private KeyDetailViewModel open(String key, String target) {
        SimpleTunerHome home = SimpleTunerHome.underUserHome(dir);
        chain = ProviderChains.fromConfig(Map.of(), env, home);
        audit = AuditUnderTest.in(home);
        model = new KeyDetailViewModel(audit.edits(() -> chain), new UiExecutor(Runnable::run, Runnable::run),
                new Reveals(time::nanoTime, time, Duration.ofSeconds(10)), guard, () -> { });
        model.open(key);
        model.targetProperty().set(target);
        model.typedProperty().set(TYPED);
        return model;
    }

    private void vaultEnv(String mount, String token) {
        env.put("VAULT_ADDR", proxy.url());
        env.put("VAULT_TOKEN", token);
        env.put("SIMPLETUNER_VAULT_MOUNT", mount);
    }

    /** One line saying what happened, never the typed value; the value stays in the form. */
    private void refusedKeepingTheTypedValue(String... says) {
        String text = model.notice().textProperty().get();
        assertThat(model.notice().kindProperty().get()).isEqualTo(Notice.Kind.ERROR);
        assertThat(text).contains(says).doesNotContain(TYPED).doesNotContain("\n");
        assertThat(model.typedProperty().get().equals(TYPED)).as("the typed value is kept in the form").isTrue();
        assertThat(model.busyProperty().get()).isFalse();
    }

    @Test
    void aVaultTokenThatMayOnlyReadIsReportedAsA403WithThePolicyNeeded() {
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "hf_old"));
        vaultEnv("secret", vault.createPolicyToken("secret/data/simpletuner:read", "secret/metadata/simpletuner:read",
                "sys/*:read"));
        open("HF_TOKEN", "vault").save();

        refusedKeepingTheTypedValue("403 permission denied", "create and update on secret/data/simpletuner");
        assertThat(vault.currentVersion("secret", "simpletuner")).isEqualTo(1);
    }

    @Test
    void aKvVersionOneMountAsksFirstAndNoWritesNothingKeepingTheTypedValue() {
        vault.put("legacy", "simpletuner", Map.of("HF_TOKEN", "hf_old"));
        vaultEnv("legacy", vault.rootToken());
        open("HF_TOKEN", "vault").save();

        assertThat(model.questionProperty().get()).contains("KV version 1").doesNotContain(TYPED);
        model.cancelQuestion();

        assertThat(model.typedProperty().get().equals(TYPED)).isTrue();
        assertThat(chain.resolve("HF_TOKEN").outcomeOf("vault").value()).isEqualTo("hf_old");
    }

    @Test
    void aVaultThatGoesAwayMidWriteWritesNothingAndKeepsTheTypedValue() {
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "hf_old"));
        vaultEnv("secret", vault.rootToken());
        open("HF_TOKEN", "vault");
        proxy.cutMethod("POST"); // the pane has read the path; the write's connection just ends

        model.save();

        refusedKeepingTheTypedValue("writing to Vault", "is still at version 1: nothing was written");
        assertThat(proxy.cutCount()).isPositive();
        assertThat(vault.currentVersion("secret", "simpletuner")).isEqualTo(1);
    }

    @Test
    void anAwsSecretThatIsNotAJsonObjectOrWouldGrowTooLargeIsRefusedKeepingTheTypedValue() {
        MotoServer moto = MotoServer.shared();
        moto.reset();
        try (SecretsManagerClient admin = SecretsManagerClient.builder().endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
            admin.createSecret(b -> b.name(SECRET).secretString("just a plain token, not JSON"));
            env.put("SIMPLETUNER_AWS_SECRET_NAME", SECRET);
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
            env.put("AWS_ACCESS_KEY_ID", "testing");
            env.put("AWS_SECRET_ACCESS_KEY", "testing");
            open("HF_TOKEN", "aws").save();

            refusedKeepingTheTypedValue("not", "JSON");
            assertThat(admin.getSecretValue(b -> b.secretId(SECRET)).secretString()).isEqualTo("just a plain token, not JSON");

            admin.putSecretValue(b -> b.secretId(SECRET).secretString("{\"OTHER\":\"x\"}"));
            chain.clearCache();
            model.open("HF_TOKEN");
            model.targetProperty().set("aws");
            String huge = "hf_" + "x".repeat(70_000);
            model.typedProperty().set(huge);
            model.save();

            assertThat(model.notice().textProperty().get()).contains("over the 65536-byte limit").doesNotContain(huge);
            assertThat(model.typedProperty().get().equals(huge)).as("the typed value is kept").isTrue();
            assertThat(admin.getSecretValue(b -> b.secretId(SECRET)).secretString()).isEqualTo("{\"OTHER\":\"x\"}");
        }
    }
}
