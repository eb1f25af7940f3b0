package io.secretdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.testing.VaultKvTestServer.Health;
import io.secretdesk.testing.VaultKvTestServer.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The test server's answers, checked over plain java.net.http against Vault's documented API. */
@Tag("slow")
class VaultKvTestServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private VaultKvTestServer vault;

    @BeforeEach
    void start() {
        vault = VaultKvTestServer.start();
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private record Answer(int status, JsonNode body, String contentType) {
    }

    private Answer call(String method, String path, String token, String namespace, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vault.url() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Vault-Token", token);
        }
        if (namespace != null) {
            request.header("X-Vault-Namespace", namespace);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Answer(response.statusCode(), parsed, response.headers().firstValue("Content-Type").orElse(null));
    }

    private Answer get(String path) throws IOException, InterruptedException {
        return call("GET", path, vault.rootToken(), null, null);
    }

    @Test
    void kvV2ReadHasVaultsEnvelopeAndWritesAddVersions() throws Exception {
        vault.mount("secret", 2);
        Answer first = call("POST", "/v1/secret/data/app", vault.rootToken(), null, "{\"data\":{\"foo\":\"one\"}}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().at("/data/version").asInt()).isEqualTo(1);
        assertThat(first.body().at("/data/deletion_time").asText()).isEmpty();
        Answer second = call("PUT", "/v1/secret/data/app", vault.rootToken(), null, "{\"data\":{\"foo\":\"two\",\"n\":42}}");
        assertThat(second.body().at("/data/version").asInt()).isEqualTo(2);

        Answer read = get("/v1/secret/data/app");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.contentType()).isEqualTo("application/json");
        JsonNode body = read.body();
        assertThat(body.fieldNames()).toIterable()
                .contains("request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth");
        assertThat(body.get("request_id").asText()).isNotBlank();
        assertThat(body.get("lease_id").asText()).isEmpty();
        assertThat(body.get("renewable").asBoolean()).isFalse();
        assertThat(body.get("lease_duration").asLong()).isZero();
        assertThat(body.get("wrap_info").isNull()).isTrue();
        assertThat(body.get("warnings").isNull()).isTrue();
        assertThat(body.get("auth").isNull()).isTrue();
        assertThat(body.at("/data/data/foo").asText()).isEqualTo("two");
        assertThat(body.at("/data/data/n").isInt()).isTrue();
        JsonNode metadata = body.at("/data/metadata");
        assertThat(metadata.fieldNames()).toIterable()
                .containsExactly("created_time", "custom_metadata", "deletion_time", "destroyed", "version");
        assertThat(metadata.get("version").asInt()).isEqualTo(2);
        assertThat(metadata.get("destroyed").asBoolean()).isFalse();
        assertThat(metadata.get("created_time").asText()).endsWith("Z");

        assertThat(get("/v1/secret/data/app?version=1").body().at("/data/data/foo").asText()).isEqualTo("one");
        assertThat(get("/v1/secret/data/app?version=3").status()).isEqualTo(404);
        Answer badWrite = call("POST", "/v1/secret/data/app", vault.rootToken(), null, "{\"foo\":\"bar\"}");
        assertThat(badWrite.status()).isEqualTo(400);
        assertThat(badWrite.body().get("errors").get(0).asText()).isEqualTo("no data provided");
        Answer casMismatch = call("POST", "/v1/secret/data/app", vault.rootToken(), null, "{\"options\":{\"cas\":1},\"data\":{}}");
        assertThat(casMismatch.status()).isEqualTo(400);
    }

    @Test
    void kvV2DeletedLatestVersionIsA404ThatKeepsItsMetadata() throws Exception {
        vault.mount("secret", 2);
        vault.put("secret", "app", Map.of("foo", "bar"));
        assertThat(call("DELETE", "/v1/secret/data/app", vault.rootToken(), null, null).status()).isEqualTo(204);
        Answer read = get("/v1/secret/data/app");
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.body().at("/data/data").isNull()).isTrue();
        assertThat(read.body().at("/data/metadata/deletion_time").asText()).isNotEmpty();
    }

    @Test
    void kvV1ReadReturnsTheMapWithTheDefaultLease() throws Exception {
        vault.mount("legacy", 1);
        assertThat(call("PUT", "/v1/legacy/app", vault.rootToken(), null, "{\"foo\":\"bar\"}").status()).isEqualTo(204);
        Answer read = get("/v1/legacy/app");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("lease_duration").asLong()).isEqualTo(2_764_800L);
        assertThat(read.body().at("/data/foo").asText()).isEqualTo("bar");
        assertThat(read.body().get("data").size()).isEqualTo(1);
        assertThat(call("DELETE", "/v1/legacy/app", vault.rootToken(), null, null).status()).isEqualTo(204);
        assertThat(get("/v1/legacy/app").status()).isEqualTo(404);
    }

    @Test
    void aV1StyleReadOfAV2MountIsA404WithTheVersionedEngineWarning() throws Exception {
        vault.mount("secret", 2);
        vault.put("secret", "app", Map.of("foo", "bar"));
        Answer read = get("/v1/secret/app");
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.body().get("data").isNull()).isTrue();
        assertThat(read.body().get("errors")).isNull();
        assertThat(read.body().get("warnings").get(0).asText())
                .startsWith("Invalid path for a versioned K/V secrets engine.")
                .endsWith("use 'vault kv get' for this operation.");
        Answer write = call("POST", "/v1/secret/app", vault.rootToken(), null, "{\"foo\":\"bar\"}");
        assertThat(write.body().get("warnings").get(0).asText()).contains("'vault kv put'");
    }

    @Test
    void missingPathIs404WithEmptyErrorsAndUnmountedPathNamesTheRoute() throws Exception {
        vault.mount("secret", 2);
        Answer missing = get("/v1/secret/data/nothing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().toString()).isEqualTo("{\"errors\":[]}");
        Answer unmounted = get("/v1/other/data/app");
        assertThat(unmounted.status()).isEqualTo(404);
        assertThat(unmounted.body().get("errors").get(0).asText())
                .isEqualTo("no handler for route \"other/data/app\". route entry not found.");
    }

    @Test
    void tokensAreCheckedAndPoliciesLimitWhatTheyMayDo() throws Exception {
        vault.mount("secret", 2);
        vault.put("secret", "app", Map.of("foo", "bar"));
        vault.put("secret", "other", Map.of("foo", "baz"));
        for (String token : new String[] {null, "hvs.unknown"}) {
            Answer denied = call("GET", "/v1/secret/data/app", token, null, null);
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.body().toString()).isEqualTo("{\"errors\":[\"permission denied\"]}");
        }
        String readOnly = vault.createToken(null, true);
        assertThat(call("GET", "/v1/secret/data/app", readOnly, null, null).status()).isEqualTo(200);
        assertThat(call("POST", "/v1/secret/data/app", readOnly, null, "{\"data\":{}}").status()).isEqualTo(403);
        String limited = vault.createToken(null, false, "secret/data/app");
        assertThat(call("GET", "/v1/secret/data/app", limited, null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/v1/secret/data/other", limited, null, null).status()).isEqualTo(403);
        vault.revokeToken(limited);
        assertThat(call("GET", "/v1/secret/data/app", limited, null, null).status()).isEqualTo(403);
        Answer bearer = new Answer(http.send(HttpRequest.newBuilder(URI.create(vault.url() + "/v1/secret/data/app"))
                .header("Authorization", "Bearer " + vault.rootToken()).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), null, null);
        assertThat(bearer.status()).isEqualTo(200);
    }

    @Test
    void multiSegmentMountsRouteToTheLongestMount() throws Exception {
        vault.mount("kv", 1).mount("kv/team", 2);
        vault.put("kv/team", "apps/one", Map.of("foo", "v2"));
        vault.put("kv", "apps/one", Map.of("foo", "v1"));
        assertThat(get("/v1/kv/team/data/apps/one").body().at("/data/data/foo").asText()).isEqualTo("v2");
        assertThat(get("/v1/kv/apps/one").body().at("/data/foo").asText()).isEqualTo("v1");
    }

    @Test
    void namespacesComeFromTheHeaderOrThePathAndBindTokens() throws Exception {
        vault.mount("team/dev", "secret", 2);
        vault.put("team/dev", "secret", "app", Map.of("foo", "bar"));
        assertThat(call("GET", "/v1/secret/data/app", vault.rootToken(), "team/dev/", null).status()).isEqualTo(200);
        assertThat(call("GET", "/v1/dev/secret/data/app", vault.rootToken(), "team", null).status()).isEqualTo(200);
        assertThat(get("/v1/team/dev/secret/data/app").status()).isEqualTo(200);

        Answer wrongNamespace = call("GET", "/v1/secret/data/app", vault.rootToken(), "team", null);
        assertThat(wrongNamespace.status()).isEqualTo(404);
        assertThat(wrongNamespace.body().get("errors").get(0).asText()).startsWith("no handler for route");
        Answer unknown = call("GET", "/v1/secret/data/app", vault.rootToken(), "nope", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("errors").get(0).asText()).isEqualTo("namespace not found");

        String teamToken = vault.createToken("team/dev", true);
        assertThat(call("GET", "/v1/secret/data/app", teamToken, "team/dev", null).status()).isEqualTo(200);
        assertThat(call("GET", "/v1/secret/data/app", teamToken, null, null).status()).isEqualTo(403);
        String parentToken = vault.createToken("team", true, "dev/secret/data/*");
        assertThat(call("GET", "/v1/secret/data/app", parentToken, "team/dev", null).status()).isEqualTo(200);
    }

    @Test
    void sealedVaultAnswers503ButHealthStillAnswers() throws Exception {
        vault.mount("secret", 2);
        vault.sealed(true);
        Answer read = get("/v1/secret/data/app");
        assertThat(read.status()).isEqualTo(503);
        assertThat(read.body().toString()).isEqualTo("{\"errors\":[\"Vault is sealed\"]}");
        Answer health = call("GET", "/v1/sys/health", null, null, null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body().get("sealed").asBoolean()).isTrue();
        assertThat(health.body().get("initialized").asBoolean()).isTrue();
    }

    @Test
    void healthUsesTheDocumentedCodesAndParameters() throws Exception {
        Answer active = call("GET", "/v1/sys/health", null, null, null);
        assertThat(active.status()).isEqualTo(200);
        assertThat(active.contentType()).isEqualTo("application/json");
        assertThat(active.body().fieldNames()).toIterable().contains("initialized", "sealed", "standby", "performance_standby",
                "replication_performance_mode", "replication_dr_mode", "server_time_utc", "version", "cluster_name", "cluster_id");
        Map<Health, Integer> codes = Map.of(Health.STANDBY, 429, Health.PERFORMANCE_STANDBY, 473, Health.DR_SECONDARY, 472,
                Health.SEALED, 503, Health.UNINITIALIZED, 501, Health.ACTIVE, 200);
        for (Map.Entry<Health, Integer> expected : codes.entrySet()) {
            vault.health(expected.getKey());
            assertThat(call("GET", "/v1/sys/health", null, null, null).status()).as(expected.getKey().name()).isEqualTo(expected.getValue());
        }
        vault.health(Health.STANDBY);
        assertThat(call("GET", "/v1/sys/health?standbyok=true", null, null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/v1/sys/health?standbycode=299", null, null, null).status()).isEqualTo(299);
        assertThat(call("GET", "/v1/sys/health", null, null, null).body().get("standby").asBoolean()).isTrue();
        Answer head = call("HEAD", "/v1/sys/health", null, null, null);
        assertThat(head.status()).isEqualTo(429);
        assertThat(head.body()).isNull();
        vault.health(Health.UNINITIALIZED);
        assertThat(call("GET", "/v1/sys/health", null, null, null).body().get("initialized").asBoolean()).isFalse();
    }

    @Test
    void requestLogKeepsMethodPathAndHeadersAndMasksTheToken() throws Exception {
        vault.mount("secret", 2);
        get("/v1/secret/data/app?version=2");
        RecordedRequest request = vault.requests().get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/v1/secret/data/app");
        assertThat(request.query()).isEqualTo("version=2");
        assertThat(vault.rootToken().equals(request.header("x-vault-token"))).as("token recorded").isTrue();
        assertThat(request.toString().contains(vault.rootToken())).as("toString masks the token").isFalse();
        vault.clearRequests();
        assertThat(vault.requests()).isEmpty();
    }

    @Test
    void hangModeAcceptsButNeverAnswers() {
        vault.mount("secret", 2);
        vault.hang(true);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(vault.url() + "/v1/secret/data/app"))
                    .timeout(Duration.ofSeconds(1)).build();
            assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
        });
        assertThat(vault.requests()).extracting(RecordedRequest::path).containsExactly("/v1/secret/data/app");
        vault.hang(false);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(get("/v1/secret/data/app").status()).isEqualTo(404));
    }

    @Test
    void unmodelledEndpointsSaySoInsteadOfPretending() throws Exception {
        vault.mount("secret", 2);
        Answer subkeys = get("/v1/secret/subkeys/app");
        assertThat(subkeys.status()).isEqualTo(501);
        assertThat(subkeys.body().get("errors").get(0).asText()).contains("does not model");
    }

    @Test
    void casZeroCreatesOnlyAndANonZeroCasMustMatchTheCurrentVersion() throws Exception {
        vault.mount("secret", 2);
        String token = vault.rootToken();
        assertThat(call("POST", "/v1/secret/data/app", token, null, "{\"options\":{\"cas\":0},\"data\":{\"a\":\"1\"}}").status())
                .isEqualTo(200);
        Answer again = call("POST", "/v1/secret/data/app", token, null, "{\"options\":{\"cas\":0},\"data\":{\"a\":\"2\"}}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("errors").get(0).asText()).isEqualTo("check-and-set parameter did not match the current version");
        Answer stale = call("POST", "/v1/secret/data/app", token, null, "{\"options\":{\"cas\":2},\"data\":{\"a\":\"2\"}}");
        assertThat(stale.status()).isEqualTo(400);
        Answer matching = call("POST", "/v1/secret/data/app", token, null, "{\"options\":{\"cas\":1},\"data\":{\"a\":\"2\"}}");
        assertThat(matching.status()).isEqualTo(200);
        assertThat(matching.body().at("/data/version").asInt()).isEqualTo(2);

        vault.casRequired("secret", true);
        Answer without = call("POST", "/v1/secret/data/app", token, null, "{\"data\":{\"a\":\"3\"}}");
        assertThat(without.status()).isEqualTo(400);
        assertThat(without.body().get("errors").get(0).asText()).isEqualTo("check-and-set parameter required for this call");
    }

    @Test
    void metadataListsEveryVersionWithItsStateAndTheCurrentVersion() throws Exception {
        vault.mount("secret", 2);
        vault.put("secret", "app", Map.of("a", "1"));
        vault.put("secret", "app", Map.of("a", "2"));
        vault.put("secret", "app", Map.of("a", "3"));
        String token = vault.rootToken();
        assertThat(call("POST", "/v1/secret/delete/app", token, null, "{\"versions\":[2]}").status()).isEqualTo(204);
        assertThat(call("PUT", "/v1/secret/destroy/app", token, null, "{\"versions\":[1]}").status()).isEqualTo(204);

        JsonNode meta = get("/v1/secret/metadata/app").body().get("data");
        assertThat(meta.get("current_version").asInt()).isEqualTo(3);
        assertThat(meta.get("oldest_version").asInt()).isEqualTo(1);
        assertThat(meta.get("cas_required").asBoolean()).isFalse();
        assertThat(meta.at("/versions/1/destroyed").asBoolean()).isTrue();
        assertThat(meta.at("/versions/2/deletion_time").asText()).isNotEmpty();
        assertThat(meta.at("/versions/3/deletion_time").asText()).isEmpty();
        assertThat(get("/v1/secret/data/app?version=2").status()).isEqualTo(404);
        Answer destroyed = get("/v1/secret/data/app?version=1");
        assertThat(destroyed.status()).isEqualTo(404);
        assertThat(destroyed.body().at("/data/metadata/destroyed").asBoolean()).isTrue();

        assertThat(call("POST", "/v1/secret/undelete/app", token, null, "{\"versions\":[1,2]}").status()).isEqualTo(204);
        assertThat(get("/v1/secret/data/app?version=2").body().at("/data/data/a").asText()).isEqualTo("2");
        assertThat(get("/v1/secret/data/app?version=1").status()).as("a destroyed version stays destroyed").isEqualTo(404);

        assertThat(call("DELETE", "/v1/secret/metadata/app", token, null, null).status()).isEqualTo(204);
        assertThat(get("/v1/secret/metadata/app").status()).isEqualTo(404);
        assertThat(get("/v1/secret/data/app").status()).isEqualTo(404);
    }

    @Test
    void onlyTheNewestTenVersionsAreKept() throws Exception {
        vault.mount("secret", 2);
        for (int i = 1; i <= 12; i++) {
            vault.put("secret", "app", Map.of("a", String.valueOf(i)));
        }
        JsonNode meta = get("/v1/secret/metadata/app").body().get("data");
        assertThat(meta.get("current_version").asInt()).isEqualTo(12);
        assertThat(meta.get("oldest_version").asInt()).isEqualTo(3);
        assertThat(meta.get("versions").size()).isEqualTo(10);
        assertThat(get("/v1/secret/data/app?version=2").status()).isEqualTo(404);
    }

    @Test
    void mergePatchChangesOnlyTheNamedKeysAndHonoursCas() throws Exception {
        vault.mount("secret", 2);
        vault.put("secret", "app", Map.of("a", "1", "n", 42, "nested", Map.of("x", 1, "y", 2)));
        String token = vault.rootToken();
        HttpRequest.Builder patch = HttpRequest.newBuilder(URI.create(vault.url() + "/v1/secret/data/app"))
                .header("X-Vault-Token", token).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"options\":{\"cas\":1},\"data\":{\"a\":\"2\",\"nested\":{\"y\":null}}}"));
        HttpResponse<String> patched = http.send(patch.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode data = get("/v1/secret/data/app").body().at("/data/data");
        assertThat(data.get("a").asText()).isEqualTo("2");
        assertThat(data.get("n").isInt()).isTrue();
        assertThat(data.at("/nested/x").asInt()).isEqualTo(1);
        assertThat(data.at("/nested").has("y")).isFalse();

        HttpResponse<String> stale = http.send(patch.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stale.statusCode()).isEqualTo(400);
        Answer plain = call("PATCH", "/v1/secret/data/app", token, null, "{\"data\":{\"a\":\"3\"}}");
        assertThat(plain.status()).as("PATCH without the merge-patch content type").isEqualTo(415);
        Answer missing = call("PATCH", "/v1/secret/data/nothing", token, null, null);
        assertThat(missing.status()).isIn(404, 415);
    }

    @Test
    void uiMountsTellsAPathsKvVersionAndPolicyCapabilitiesAreEnforced() throws Exception {
        vault.mount("secret", 2).mount("kv1", 1);
        assertThat(get("/v1/sys/internal/ui/mounts/secret/app").body().at("/data/options/version").asText()).isEqualTo("2");
        assertThat(get("/v1/sys/internal/ui/mounts/kv1/app").body().at("/data/path").asText()).isEqualTo("kv1/");
        assertThat(get("/v1/sys/internal/ui/mounts/nowhere/app").status()).isEqualTo(400);

        vault.put("secret", "app", Map.of("a", "1"));
        String reader = vault.createPolicyToken("secret/data/app:read", "secret/metadata/app:read");
        assertThat(call("GET", "/v1/secret/data/app", reader, null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/v1/secret/metadata/app", reader, null, null).status()).isEqualTo(200);
        assertThat(call("POST", "/v1/secret/data/app", reader, null, "{\"data\":{}}").status()).isEqualTo(403);
        String writer = vault.createPolicyToken("secret/data/app:read,update");
        assertThat(call("POST", "/v1/secret/data/app", writer, null, "{\"data\":{\"a\":\"2\"}}").status()).isEqualTo(200);
        assertThat(call("GET", "/v1/secret/metadata/app", writer, null, null).status()).isEqualTo(403);
    }
}
