package io.secretdesk.core.secrets;

import io.secretdesk.core.secrets.chain.ProviderChains;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.testing.MotoServer;
import io.secretdesk.testing.VaultKvTestServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The whole chain from the environment: env, a real file, AWS through moto, Vault through the KV test server. */
@Tag("slow")
class ProviderChainIntegrationTest {

    private static final String REGION = "us-west-2";
    private static VaultKvTestServer vault;
    private static MotoServer moto;
    private static String secretName;

    @TempDir
    Path userHome;

    @BeforeAll
    static void startServers() {
        vault = VaultKvTestServer.start().mount("secret", 2);
        vault.put("secret", "simpletuner", Map.of("SHARED", "vault-shared", "ONLY_VAULT", "vault-only", "IN_AWS_AND_VAULT", "vault-v"));
        moto = MotoServer.shared();
        secretName = "simpletuner/chain-" + UUID.randomUUID();
        try (SecretsManagerClient admin = SecretsManagerClient.builder().endpointOverride(moto.endpoint())
                .region(Region.of(REGION)).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            admin.createSecret(b -> b.name(secretName).secretString(
                    "{\"SHARED\": \"aws-shared\", \"ONLY_AWS\": \"aws-only\", \"IN_AWS_AND_VAULT\": \"aws-v\"}"));
        }
    }

    @AfterAll
    static void stopServers() {
        vault.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("SHARED", "env-shared");
        env.put("SIMPLETUNER_AWS_SECRET_NAME", secretName);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("VAULT_ADDR", vault.url());
        env.put("VAULT_TOKEN", vault.rootToken());
        return env;
    }

    @Test
    void eachKeyResolvesToItsHighestSourceAndShowsWhatItShadows() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SecretsManager manager = ProviderChains.fromConfig(Map.of(), env(), SimpleTunerHome.underUserHome(userHome), pool);
            manager.setSecret("SHARED", "file-shared");
            manager.setSecret("ONLY_FILE", "file-only");

            Resolution shared = manager.resolve("SHARED");
            assertThat(shared.source()).contains("env");
            assertThat(shared.shadowed()).containsExactly("file", "aws", "vault");
            assertThat(manager.resolve("IN_AWS_AND_VAULT").shadowed()).containsExactly("vault");
            assertThat(manager.resolve("ONLY_VAULT").source()).contains("vault");
            assertThat(manager.get("ONLY_AWS").orElseThrow().equals("aws-only")).as("AWS value through the chain").isTrue();
            assertThat(manager.get("IN_AWS_AND_VAULT").orElseThrow().equals("aws-v")).as("AWS beats Vault").isTrue();

            List<Resolution> all = manager.resolveAll();
            assertThat(all).extracting(Resolution::key)
                    .containsExactly("IN_AWS_AND_VAULT", "ONLY_AWS", "ONLY_FILE", "ONLY_VAULT", "SHARED");
            assertThat(all).extracting(r -> r.source().orElseThrow())
                    .containsExactly("aws", "aws", "file", "vault", "env");
            assertThat(manager.providers()).allMatch(p -> p.availability().available());
            assertThat(all.toString() + manager.providers()).doesNotContain("shared\"").doesNotContain("aws-only")
                    .doesNotContain(vault.rootToken());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSealedVaultIsSkippedAndExplained() {
        vault.sealed(true);
        try {
            SecretsManager manager = ProviderChains.fromEnvironment(env(), SimpleTunerHome.underUserHome(userHome));
            Resolution onlyVault = manager.resolve("ONLY_VAULT");
            assertThat(onlyVault.source()).isEmpty();
            assertThat(onlyVault.outcomeOf("vault").status()).isEqualTo(Resolution.Status.UNAVAILABLE);
            assertThat(onlyVault.outcomeOf("vault").detail()).contains("sealed");
            assertThat(manager.get("ONLY_AWS")).isPresent();
        } finally {
            vault.sealed(false);
        }
    }
}
