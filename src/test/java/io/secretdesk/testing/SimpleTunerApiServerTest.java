package io.secretdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.secretdesk.testing.SimpleTunerApiServer.RecordedRequest;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The stand-in's open /api/cloud routes and its version and routing answers, over plain java.net.http. */
@Tag("slow")
class SimpleTunerApiServerTest extends SimpleTunerServerTestBase {

    private static final String DEFAULT_HARDWARE = "{\"hardware\":[{\"id\":\"gpu-l40s\",\"name\":\"L40S (48GB)\","
            + "\"cost_per_second\":0.000972222,\"cost_per_hour\":3.5,\"available\":true},{\"id\":\"gpu-h100\",\"name\":\"H100 (80GB)\","
            + "\"cost_per_second\":0.001525,\"cost_per_hour\":5.49,\"available\":true}],\"default_hardware\":\"gpu-l40s\","
            + "\"message\":\"Hardware is determined by the model endpoint. Use 'Model Version' selector to switch endpoints.\"}";

    @Test
    void providerConfigIsEmptyUntilWrittenThenMergedAndStoredAsSimpleTunerWritesIt() throws Exception {
        Answer empty = call("GET", "/api/cloud/providers/replicate/config", null, null);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.header("content-type")).isEqualTo("application/json");
        assertThat(empty.body()).isEqualTo("{\"provider\":\"replicate\",\"config\":{}}");
        assertThat(server.providerConfig("replicate")).isNull();

        Answer first = put("/api/cloud/providers/replicate/config",
                "{\"cost_limit_enabled\":\"yes\",\"cost_limit_amount\":25,\"cost_limit_action\":\"block\",\"webhook_url\":\"  https://hooks.example/x  \","
                        + "\"unknown_field\":1,\"hardware_info\":{\"gpu-a100\":{\"name\":\"A100 \u00e9\",\"cost_per_second\":0.0014}}}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"provider\":\"replicate\",\"config\":{\"webhook_url\":\"https://hooks.example/x\","
                + "\"cost_limit_enabled\":true,\"cost_limit_amount\":25.0,\"cost_limit_action\":\"block\","
                + "\"hardware_info\":{\"gpu-a100\":{\"name\":\"A100 \u00e9\",\"cost_per_second\":0.0014}}}}");

        Answer second = put("/api/cloud/providers/replicate/config", "{\"cost_limit_amount\":40.5,\"version_override\":\"\",\"http_timeout\":0}");
        assertThat(second.json().get("config").get("cost_limit_amount").asDouble()).isEqualTo(40.5);
        assertThat(second.json().get("config").has("version_override")).isTrue();
        assertThat(second.json().get("config").get("version_override").isNull()).isTrue();
        assertThat(second.json().get("config").has("http_timeout")).isFalse();
        assertThat(call("GET", "/api/cloud/providers/replicate/config", null, null).body()).isEqualTo(second.body());

        // The stored column is json.dumps of the dict, byte for byte (", " and ": ", \\u escapes, insertion order).
        String expected = Python.run("import json,sys\nprint(json.dumps(json.loads(sys.stdin.readline())))",
                JSON.writeValueAsString(JSON.readTree(second.body()).get("config")));
        assertThat(server.providerConfigRow("replicate")).isEqualTo(expected).contains("\\u00e9");
        assertThat(server.auditRows()).as("SimpleTuner audits no provider config write").isEmpty();
    }

    @Test
    void providerConfigRejectsWhatSimpleTunerRejectsAndKeepsTheStoredConfig() throws Exception {
        put("/api/cloud/providers/replicate/config", "{\"cost_limit_action\":\"warn\"}");
        String before = server.providerConfigRow("replicate");
        Map<String, String> badBodies = new LinkedHashMap<>();
        badBodies.put("{\"cost_limit_action\":\"stop\",\"cost_limit_period\":\"daily\"}", "Cost limit action must be 'warn' or 'block'");
        badBodies.put("{\"cost_limit_period\":\"hourly\"}", "Cost limit period must be 'daily', 'weekly', or 'monthly'");
        badBodies.put("{\"cost_limit_amount\":-1}", "Cost limit amount must be non-negative");
        badBodies.put("{\"hardware_info\":{\"gpu-x\":{\"name\":\"X\"}}}", "Hardware info for 'gpu-x' must include 'cost_per_second'");
        badBodies.put("{\"hardware_info\":{\"gpu-x\":{\"cost_per_second\":\"0.1\"}}}", "cost_per_second for 'gpu-x' must be a non-negative number");
        badBodies.put("{\"hardware_info\":{\"gpu-x\":{\"cost_per_second\":-0.1}}}", "cost_per_second for 'gpu-x' must be a non-negative number");
        badBodies.put("{\"webhook_url\":\"ftp://x.example\"}", "Invalid webhook URL: URL must use http or https scheme");
        badBodies.put("{\"webhook_url\":\"hooks.example/x\"}", "Invalid webhook URL: Invalid URL format");
        badBodies.put("{\"webhook_allowed_ips\":[\"10.0.0.0/8\",\"10.0.0.256\"]}", "Invalid IP address or CIDR: 10.0.0.256");
        badBodies.put("{\"hardware_profile\":\"a100\"}",
                "Invalid Replicate hardware profile 'a100'. Valid profiles: h100, h100-x2, h100-x4, h100-x8, l40s, l40s-x2, l40s-x4, l40s-x8");
        badBodies.put("{\"ssl_ca_bundle\":\"~/ca.pem\"}", "CA bundle path does not exist: ~/ca.pem");
        badBodies.put("{\"ssl_ca_bundle\":\"~\"}", "CA bundle path is not a file: ~");
        badBodies.put("{\"api_base_url\":\"simpletuner.io\"}", "api_base_url must include scheme and host (e.g., https://simpletuner.io)");
        for (Map.Entry<String, String> bad : badBodies.entrySet()) {
            Answer answer = put("/api/cloud/providers/replicate/config", bad.getKey());
            assertThat(answer.status()).as(bad.getKey()).isEqualTo(400);
            assertThat(answer.body()).as(bad.getKey()).isEqualTo(JSON.writeValueAsString(Map.of("detail", bad.getValue())));
        }
        assertThat(server.providerConfigRow("replicate")).isEqualTo(before);

        Answer notADict = put("/api/cloud/providers/replicate/config", "{\"hardware_info\":{\"gpu-x\":5}}");
        assertThat(notADict.status()).isEqualTo(422);
        assertThat(notADict.body()).isEqualTo("{\"detail\":[{\"type\":\"dict_type\",\"loc\":[\"body\",\"hardware_info\",\"gpu-x\"],"
                + "\"msg\":\"Input should be a valid dictionary\",\"input\":5}]}");
        Answer notJson = put("/api/cloud/providers/replicate/config", "{\"cost_limit_amount\": }");
        assertThat(notJson.status()).isEqualTo(422);
        assertThat(notJson.json().at("/detail/0/type").asText()).isEqualTo("json_invalid");
        assertThat(notJson.json().at("/detail/0/msg").asText()).isEqualTo("JSON decode error");
        Answer noContentType = call("PUT", "/api/cloud/providers/replicate/config", null, null);
        assertThat(noContentType.body()).isEqualTo("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\"],\"msg\":\"Field required\",\"input\":null}]}");
        HttpResponse<String> plainText = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/cloud/providers/replicate/config"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plainText.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(plainText.body()).at("/detail/0/type").asText()).isEqualTo("model_attributes_type");
        assertThat(server.providerConfigRow("replicate")).isEqualTo(before);
    }

    @Test
    void advancedSettingsHaveDefaultsAndPatchOnlyWhatIsGiven() throws Exception {
        Answer defaults = call("GET", "/api/cloud/providers/replicate/advanced", null, null);
        assertThat(defaults.body()).isEqualTo("{\"ssl_verify\":true,\"ssl_ca_bundle\":null,\"proxy_url\":null,\"http_timeout\":30,"
                + "\"webhook_ip_allowlist_enabled\":false,\"webhook_allowed_ips\":[]}");
        server.serverDirectory("/etc/ssl/certs");
        Answer patched = call("PATCH", "/api/cloud/providers/replicate/advanced", null,
                "{\"ssl_verify\":false,\"ssl_ca_bundle\":\"/etc/ssl/certs/../certs\",\"http_timeout\":\"60\",\"webhook_allowed_ips\":[\"192.0.2.0/24\"]}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body()).isEqualTo("{\"ssl_verify\":false,\"ssl_ca_bundle\":\"/etc/ssl/certs\",\"proxy_url\":null,\"http_timeout\":60,"
                + "\"webhook_ip_allowlist_enabled\":true,\"webhook_allowed_ips\":[\"192.0.2.0/24\"]}");
        assertThat(server.providerConfig("replicate")).containsEntry("ssl_ca_bundle", "/etc/ssl/certs").containsEntry("http_timeout", 60);

        Answer fractional = call("PATCH", "/api/cloud/providers/replicate/advanced", null, "{\"http_timeout\":12.5}");
        assertThat(fractional.status()).isEqualTo(422);
        assertThat(fractional.json().at("/detail/0/type").asText()).isEqualTo("int_from_float");

        // The config route stores http_timeout as a float; the advanced model's int then fails: SimpleTuner answers 500.
        put("/api/cloud/providers/replicate/config", "{\"http_timeout\":12.5}");
        Answer broken = call("GET", "/api/cloud/providers/replicate/advanced", null, null);
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.header("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(broken.body()).isEqualTo("Internal Server Error");
    }

    @Test
    void hardwareOptionsFollowReplicatesConfigAtOnceAfterAPutButWithinFiveMinutesAfterADirectEdit() throws Exception {
        assertThat(call("GET", "/api/cloud/hardware-options", null, null).body()).isEqualTo(DEFAULT_HARDWARE);

        put("/api/cloud/providers/replicate/config", "{\"hardware_info\":{\"gpu-a100\":{\"cost_per_second\":0.0014}}}");
        JsonNode afterPut = call("GET", "/api/cloud/hardware-options", null, null).json();
        assertThat(afterPut.at("/hardware/0/id").asText()).isEqualTo("gpu-a100");
        assertThat(afterPut.at("/hardware/0/name").asText()).as("name defaults to the id").isEqualTo("gpu-a100");
        assertThat(afterPut.at("/hardware/0/cost_per_hour").asDouble()).isEqualTo(5.04);
        assertThat(afterPut.get("hardware")).hasSize(1);

        server.seedProviderConfig("replicate", Map.of("hardware_info", Map.of("gpu-b200", Map.of("name", "B200", "cost_per_second", 1))));
        assertThat(call("GET", "/api/cloud/hardware-options", null, null).json().at("/hardware/0/id").asText()).isEqualTo("gpu-a100");
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(call("GET", "/api/cloud/hardware-options", null, null).json().at("/hardware/0/id").asText()).isEqualTo("gpu-a100");
        clock.advance(Duration.ofSeconds(1));
        Answer fresh = call("GET", "/api/cloud/hardware-options", null, null);
        assertThat(fresh.body()).contains("{\"id\":\"gpu-b200\",\"name\":\"B200\",\"cost_per_second\":1.0,\"cost_per_hour\":3600.0,\"available\":true}");

        server.seedProviderConfig("replicate", Map.of("hardware_info", Map.of()));
        server.restart();
        assertThat(call("GET", "/api/cloud/hardware-options", null, null).body()).as("empty hardware_info: defaults").isEqualTo(DEFAULT_HARDWARE);
    }

    @Test
    void tokenIsWriteOnlyAndValidatedAgainstReplicate() throws Exception {
        String token = "r8_" + "A".repeat(37);
        assertThat(put("/api/cloud/providers/replicate/token", "{\"api_token\":\"  \"}").body())
                .isEqualTo("{\"success\":false,\"file_path\":null,\"error\":\"Token cannot be empty\"}");
        assertThat(put("/api/cloud/providers/replicate/token", "{\"api_token\":\"abc\"}").body())
                .isEqualTo("{\"success\":false,\"file_path\":null,\"error\":\"Invalid token format. Replicate tokens start with 'r8_'\"}");
        assertThat(put("/api/cloud/providers/replicate/token", "{}").status()).isEqualTo(422);
        assertThat(server.secretsFileOnDisk()).isNull();

        Answer saved = put("/api/cloud/providers/replicate/token", "{\"api_token\":\" " + token + "\\n\"}");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.json().get("success").asBoolean()).isTrue();
        assertThat(saved.json().get("file_path").asText()).isEqualTo(server.secretsFilePath());
        assertThat(saved.json().get("error").asText()).isEqualTo("Token saved but validation failed: HTTP 401: "
                + "{\"title\":\"Unauthenticated\",\"detail\":\"You did not pass a valid authentication token\",\"status\":401}");
        assertThat(saved.body()).doesNotContain(token);
        assertThat(server.secretsFileOnDisk()).containsExactly(Map.entry("REPLICATE_API_TOKEN", token));

        Answer invalid = call("GET", "/api/cloud/providers/replicate/validate", null, null);
        assertThat(invalid.json().get("valid").asBoolean()).isFalse();
        assertThat(invalid.json().get("error").asText()).startsWith("HTTP 401: ");
        server.replicateAccount(token, "trainer", "Tina Trainer", "https://github.com/trainer");
        Answer valid = call("GET", "/api/cloud/providers/replicate/validate", null, null);
        assertThat(valid.body()).isEqualTo("{\"valid\":true,\"user_info\":{\"valid\":true,\"username\":\"trainer\",\"name\":\"Tina Trainer\","
                + "\"github_url\":\"https://github.com/trainer\",\"token_source\":\"global\"},\"error\":null}");
        server.replicateUnreachable("All connection attempts failed");
        assertThat(call("GET", "/api/cloud/providers/replicate/validate", null, null).json().get("error").asText())
                .isEqualTo("All connection attempts failed");

        Answer deleted = call("DELETE", "/api/cloud/providers/replicate/token", null, null);
        assertThat(deleted.body()).isEqualTo("{\"success\":true,\"file_path\":\"" + server.secretsFilePath() + "\",\"error\":null}");
        assertThat(server.secretsFileOnDisk()).isEmpty();
        assertThat(call("GET", "/api/cloud/providers/replicate/validate", null, null).body())
                .isEqualTo("{\"valid\":false,\"user_info\":null,\"error\":\"REPLICATE_API_TOKEN environment variable not set\"}");
        assertThat(call("DELETE", "/api/cloud/providers/replicate/token", null, null).json().get("success").asBoolean())
                .as("absent key: still success").isTrue();
        for (RecordedRequest request : server.requests(Route.REPLICATE_TOKEN_PUT)) {
            assertThat(request.toString()).doesNotContain(token);
        }
        assertThat(server.auditRows()).isEmpty();
    }

    @Test
    void tokenDeleteFailsWithoutASecretsFileAndAFailedWriteSaysSo() throws Exception {
        assertThat(call("DELETE", "/api/cloud/providers/replicate/token", null, null).body())
                .isEqualTo("{\"success\":false,\"file_path\":null,\"error\":\"Failed to delete token\"}");
        server.secretsFileWritable(false);
        assertThat(put("/api/cloud/providers/replicate/token", "{\"api_token\":\"r8_x\"}").body())
                .isEqualTo("{\"success\":false,\"file_path\":null,\"error\":\"Failed to save token to file\"}");
        assertThat(server.secretsFileOnDisk()).isNull();
    }

    @Test
    void healthReportsTheProcessViewOfSecretsUntilARestart() throws Exception {
        Answer fresh = call("GET", "/api/cloud/health", null, null);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.body()).isEqualTo("{\"status\":\"degraded\",\"version\":\"1.0.0\",\"uptime_seconds\":0.0,\"components\":["
                + "{\"name\":\"database\",\"status\":\"healthy\",\"latency_ms\":0.0,\"message\":\"SQLite database accessible\"},"
                + "{\"name\":\"secrets\",\"status\":\"degraded\",\"latency_ms\":null,\"message\":\"No Replicate API token configured\"}],"
                + "\"timestamp\":\"2026-03-04T05:06:07.123456+00:00\"}");

        // Another program writes the secrets file: the running process cached its miss and still says degraded.
        server.secretsFile(Map.of("REPLICATE_API_TOKEN", "r8_fromdisk"));
        clock.advance(Duration.ofSeconds(90));
        JsonNode stale = call("GET", "/api/cloud/health", null, null).json();
        assertThat(stale.get("status").asText()).isEqualTo("degraded");
        assertThat(stale.get("uptime_seconds").asDouble()).isEqualTo(90.0);
        server.restart();
        JsonNode restarted = call("GET", "/api/cloud/health", null, null).json();
        assertThat(restarted.get("status").asText()).isEqualTo("healthy");
        assertThat(restarted.at("/components/1/message").asText()).isEqualTo("API token configured");
        assertThat(restarted.get("uptime_seconds").asDouble()).as("uptime counts from the first health call").isEqualTo(0.0);

        JsonNode withReplicate = call("GET", "/api/cloud/health?include_replicate=true", null, null).json();
        assertThat(withReplicate.at("/components/2/name").asText()).isEqualTo("replicate_api");
        assertThat(withReplicate.at("/components/2/message").asText()).isEqualTo("Replicate API returned 401");
        assertThat(withReplicate.get("status").asText()).isEqualTo("degraded");
        assertThat(call("GET", "/api/cloud/health?include_replicate=maybe", null, null).body())
                .isEqualTo("{\"detail\":[{\"type\":\"bool_parsing\",\"loc\":[\"query\",\"include_replicate\"],"
                        + "\"msg\":\"Input should be a valid boolean, unable to interpret input\",\"input\":\"maybe\"}]}");
        server.databaseError("unable to open database file");
        Answer down = call("GET", "/api/cloud/health", null, null);
        assertThat(down.status()).as("health is 200 even when unhealthy").isEqualTo(200);
        assertThat(down.json().get("status").asText()).isEqualTo("unhealthy");
        assertThat(down.json().at("/components/0/message").asText()).isEqualTo("Database error: unable to open database file");
    }

    @Test
    void aPutWritesTheProcessCopyOfTheSecretsFileAndTheEnvironmentWinsAfterARestart() throws Exception {
        server.secretsFile(Map.of("HF_TOKEN", "hf_one"));
        server.restart();
        assertThat(call("GET", "/api/cloud/health", null, null).json().get("status").asText()).isEqualTo("degraded");

        // The process loaded the file on that first read; an edit made after it is overwritten by the next PUT.
        server.secretsFile(Map.of("HF_TOKEN", "hf_two", "OTHER", "x"));
        put("/api/cloud/providers/replicate/token", "{\"api_token\":\"r8_file\"}");
        assertThat(server.secretsFileOnDisk()).containsExactly(Map.entry("HF_TOKEN", "hf_one"), Map.entry("REPLICATE_API_TOKEN", "r8_file"));

        server.environmentReplicateToken("r8_env");
        server.replicateAccount("r8_env", "env-user", null, null);
        server.replicateAccount("r8_file", "file-user", null, null);
        server.restart();
        assertThat(call("GET", "/api/cloud/providers/replicate/validate", null, null).json().at("/user_info/username").asText()).isEqualTo("env-user");
        put("/api/cloud/providers/replicate/token", "{\"api_token\":\"r8_file\"}");
        assertThat(call("GET", "/api/cloud/providers/replicate/validate", null, null).json().at("/user_info/username").asText())
                .as("the PUT fills the cache: the file token wins until a restart").isEqualTo("file-user");
        server.restart();
        assertThat(call("GET", "/api/cloud/providers/replicate/validate", null, null).json().at("/user_info/username").asText()).isEqualTo("env-user");
        call("DELETE", "/api/cloud/providers/replicate/token", null, null);
        assertThat(call("GET", "/api/cloud/health", null, null).json().get("status").asText())
                .as("deleting the file's token leaves the environment's").isEqualTo("healthy");
    }

    @Test
    void versionRouteAndFastApiRouting() throws Exception {
        assertThat(call("GET", "/api/version", null, null).body())
                .isEqualTo("{\"version\":\"4.8.0\",\"major\":4,\"git_install\":false,\"git_commit\":null,\"git_dirty\":null}");
        server.version("5.0.0rc1");
        server.gitInfo(true, "bc8e6ab", false);
        assertThat(call("GET", "/api/version", null, null).body())
                .isEqualTo("{\"version\":\"5.0.0rc1\",\"major\":5,\"git_install\":true,\"git_commit\":\"bc8e6ab\",\"git_dirty\":false}");

        Answer wrongMethod = call("POST", "/api/cloud/providers/replicate/config", null, "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("allow")).isEqualTo("GET");
        assertThat(wrongMethod.body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
        assertThat(call("GET", "/api/cloud/providers/replicate/token", null, null).header("allow")).isEqualTo("PUT");
        Answer unknown = call("GET", "/api/cloud/secrets", null, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"detail\":\"Not Found\"}");
        Answer slash = call("GET", "/api/audit/?limit=3", null, null);
        assertThat(slash.status()).isEqualTo(307);
        assertThat(slash.header("location")).isEqualTo(server.url() + "/api/audit?limit=3");
        assertThat(unknown.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(unknown.header("server")).isEqualTo("uvicorn");
    }

    @Test
    void aDefaultJdkClientOnPlainHttpLosesItsBodyAsWithUvicornAndHttptools() throws Exception {
        HttpClient defaultClient = HttpClient.newHttpClient();
        HttpRequest putRequest = HttpRequest.newBuilder(URI.create(server.url() + "/api/cloud/providers/replicate/config"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"cost_limit_action\":\"block\"}"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> dropped = defaultClient.send(putRequest, HttpResponse.BodyHandlers.ofString());
        assertThat(server.requests(Route.PROVIDER_CONFIG_PUT).get(0).header("Upgrade")).isEqualTo("h2c");
        assertThat(dropped.statusCode()).isEqualTo(422);
        assertThat(dropped.body()).isEqualTo("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\"],\"msg\":\"Field required\",\"input\":null}]}");
        assertThat(server.providerConfig("replicate")).isNull();

        assertThat(put("/api/cloud/providers/replicate/config", "{\"cost_limit_action\":\"block\"}").status())
                .as("an HTTP/1.1 client offers no upgrade").isEqualTo(200);
        server.dropBodiesOfUpgradeRequests(false);
        assertThat(defaultClient.send(putRequest, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
