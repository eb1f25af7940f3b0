package io.secretdesk.core.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.testing.VaultKvTestServer;
import io.secretdesk.testing.VaultKvTestServer.Health;
import io.secretdesk.testing.VaultKvTestServer.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vault provider through the real vault-java-driver against {@link VaultKvTestServer}. Secret
 * values and tokens are random per run and are compared, never printed.
 */
@Tag("slow")
class HashiCorpVaultProviderTest {

    private static final Duration OPEN = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(5);

    private VaultKvTestServer vault;
    private final String replicateToken = "r8_" + random();
    private final String hfToken = "hf_" + random();

    @BeforeEach
    void start() {
        vault = VaultKvTestServer.start();
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private static String random() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Map<String, Object> seedSecret() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("REPLICATE_API_TOKEN", replicateToken);
        data.put("HF_TOKEN", hfToken);
        return data;
    }

    private VaultSettings settings(String token, String path, String mount, String namespace) {
        return new VaultSettings(vault.url(), token, path, mount, namespace, null, OPEN, READ);
    }

    private HashiCorpVaultProvider provider(String token) {
        return new HashiCorpVaultProvider(settings(token, null, null, null));
    }

    private static void assertFound(Lookup lookup, String expected, String key) {
        assertThat(lookup).as("lookup of %s", key).isInstanceOf(Lookup.Found.class);
        assertThat(((Lookup.Found) lookup).value().equals(expected)).as("value of %s matches", key).isTrue();
    }

    /** The reason of an unavailable lookup, after checking it keeps every secret out. */
    private String reason(Lookup lookup, String... secrets) {
        assertThat(lookup).as("lookup answer").isInstanceOf(Lookup.Unavailable.class);
        String reason = ((Lookup.Unavailable) lookup).reason();
        assertOneLineWithoutSecrets(reason, secrets);
        return reason;
    }

    private void assertOneLineWithoutSecrets(String text, String... secrets) {
        assertThat(text).isNotBlank().doesNotContain("\n").doesNotContain("\r");
        List<String> all = new ArrayList<>(List.of(secrets));
        all.add(replicateToken);
        all.add(hfToken);
        all.add(vault.rootToken());
        for (String secret : all) {
            assertThat(text.contains(secret)).as("text keeps the token and values out: %s", text.replace(secret, "<secret>")).isFalse();
        }
    }

    private List<String> paths() {
        return vault.requests().stream().map(RecordedRequest::path).toList();
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    @Test
    void readsKvV2AndSaysSoInTheDescription() {
        vault.mount("secret", 2);
        vault.put("secret", "simpletuner", seedSecret());
        HashiCorpVaultProvider provider = provider(vault.rootToken());
        assertThat(provider.name()).isEqualTo("vault");
        assertThat(provider.kvVersion()).isEmpty();
        assertThat(provider.description()).contains("KV version not detected yet");

        assertFound(provider.lookup("REPLICATE_API_TOKEN"), replicateToken, "REPLICATE_API_TOKEN");
        assertFound(provider.lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
        assertThat(provider.lookup("CLOUD_WEBHOOK_SECRET")).isInstanceOf(Lookup.Missing.class);

        assertThat(provider.kvVersion()).contains(2);
        assertThat(provider.description()).contains(vault.url()).contains("secret/simpletuner").contains("KV v2");
        assertOneLineWithoutSecrets(provider.description());
        assertOneLineWithoutSecrets(provider.toString());
        assertThat(paths()).containsOnly("/v1/secret/data/simpletuner");
    }

    @Test
    void theDriverSendsTheTokenAndTheRequestHeader() {
        vault.mount("secret", 2);
        vault.put("secret", "simpletuner", seedSecret());
        provider(vault.rootToken()).lookup("HF_TOKEN");
        RecordedRequest request = vault.requests().get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(vault.rootToken().equals(request.header("X-Vault-Token"))).as("X-Vault-Token is the configured token").isTrue();
        assertThat(request.header("X-Vault-Request")).isEqualTo("true");
        assertThat(request.header("X-Vault-Namespace")).isNull();
    }

    @Test
    void fallsBackToKvV1AndRemembersIt() {
        vault.mount("secret", 1);
        vault.put("secret", "simpletuner", seedSecret());
        HashiCorpVaultProvider provider = provider(vault.rootToken());

        assertFound(provider.lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
        assertThat(provider.kvVersion()).contains(1);
        assertThat(provider.description()).contains("KV v1");
        assertThat(paths()).containsExactly("/v1/secret/data/simpletuner", "/v1/secret/simpletuner");

        vault.clearRequests();
        assertFound(provider.lookup("REPLICATE_API_TOKEN"), replicateToken, "REPLICATE_API_TOKEN");
        assertThat(paths()).as("the remembered version is asked first").containsExactly("/v1/secret/simpletuner");

        vault.clearRequests();
        provider.refresh();
        assertThat(provider.kvVersion()).isEmpty();
        provider.lookup("HF_TOKEN");
        assertThat(paths()).as("refresh re-detects").containsExactly("/v1/secret/data/simpletuner", "/v1/secret/simpletuner");
    }

    @Test
    void aRememberedVersionThatStopsWorkingFallsBackToTheOther() {
        vault.mount("secret", 1);
        vault.put("secret", "simpletuner", seedSecret());
        HashiCorpVaultProvider provider = provider(vault.rootToken());
        provider.lookup("HF_TOKEN");
        assertThat(provider.kvVersion()).contains(1);

        vault.mount("secret", 2); // the mount is upgraded to KV v2
        vault.put("secret", "simpletuner", seedSecret());
        assertFound(provider.lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
        assertThat(provider.kvVersion()).contains(2);
    }

    @Test
    void multiSegmentMountsAndPathsBuildTheRightUrls() {
        vault.mount("kv/team", 2).mount("kv/legacy", 1);
        vault.put("kv/team", "apps/simpletuner", seedSecret());
        vault.put("kv/legacy", "apps/simpletuner", Map.of("HF_TOKEN", hfToken));

        HashiCorpVaultProvider v2 = new HashiCorpVaultProvider(settings(vault.rootToken(), "apps/simpletuner", "/kv/team/", null));
        assertFound(v2.lookup("REPLICATE_API_TOKEN"), replicateToken, "REPLICATE_API_TOKEN");
        assertThat(v2.kvVersion()).contains(2);
        assertThat(paths()).containsExactly("/v1/kv/team/data/apps/simpletuner");
        assertThat(v2.description()).contains("kv/team/apps/simpletuner");

        vault.clearRequests();
        HashiCorpVaultProvider v1 = new HashiCorpVaultProvider(settings(vault.rootToken(), "apps/simpletuner", "kv/legacy", null));
        assertFound(v1.lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
        assertThat(v1.kvVersion()).contains(1);
        assertThat(paths()).containsExactly("/v1/kv/legacy/data/apps/simpletuner", "/v1/kv/legacy/apps/simpletuner");
    }

    @Test
    void theSeedsManualConstructorUsesTheDefaults() {
        vault.mount("secret", 2);
        vault.put("secret", "simpletuner", seedSecret());
        HashiCorpVaultProvider provider = new HashiCorpVaultProvider(vault.url(), vault.rootToken(), null, null);
        assertThat(provider.vaultSettings().path()).isEqualTo("simpletuner");
        assertThat(provider.vaultSettings().mountPoint()).isEqualTo("secret");
        assertFound(provider.lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
    }

    @Test
    void contentsListsEveryKeyAndShowsNoValues() {
        vault.mount("secret", 2);
        vault.put("secret", "simpletuner", seedSecret());
        HashiCorpVaultProvider provider = provider(vault.rootToken());
        Contents contents = provider.contents();
        assertThat(contents).isInstanceOf(Contents.Loaded.class);
        Contents.Loaded loaded = (Contents.Loaded) contents;
        assertThat(loaded.keys()).containsExactly("REPLICATE_API_TOKEN", "HF_TOKEN");
        assertThat(loaded.values().get("HF_TOKEN").equals(hfToken)).as("value of HF_TOKEN matches").isTrue();
        assertOneLineWithoutSecrets(loaded.toString());
        assertThat(provider.listsEveryKey()).isTrue();

        Availability availability = provider.availability();
        assertThat(availability.available()).isTrue();
        assertThat(availability.detail()).isEqualTo("2 keys at secret/simpletuner (KV v2)");
    }

    @Test
    void valuesThatAreNotStringsFollowOneRule() {
        vault.mount("secret", 2);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("TEXT", "plain");
        data.put("PORT", 8200);
        data.put("RATIO", 1.50);
        data.put("ENABLED", true);
        data.put("CONFIG", Map.of("nested", "x"));
        data.put("LIST", List.of(1, 2));
        data.put("NOTHING", null);
        vault.put("secret", "simpletuner", data);
        HashiCorpVaultProvider provider = provider(vault.rootToken());

        assertFound(provider.lookup("TEXT"), "plain", "TEXT");
        assertFound(provider.lookup("PORT"), "8200", "PORT");
        assertFound(provider.lookup("RATIO"), "1.5", "RATIO");
        assertFound(provider.lookup("ENABLED"), "true", "ENABLED");
        assertThat(reason(provider.lookup("CONFIG"))).contains("CONFIG").contains("JSON object").contains("store it as a string");
        assertThat(reason(provider.lookup("LIST"))).contains("JSON array");
        assertThat(reason(provider.lookup("NOTHING"))).contains("JSON null");

        assertThat(((Contents.Loaded) provider.contents()).keys()).containsExactly("TEXT", "PORT", "RATIO", "ENABLED");
        assertThat(provider.availability().detail())
                .isEqualTo("4 keys at secret/simpletuner (KV v2); skipped values that are not strings, numbers or booleans: "
                        + "CONFIG (object), LIST (array), NOTHING (null)");
    }

    @Test
    void nonAsciiValuesSurviveTheRoundTrip() {
        vault.mount("secret", 2);
        String value = "pässwörd-✓-" + random();
        vault.put("secret", "simpletuner", Map.of("UNICODE", value));
        assertFound(provider(vault.rootToken()).lookup("UNICODE"), value, "UNICODE");
    }

    // ---------------------------------------------------------------------------------------------
    // Namespaces

    @Test
    void theNamespaceIsSentAndHonoured() {
        vault.mount("team/ml", "secret", 2);
        vault.put("team/ml", "secret", "simpletuner", seedSecret());
        HashiCorpVaultProvider provider = new HashiCorpVaultProvider(settings(vault.rootToken(), null, null, "team/ml"));
        assertFound(provider.lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
        assertThat(vault.requests().get(0).header("X-Vault-Namespace")).isEqualTo("team/ml");
        assertThat(provider.description()).contains("namespace team/ml");

        String reason = reason(provider(vault.rootToken()).lookup("HF_TOKEN"));
        assertThat(reason).as("without the namespace the mount is not there")
                .startsWith("no mount secret/").contains("SIMPLETUNER_VAULT_MOUNT").contains("VAULT_NAMESPACE");
    }

    @Test
    void aNamespaceTokenUsedWithoutItsNamespaceIsDenied() {
        vault.mount("team", "secret", 2);
        vault.put("team", "secret", "simpletuner", seedSecret());
        String teamToken = vault.createToken("team", true);
        assertFound(new HashiCorpVaultProvider(settings(teamToken, null, null, "team")).lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
        String reason = reason(provider(teamToken).lookup("HF_TOKEN"), teamToken);
        assertThat(reason).startsWith("permission denied (HTTP 403)").contains("set VAULT_NAMESPACE");
    }

    @Test
    void anUnknownNamespaceIsNamed() {
        vault.mount("secret", 2);
        vault.put("secret", "simpletuner", seedSecret());
        String reason = reason(new HashiCorpVaultProvider(settings(vault.rootToken(), null, null, "nope")).lookup("HF_TOKEN"));
        assertThat(reason).startsWith("namespace nope not found").contains("VAULT_NAMESPACE");
    }

    // ---------------------------------------------------------------------------------------------
    // What goes wrong

    @Test
    void aWrongOrRevokedTokenIs403() {
        vault.mount("secret", 2);
        vault.put("secret", "simpletuner", seedSecret());
        String wrong = "hvs." + random();
        String reason = reason(provider(wrong).lookup("HF_TOKEN"), wrong);
        assertThat(reason).startsWith("permission denied (HTTP 403) reading secret/simpletuner at " + vault.url())
                .contains("VAULT_TOKEN").contains("secret/data/simpletuner");
        assertThat(provider(wrong).kvVersion()).isEmpty();

        String revoked = vault.createToken(null, true);
        HashiCorpVaultProvider provider = provider(revoked);
        assertFound(provider.lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
        vault.revokeToken(revoked);
        assertThat(reason(provider.lookup("HF_TOKEN"), revoked)).startsWith("permission denied (HTTP 403)");
        assertThat(provider.availability().available()).isFalse();
    }

    @Test
    void aForbiddenKvV2ReadIsNotHiddenByTheV1Fallback() {
        // A common mistake: a policy written for the v1 path on a KV v2 mount. v2 answers 403, v1 404.
        vault.mount("secret", 2);
        vault.put("secret", "simpletuner", seedSecret());
        String v1Policy = vault.createToken(null, true, "secret/simpletuner");
        String reason = reason(provider(v1Policy).lookup("HF_TOKEN"), v1Policy);
        assertThat(paths()).containsExactly("/v1/secret/data/simpletuner", "/v1/secret/simpletuner");
        assertThat(reason).startsWith("permission denied (HTTP 403)");
    }

    @Test
    void aKvV1MountWithAV1PolicyStillReads() {
        vault.mount("secret", 1);
        vault.put("secret", "simpletuner", seedSecret());
        String v1Policy = vault.createToken(null, true, "secret/simpletuner");
        HashiCorpVaultProvider provider = provider(v1Policy);
        assertFound(provider.lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
        assertThat(provider.kvVersion()).contains(1);
    }

    @Test
    void noSecretAtThePathIsUnavailableWithTheReason() {
        vault.mount("secret", 2);
        HashiCorpVaultProvider provider = provider(vault.rootToken());
        String reason = reason(provider.lookup("HF_TOKEN"));
        assertThat(reason).startsWith("no secret at secret/simpletuner (HTTP 404").contains("vault kv put secret/simpletuner")
                .contains("SIMPLETUNER_VAULT_PATH");
        assertThat(provider.contents()).isEqualTo(new Contents.Unavailable(reason));
        assertThat(provider.availability()).isEqualTo(Availability.unavailable(reason));
        assertThat(provider.kvVersion()).isEmpty();
    }

    @Test
    void aMissingMountIsNamed() {
        vault.mount("secret", 2);
        String reason = reason(new HashiCorpVaultProvider(settings(vault.rootToken(), null, "kv", null)).lookup("HF_TOKEN"));
        assertThat(reason).startsWith("no mount kv/ at " + vault.url()).contains("no handler for route").contains("SIMPLETUNER_VAULT_MOUNT");
    }

    @Test
    void aDeletedLatestVersionSaysHowToRestoreIt() {
        vault.mount("secret", 2);
        vault.put("secret", "simpletuner", seedSecret());
        vault.put("secret", "simpletuner", seedSecret());
        vault.softDeleteLatest("", "secret", "simpletuner");
        String reason = reason(provider(vault.rootToken()).lookup("HF_TOKEN"));
        assertThat(reason).startsWith("the latest version (2) of secret/simpletuner was deleted (HTTP 404)")
                .contains("vault kv undelete -versions=2 secret/simpletuner");
    }

    @Test
    void aSealedVaultIsReportedAsSealed() {
        vault.mount("secret", 2);
        vault.put("secret", "simpletuner", seedSecret());
        vault.sealed(true);
        HashiCorpVaultProvider provider = provider(vault.rootToken());
        assertThat(reason(provider.lookup("HF_TOKEN"))).isEqualTo("Vault at " + vault.url()
                + " is sealed (HTTP 503): unseal it with `vault operator unseal`, then retry");
        assertThat(provider.availability().detail()).contains("is sealed").contains("vault operator unseal");
        assertThat(paths()).as("a 503 is not retried as KV v1").doesNotContain("/v1/secret/simpletuner");
    }

    @Test
    void availabilityAsksSysHealthForAnUninitialisedVault() {
        vault.mount("secret", 2);
        vault.health(Health.UNINITIALIZED);
        HashiCorpVaultProvider provider = provider(vault.rootToken());
        assertThat(reason(provider.lookup("HF_TOKEN"))).contains("is sealed (HTTP 503)");
        Availability availability = provider.availability();
        assertThat(availability.available()).isFalse();
        assertThat(availability.detail()).isEqualTo("Vault at " + vault.url()
                + " is not initialized (sys/health 501): initialize it with `vault operator init`");
        RecordedRequest health = vault.requests().get(vault.requests().size() - 1);
        assertThat(health.path()).isEqualTo("/v1/sys/health");
    }

    @Test
    void availabilityTellsAStandbyThatCannotReachTheActiveNode() {
        vault.mount("secret", 2);
        vault.health(Health.STANDBY);
        vault.failWith(500, "local node not active but active cluster node not found");
        HashiCorpVaultProvider provider = provider(vault.rootToken());
        String reason = reason(provider.lookup("HF_TOKEN"));
        assertThat(reason).startsWith("Vault at " + vault.url() + " answered HTTP 500 (local node not active but active cluster node not found)");
        assertOneLineWithoutSecrets(provider.availability().detail());
        assertThat(provider.availability().detail()).startsWith(reason).contains("standby").contains("point VAULT_ADDR at the active node");
    }

    @Test
    void otherServerErrorsKeepVaultsMessage() {
        vault.mount("secret", 2);
        vault.failWith(502, "upstream certificate authority did not answer");
        HashiCorpVaultProvider provider = provider(vault.rootToken());
        assertThat(reason(provider.lookup("HF_TOKEN"))).isEqualTo("Vault at " + vault.url()
                + " answered HTTP 502 (upstream certificate authority did not answer) reading secret/simpletuner: check the server with `vault status` and retry");
        assertThat(provider.availability().detail()).as("an active node's health adds nothing").doesNotContain("sys/health");
    }

    @Test
    void aRateLimitIsNotMistakenForAWrongMount() {
        vault.mount("secret", 2);
        vault.failWith(429, "request path \"secret/data/simpletuner\": rate limit quota exceeded");
        assertThat(reason(provider(vault.rootToken()).lookup("HF_TOKEN"))).isEqualTo("Vault at " + vault.url()
                + " is rate-limiting this client (HTTP 429: request path \"secret/data/simpletuner\": rate limit quota exceeded): "
                + "retry later, or ask for a higher rate limit quota");
        assertThat(paths()).containsExactly("/v1/secret/data/simpletuner");
    }

    @Test
    void aClosedPortIsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        HashiCorpVaultProvider provider = new HashiCorpVaultProvider(
                new VaultSettings(url, vault.rootToken(), null, null, null, null, OPEN, READ));
        assertThat(reason(provider.lookup("HF_TOKEN"))).isEqualTo("cannot connect to Vault at " + url
                + " (connection refused): check VAULT_ADDR and that Vault is running");
        assertThat(provider.availability().available()).isFalse();
    }

    @Test
    void aServerThatNeverAnswersIsUnavailableAfterTheTimeout() {
        vault.mount("secret", 2);
        vault.hang(true);
        HashiCorpVaultProvider provider = new HashiCorpVaultProvider(new VaultSettings(vault.url(), vault.rootToken(), null, null,
                null, null, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        // 1 s open + 1 s read is the bound; 6 s leaves room for a loaded machine, not for a hang.
        String reason = assertTimeoutPreemptively(Duration.ofSeconds(6), () -> reason(provider.lookup("HF_TOKEN")));
        assertThat(reason).isEqualTo("Vault at " + vault.url()
                + " did not answer within 1 s: check the server (vault status), or raise SIMPLETUNER_VAULT_TIMEOUT_SECONDS");
        assertThat(paths()).as("a timeout is not retried as KV v1").containsExactly("/v1/secret/data/simpletuner");
    }

    @Test
    void aServerThatStallsMidAnswerIsAbandonedAtTheDeadline() {
        vault.mount("secret", 2);
        vault.put("secret", "simpletuner", seedSecret());
        vault.stallBodies(true);
        HashiCorpVaultProvider provider = new HashiCorpVaultProvider(new VaultSettings(vault.url(), vault.rootToken(), null, null,
                null, null, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        // java.net.http's request timeout ends at the headers; only the provider's own deadline (2 s) stops this.
        String reason = assertTimeoutPreemptively(Duration.ofSeconds(7), () -> reason(provider.lookup("HF_TOKEN")));
        assertThat(reason).isEqualTo("Vault at " + vault.url() + " did not finish answering within 2 s (open + read timeout): "
                + "check the server and any proxy in between, or raise SIMPLETUNER_VAULT_TIMEOUT_SECONDS");
        vault.stallBodies(false);
        assertFound(provider.lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
    }

    @Test
    void anAddressThatIsNotHttpIsReportedWithoutConnecting() {
        HashiCorpVaultProvider provider = new HashiCorpVaultProvider("vault.example.com:8200", vault.rootToken(), null, null);
        assertThat(reason(provider.lookup("HF_TOKEN"))).startsWith("VAULT_ADDR 'vault.example.com:8200' is not an http:// or https:// address");
        HashiCorpVaultProvider badPath = new HashiCorpVaultProvider(vault.url(), vault.rootToken(), "team simpletuner", null);
        assertThat(reason(badPath.lookup("HF_TOKEN"))).startsWith("SIMPLETUNER_VAULT_PATH 'team simpletuner' contains 'a space'");
        HashiCorpVaultProvider badMount = new HashiCorpVaultProvider(vault.url(), vault.rootToken(), null, "kv//team");
        assertThat(reason(badMount.lookup("HF_TOKEN"))).startsWith("SIMPLETUNER_VAULT_MOUNT 'kv//team' has an empty segment");
        assertThat(vault.requests()).isEmpty();
    }

    @Test
    void withoutAddressOrTokenNothingIsAsked() {
        vault.mount("secret", 2);
        HashiCorpVaultProvider noAddress = new HashiCorpVaultProvider(null, vault.rootToken(), null, null);
        assertThat(reason(noAddress.lookup("HF_TOKEN"))).isEqualTo("not configured: VAULT_ADDR is not set");
        assertThat(noAddress.contents()).isEqualTo(new Contents.Unavailable("not configured: VAULT_ADDR is not set"));
        assertThat(noAddress.availability()).isEqualTo(Availability.unavailable("not configured: VAULT_ADDR is not set"));
        assertThat(noAddress.description()).contains("VAULT_ADDR not set");

        HashiCorpVaultProvider noToken = new HashiCorpVaultProvider(vault.url(), "  ", null, null);
        assertThat(reason(noToken.lookup("HF_TOKEN"))).isEqualTo("not configured: VAULT_TOKEN is not set");
        assertThat(noToken.availability().available()).isFalse();
        assertThat(vault.requests()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Threads

    @Test
    void manyThreadsLookUpAtOnceWhileTheVersionIsDetected() throws Exception {
        vault.mount("secret", 1);
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            data.put("KEY_" + i, "value-" + i + "-" + random());
        }
        vault.put("secret", "simpletuner", data);
        HashiCorpVaultProvider provider = provider(vault.rootToken());
        int threads = 8;
        int perThread = 25;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                Callable<Integer> work = () -> {
                    go.await();
                    int wrong = 0;
                    for (int i = 0; i < perThread; i++) {
                        String key = "KEY_" + ((seed * 7 + i) % 20);
                        Lookup lookup = provider.lookup(key);
                        if (!(lookup instanceof Lookup.Found found) || !found.value().equals(data.get(key))) {
                            wrong++;
                        }
                    }
                    return wrong;
                };
                results.add(pool.submit(work));
            }
            go.countDown();
            int wrong = 0;
            for (Future<Integer> result : results) {
                wrong += result.get(120, TimeUnit.SECONDS);
            }
            assertThat(wrong).as("lookups that did not find their value").isZero();
            assertThat(provider.kvVersion()).contains(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Settings from the environment

    @Test
    void settingsComeFromTheVaultClisVariables() {
        Map<String, String> env = new HashMap<>();
        env.put("VAULT_ADDR", "https://vault.example.com:8200");
        env.put("VAULT_TOKEN", vault.rootToken());
        env.put("SIMPLETUNER_VAULT_PATH", "/myapp/simpletuner/");
        env.put("SIMPLETUNER_VAULT_MOUNT", "kv/team");
        env.put("VAULT_NAMESPACE", "team/");
        env.put("VAULT_CACERT", "/etc/vault/ca.pem");
        env.put("SIMPLETUNER_VAULT_TIMEOUT_SECONDS", "7");
        VaultSettings s = VaultSettings.fromEnvironment(env);
        assertThat(s.url()).isEqualTo("https://vault.example.com:8200");
        assertThat(vault.rootToken().equals(s.token())).as("token read").isTrue();
        assertThat(s.path()).isEqualTo("myapp/simpletuner");
        assertThat(s.mountPoint()).isEqualTo("kv/team");
        assertThat(s.namespace()).isEqualTo("team");
        assertThat(s.caCertPath()).isEqualTo(Path.of("/etc/vault/ca.pem"));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.openTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.secretPath()).isEqualTo("kv/team/myapp/simpletuner");
        assertOneLineWithoutSecrets(s.toString());
        assertThat(s.toString()).contains("token=<set>");

        VaultSettings defaults = VaultSettings.fromEnvironment(Map.of("SIMPLETUNER_VAULT_TIMEOUT_SECONDS", "2"));
        assertThat(defaults.isConfigured()).isFalse();
        assertThat(defaults.path()).isEqualTo("simpletuner");
        assertThat(defaults.mountPoint()).isEqualTo("secret");
        assertThat(defaults.namespace()).isNull();
        assertThat(defaults.caCertPath()).isNull();
        assertThat(defaults.openTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.toString()).contains("token=<not set>");
    }

    @Test
    void aPasswordInVaultAddrNeverShowsEvenWhenTheAddressDoesNotParse() {
        for (String url : List.of("https://admin:hunter2@vault.example.com:8200", "https://admin:hun ter2@vault.example.com:8200/x",
                "admin:hunter2@vault.example.com:8200")) {
            VaultSettings s = new VaultSettings(url, "t", null, null, null, null, OPEN, READ);
            HashiCorpVaultProvider provider = new HashiCorpVaultProvider(s);
            assertThat(s.toString().contains("hunter2") || s.toString().contains("hun ter2")).as("settings of %s", url.length()).isFalse();
            assertThat(provider.description().contains("hunter2") || provider.description().contains("hun ter2")).isFalse();
            assertThat(VaultSettings.displayAddress(url)).contains("vault.example.com:8200");
        }
    }

    @Test
    void aBadTimeoutVariableIsNamedAndTheProviderReportsIt() {
        Map<String, String> env = Map.of("VAULT_ADDR", vault.url(), "VAULT_TOKEN", vault.rootToken(),
                "SIMPLETUNER_VAULT_TIMEOUT_SECONDS", "five");
        assertThatThrownBy(() -> VaultSettings.fromEnvironment(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIMPLETUNER_VAULT_TIMEOUT_SECONDS='five' is not a whole number of seconds from 1 to 600: set it to e.g. 5 or unset it");
        HashiCorpVaultProvider provider = HashiCorpVaultProvider.fromEnvironment(env);
        assertThat(reason(provider.lookup("HF_TOKEN"))).startsWith("SIMPLETUNER_VAULT_TIMEOUT_SECONDS='five'");
        assertThat(provider.vaultSettings().url()).isEqualTo(vault.url());
        assertThat(vault.requests()).isEmpty();
        assertThatThrownBy(() -> new VaultSettings(vault.url(), "t", null, null, null, null, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProviderFromTheEnvironmentReads() {
        vault.mount("secret", 2);
        vault.put("secret", "simpletuner", seedSecret());
        HashiCorpVaultProvider provider = HashiCorpVaultProvider.fromEnvironment(Map.of("VAULT_ADDR", vault.url() + "/",
                "VAULT_TOKEN", vault.rootToken()));
        assertFound(provider.lookup("REPLICATE_API_TOKEN"), replicateToken, "REPLICATE_API_TOKEN");
    }

    // ---------------------------------------------------------------------------------------------
    // VAULT_CACERT

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Tls {

        private Path dir;
        private SSLContext serverTls;
        private Path goodPem;
        private Path otherPem;
        private VaultKvTestServer https;

        /** Makes two self-signed certificates for 127.0.0.1 with the JDK's keytool (well under a second each). */
        @BeforeAll
        void certificates(@TempDir Path tempDir) throws Exception {
            dir = tempDir;
            Path serverStore = keytool("server", "CN=vault-test-server");
            Path otherStore = keytool("other", "CN=some-other-ca");
            goodPem = pem(serverStore, "server");
            otherPem = pem(otherStore, "other");
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(serverStore)) {
                keys.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, "changeit".toCharArray());
            serverTls = SSLContext.getInstance("TLS");
            serverTls.init(factory.getKeyManagers(), null, null);
            https = VaultKvTestServer.startHttps(serverTls);
            https.mount("secret", 2);
            https.put("secret", "simpletuner", seedSecret());
        }

        @AfterAll
        void stopHttps() {
            if (https != null) {
                https.close();
            }
        }

        private Path keytool(String alias, String dname) throws Exception {
            Path store = dir.resolve(alias + ".p12");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit", "-noprompt")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("keytool finished").isTrue();
            assertThat(process.exitValue()).as("keytool: %s", output).isZero();
            return store;
        }

        private Path pem(Path store, String alias) throws Exception {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(store)) {
                keys.load(in, "changeit".toCharArray());
            }
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(keys.getCertificate(alias).getEncoded());
            Path pem = dir.resolve(alias + ".pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
            return pem;
        }

        private HashiCorpVaultProvider over(String url, Path ca) {
            return new HashiCorpVaultProvider(new VaultSettings(url, https.rootToken(), null, null, null, ca, OPEN, READ));
        }

        private String tlsReason(Lookup lookup) {
            String reason = ((Lookup.Unavailable) lookup).reason();
            assertThat(reason.contains(https.rootToken())).as("reason keeps the token out").isFalse();
            assertThat(reason).doesNotContain("\n");
            return reason;
        }

        @Test
        void theCaFileVerifiesTheServer() {
            HashiCorpVaultProvider provider = over(https.url(), goodPem);
            assertFound(provider.lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
            assertThat(provider.description()).startsWith("Vault https://127.0.0.1:");
        }

        @Test
        void everyCertificateInABundleIsTrusted() throws IOException {
            Path bundle = dir.resolve("bundle.pem");
            Files.writeString(bundle, Files.readString(otherPem) + Files.readString(goodPem));
            assertFound(over(https.url(), bundle).lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
        }

        @Test
        void anotherCaOrNoneFailsTheHandshakeWithAClearReason() {
            assertThat(tlsReason(over(https.url(), otherPem).lookup("HF_TOKEN")))
                    .isEqualTo("TLS handshake with Vault at " + https.url() + " failed (the server's certificate is not signed by a trusted CA): "
                            + "check VAULT_CACERT names the CA that signed Vault's certificate and VAULT_ADDR uses its host name");
            assertThat(tlsReason(over(https.url(), null).lookup("HF_TOKEN"))).contains("not signed by a trusted CA");
        }

        @Test
        void aSameNamedCaThatDidNotSignIsNotTrusted() throws Exception {
            Path impostor = pem(keytool("impostor", "CN=vault-test-server"), "impostor");
            assertThat(tlsReason(over(https.url(), impostor).lookup("HF_TOKEN"))).contains("not signed by a trusted CA");
        }

        @Test
        void httpsToAPlainHttpServerSaysItDoesNotSpeakTls() throws Exception {
            // Go's net/http (Vault's server) answers a TLS hello on a plain port with "400 Bad Request";
            // com.sun's HttpServer waits for a request line instead, so a raw socket plays that part.
            try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
                Thread answer = new Thread(() -> {
                    try (var socket = plain.accept()) {
                        socket.getInputStream().read(new byte[512]);
                        socket.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // the test's assertion reports what the client saw
                    }
                }, "plain-http-answer");
                answer.setDaemon(true);
                answer.start();
                String url = "https://127.0.0.1:" + plain.getLocalPort();
                assertThat(tlsReason(over(url, goodPem).lookup("HF_TOKEN"))).contains("the server does not speak TLS");
            }
        }

        @Test
        void aMissingGarbageOrFolderCaFileIsNamed() throws IOException {
            Path missing = dir.resolve("nowhere.pem");
            assertThat(tlsReason(over(https.url(), missing).lookup("HF_TOKEN")))
                    .isEqualTo("VAULT_CACERT " + missing + " does not exist: point VAULT_CACERT at the PEM file of the CA that signed Vault's certificate");
            Path garbage = dir.resolve("garbage.pem");
            Files.writeString(garbage, "this is not a certificate " + UUID.randomUUID());
            assertThat(tlsReason(over(https.url(), garbage).lookup("HF_TOKEN")))
                    .startsWith("VAULT_CACERT " + garbage).contains("export the CA certificate as PEM");
            Path truncated = dir.resolve("truncated.pem");
            String good = Files.readString(goodPem);
            Files.writeString(truncated, good.substring(0, good.length() / 2));
            assertThat(tlsReason(over(https.url(), truncated).lookup("HF_TOKEN"))).startsWith("VAULT_CACERT " + truncated);
            assertThat(tlsReason(over(https.url(), dir).lookup("HF_TOKEN"))).isEqualTo("VAULT_CACERT " + dir
                    + " is a folder, not a PEM file: point VAULT_CACERT at the CA certificate file itself");
        }

        @Test
        void fixingTheCaFileTakesEffectAfterRefresh() throws IOException {
            Path ca = dir.resolve("ca.pem");
            Files.copy(otherPem, ca);
            HashiCorpVaultProvider provider = over(https.url(), ca);
            assertThat(provider.lookup("HF_TOKEN")).isInstanceOf(Lookup.Unavailable.class);
            Files.copy(goodPem, ca, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            provider.refresh();
            assertFound(provider.lookup("HF_TOKEN"), hfToken, "HF_TOKEN");
        }
    }
}
