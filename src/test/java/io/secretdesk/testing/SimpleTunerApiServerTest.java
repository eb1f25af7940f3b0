package io.secretdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.testing.SimpleTunerApiServer.AuditRow;
import io.secretdesk.testing.SimpleTunerApiServer.Fault;
import io.secretdesk.testing.SimpleTunerApiServer.Gate;
import io.secretdesk.testing.SimpleTunerApiServer.RecordedRequest;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The SimpleTuner stand-in's answers over plain java.net.http, checked against the contract and against Python. */
@Tag("slow")
class SimpleTunerApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_HARDWARE = "{\"hardware\":[{\"id\":\"gpu-l40s\",\"name\":\"L40S (48GB)\","
            + "\"cost_per_second\":0.000972222,\"cost_per_hour\":3.5,\"available\":true},{\"id\":\"gpu-h100\",\"name\":\"H100 (80GB)\","
            + "\"cost_per_second\":0.001525,\"cost_per_hour\":5.49,\"available\":true}],\"default_hardware\":\"gpu-l40s\","
            + "\"message\":\"Hardware is determined by the model endpoint. Use 'Model Version' selector to switch endpoints.\"}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07.123456Z"));
    private SimpleTunerApiServer server;

    @BeforeEach
    void start() {
        server = SimpleTunerApiServer.start(clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private Answer call(String method, String path, String apiKey, String jsonBody) throws IOException, InterruptedException {
        return call(method, path, apiKey, jsonBody, Duration.ofSeconds(10));
    }

    private Answer call(String method, String path, String apiKey, String jsonBody, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(method, path, apiKey, jsonBody, timeout), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response);
    }

    private HttpRequest request(String method, String path, String apiKey, String jsonBody, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(timeout)
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return request.build();
    }

    private Answer get(String path) throws IOException, InterruptedException {
        return call("GET", path, server.adminApiKey(), null);
    }

    private Answer put(String path, String body) throws IOException, InterruptedException {
        return call("PUT", path, null, body);
    }

    // ---------------------------------------------------------------------------------------------
    // Provider config

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
    void requestValidationMatchesPydanticOnTheSameModel() throws Exception {
        List<String> bodies = List.of(
                "{\"cost_limit_enabled\":\"maybe\"}", "{\"cost_limit_enabled\":2}", "{\"cost_limit_enabled\":\"Off\"}", "{\"cost_limit_enabled\":[1]}",
                "{\"cost_limit_amount\":\"12.5\"}", "{\"cost_limit_amount\":\"abc\"}", "{\"cost_limit_amount\":true}", "{\"cost_limit_amount\":{}}",
                "{\"webhook_rate_limit_max\":0}", "{\"webhook_rate_limit_max\":\"10001\"}", "{\"webhook_rate_limit_max\":5.5}",
                "{\"webhook_rate_limit_max\":\"7\"}", "{\"s3_rate_limit_window\":3600.0}", "{\"max_runtime_minutes\":\"x\"}",
                "{\"version_override\":5}", "{\"preferences\":[1]}", "{\"webhook_allowed_ips\":\"10.0.0.1\"}",
                "{\"webhook_allowed_ips\":[\"10.0.0.1\",7]}", "{\"http_timeout\":\"45\"}", "[1,2]", "\"text\"",
                "{\"cost_limit_enabled\":\"t\",\"webhook_rate_limit_window\":-3,\"org_id\":false}");
        String script = """
                import json, sys
                from typing import Any, Dict, List, Optional
                from pydantic import BaseModel, Field, TypeAdapter, ValidationError
                class ProviderConfigUpdate(BaseModel):
                    version_override: Optional[str] = None
                    webhook_url: Optional[str] = None
                    preferences: Optional[Dict[str, Any]] = None
                    cost_limit_enabled: Optional[bool] = None
                    cost_limit_amount: Optional[float] = None
                    cost_limit_period: Optional[str] = None
                    cost_limit_action: Optional[str] = None
                    hardware_info: Optional[Dict[str, Dict[str, Any]]] = None
                    hardware_profile: Optional[str] = None
                    webhook_require_signature: Optional[bool] = None
                    webhook_allowed_ips: Optional[List[str]] = None
                    ssl_verify: Optional[bool] = None
                    ssl_ca_bundle: Optional[str] = None
                    proxy_url: Optional[str] = None
                    http_timeout: Optional[float] = None
                    webhook_rate_limit_max: Optional[int] = Field(None, ge=1, le=10000)
                    webhook_rate_limit_window: Optional[int] = Field(None, ge=1, le=3600)
                    s3_rate_limit_max: Optional[int] = Field(None, ge=1, le=10000)
                    s3_rate_limit_window: Optional[int] = Field(None, ge=1, le=3600)
                    org_id: Optional[str] = None
                    api_base_url: Optional[str] = None
                    max_runtime_minutes: Optional[int] = Field(None, ge=1)
                adapter = TypeAdapter(ProviderConfigUpdate)
                for line in sys.stdin:
                    try:
                        model = adapter.validate_python(json.loads(line), from_attributes=True)
                        print(json.dumps({"ok": model.model_dump(exclude_none=True)}))
                    except ValidationError as e:
                        errors = [dict(err, loc=["body", *err["loc"]]) for err in e.errors(include_url=False)]
                        print(json.dumps({"errors": errors}))
                """;
        List<String> expected = Python.run(script, bodies.toArray(String[]::new)).lines().toList();
        assertThat(expected).hasSameSizeAs(bodies);
        for (int i = 0; i < bodies.size(); i++) {
            String provider = "parity" + i;
            Answer answer = put("/api/cloud/providers/" + provider + "/config", bodies.get(i));
            JsonNode pydantic = JSON.readTree(expected.get(i));
            if (pydantic.has("errors")) {
                assertThat(answer.status()).as(bodies.get(i)).isEqualTo(422);
                assertThat(answer.json().get("detail")).as(bodies.get(i)).isEqualTo(pydantic.get("errors"));
            } else {
                assertThat(answer.status()).as(bodies.get(i)).isEqualTo(200);
                assertThat(answer.json().get("config")).as(bodies.get(i)).isEqualTo(pydantic.get("ok"));
            }
        }
    }

    @Test
    void stringChecksAndFloatSpellingMatchPython() {
        List<String> ips = List.of("10.0.0.1", "10.0.0.256", "010.0.0.1", "10.0.0", "10.0.0.0/8", "10.0.0.5/24", "10.0.0.0/33",
                "10.0.0.0/255.0.0.0", "10.0.0.0/0.0.0.255", "10.0.0.0/255.0.255.0", "::1", "::", "fe80::1%eth0", "2001:db8::/32",
                "2001:db8::1/129", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1::2::3", "::ffff:192.0.2.1", ":1:2", "1:2:", "1:2:3:4:5:6:7::",
                "::1:2:3:4:5:6:7", "gggg::1", "12345::1", "", "/8", "a/b/c", " 10.0.0.1");
        String pythonIps = Python.run("""
                import ipaddress, sys
                for line in sys.stdin:
                    s = line[:-1]
                    try:
                        ipaddress.ip_network(s, strict=False) if "/" in s else ipaddress.ip_address(s)
                        print("ok")
                    except ValueError:
                        print("bad")
                """, ips.toArray(String[]::new));
        assertThat(ips.stream().map(ip -> PythonChecks.validIpOrCidr(ip) ? "ok" : "bad").toList())
                .as("ipaddress verdicts for %s", ips).isEqualTo(pythonIps.lines().toList());

        List<String> urls = List.of("https://h.example/x", "HTTPS://h.example", "ftp://h", "h.example/x", "http:///x", "http://[::1",
                "mailto:a@b", "http://h?x=//y", "1http://h", "  http://h", "http://u:p@h:81/p#f");
        String pythonUrls = Python.run("""
                import sys
                from urllib.parse import urlparse
                for line in sys.stdin:
                    try:
                        p = urlparse(line[:-1]); print(p.scheme + "|" + p.netloc)
                    except ValueError as e:
                        print("error|" + str(e))
                """, urls.toArray(String[]::new));
        assertThat(urls.stream().map(u -> {
            try {
                PythonChecks.Url parsed = PythonChecks.urlparse(u);
                return parsed.scheme() + "|" + parsed.netloc();
            } catch (IllegalArgumentException e) {
                return "error|" + e.getMessage();
            }
        }).toList()).isEqualTo(pythonUrls.lines().toList());

        double[] values = {0.000972222, 1e-5, 1e-6, 1.5e-7, 1e16, 1.2e16, 123456789012345.6, 3600.0, 0.1 + 0.2, -2.5e-5, 5e-324, 1e300, 0.0, -0.0};
        StringBuilder input = new StringBuilder();
        for (double v : values) {
            input.append(HexFormat.of().toHexDigits(Double.doubleToRawLongBits(v))).append('\n');
        }
        String python = Python.run("""
                import struct, sys
                from pydantic import TypeAdapter
                ta = TypeAdapter(float)
                for line in sys.stdin:
                    v = struct.unpack(">d", bytes.fromhex(line.strip()))[0]
                    print(repr(v) + " " + ta.dump_json(v).decode())
                """, input.toString().strip().split("\n"));
        List<String> ours = new java.util.ArrayList<>();
        for (double v : values) {
            ours.add(PythonJson.floatRepr(v, false) + " " + PythonJson.floatRepr(v, true));
        }
        assertThat(ours).isEqualTo(python.lines().toList());
    }

    // ---------------------------------------------------------------------------------------------
    // Advanced settings and hardware pricing

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

    // ---------------------------------------------------------------------------------------------
    // Replicate token, validation, health

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

    // ---------------------------------------------------------------------------------------------
    // Auth and audit

    @Test
    void protectedRoutesAnswer401Or403AsSimpleTunerDoesAndLogKeyUse() throws Exception {
        int researcher = server.addUser("rita", false, "researcher");
        String researcherKey = server.addApiKey(researcher);
        int lead = server.addUser("lee", false, "lead");
        String leadKey = server.addApiKey(lead);

        Answer none = call("GET", "/api/audit", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("{\"detail\":\"Authentication required\"}");
        assertThat(none.header("www-authenticate")).isEqualTo("Bearer");
        assertThat(call("GET", "/api/audit", "st_" + "x".repeat(32), null).status()).isEqualTo(401);
        assertThat(call("GET", "/api/audit", "not-a-key", null).status()).isEqualTo(401);
        assertThat(server.auditRows()).isEmpty();

        Answer denied = call("GET", "/api/audit/stats", researcherKey, null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("{\"detail\":\"Permission denied: admin.audit\"}");
        List<AuditRow> rows = server.auditRows();
        assertThat(rows).extracting(AuditRow::eventType).containsExactly("auth.api_key.used", "security.permission_denied");
        assertThat(rows.get(0).action()).isEqualTo("API key '" + researcherKey.substring(0, 11) + "' used by 'rita'");
        assertThat(rows.get(0).detailsJson()).isEqualTo("{\"path\": \"/api/audit/stats\"}");
        assertThat(rows.get(0).actorIp()).isEqualTo("127.0.0.1");
        assertThat(rows.get(1).detailsJson()).isEqualTo("{\"path\": \"/api/audit/stats\", \"required_permission\": \"admin.audit\"}");

        assertThat(call("GET", "/api/audit", leadKey, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/users/1/credentials", leadKey, null).body()).isEqualTo("{\"detail\":\"Permission denied: admin.users\"}");
        server.revokeApiKey(leadKey);
        assertThat(call("GET", "/api/audit", leadKey, null).status()).isEqualTo(401);
        String expiring = server.addApiKey(researcher, clock.instant().plusSeconds(60));
        clock.advance(Duration.ofSeconds(61));
        assertThat(call("GET", "/api/audit", expiring, null).status()).isEqualTo(401);
        server.deactivateUser(1);
        assertThat(call("GET", "/api/audit", server.adminApiKey(), null).status()).as("inactive: 403, not 401").isEqualTo(403);

        RecordedRequest sent = server.requests(Route.AUDIT_LIST).get(0);
        assertThat(server.requests(Route.AUDIT_LIST).get(3).header("x-api-key")).isEqualTo(leadKey);
        assertThat(sent.toString()).doesNotContain(leadKey);
    }

    @Test
    void singleUserModeLetsEveryoneInAndOpenRoutesCanBeClosed() throws Exception {
        server.removeAllUsers();
        Answer open = call("GET", "/api/audit/verify", null, null);
        assertThat(open.status()).isEqualTo(200);
        assertThat(call("GET", "/api/users/1/credentials", "st_wrong", null).body()).as("the auto-created local admin is user 1").isEqualTo("[]");

        server.requireAuthOnOpenRoutes(true);
        server.addUser("second", false, "viewer");
        assertThat(call("GET", "/api/cloud/providers/replicate/config", null, null).status()).isEqualTo(401);
        String viewerKey = server.addApiKey(2);
        assertThat(call("GET", "/api/cloud/providers/replicate/config", viewerKey, null).body())
                .isEqualTo("{\"detail\":\"Permission denied: admin.config\"}");
        int admin = server.addUser("boss", true);
        assertThat(call("GET", "/api/cloud/providers/replicate/config", server.addApiKey(admin), null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/version", null, null).status()).isEqualTo(200);
    }

    @Test
    void auditListFiltersPagesAndNeverShowsHashes() throws Exception {
        for (int i = 1; i <= 5; i++) {
            server.appendAuditEvent(i % 2 == 0 ? "user.created" : "job.submitted", "event " + i, i, Map.of("n", i));
            clock.advance(Duration.ofMinutes(1));
        }
        Answer page = call("GET", "/api/audit?limit=2&offset=1&event_type=job.submitted", null, null);
        assertThat(page.status()).isEqualTo(401);
        page = get("/api/audit?limit=2&offset=0&event_type=job.submitted");
        assertThat(page.json().get("total").asInt()).as("total is the page size").isEqualTo(2);
        assertThat(page.json().get("has_more").asBoolean()).isTrue();
        assertThat(page.json().at("/entries/0/action").asText()).isEqualTo("event 5");
        assertThat(page.json().at("/entries/0").fieldNames()).toIterable().containsExactly("id", "timestamp", "event_type", "actor_id",
                "actor_username", "actor_ip", "target_type", "target_id", "action", "details");
        assertThat(page.json().at("/entries/0/details/n").asInt()).isEqualTo(5);

        JsonNode byActor = get("/api/audit?actor_id=2").json();
        assertThat(byActor.get("entries")).hasSize(1);
        JsonNode since = get("/api/audit?event_type=user.created&since=2026-03-04T05:07").json();
        assertThat(since.get("entries")).extracting(e -> e.get("action").asText()).containsExactly("event 4", "event 2");
        JsonNode all = get("/api/audit?limit=500").json();
        assertThat(all.get("has_more").asBoolean()).isFalse();
        assertThat(all.at("/entries/0/event_type").asText()).as("this call's own key use is logged first").isEqualTo("auth.api_key.used");

        Answer bad = get("/api/audit?limit=0&offset=-1");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).isEqualTo("{\"detail\":[{\"type\":\"greater_than_equal\",\"loc\":[\"query\",\"limit\"],"
                + "\"msg\":\"Input should be greater than or equal to 1\",\"input\":\"0\",\"ctx\":{\"ge\":1}},"
                + "{\"type\":\"greater_than_equal\",\"loc\":[\"query\",\"offset\"],\"msg\":\"Input should be greater than or equal to 0\","
                + "\"input\":\"-1\",\"ctx\":{\"ge\":0}}]}");
        assertThat(call("GET", "/api/audit?limit=0", null, null).status()).as("auth is checked before the parameters").isEqualTo(401);
    }

    @Test
    void auditStatsCountByTypeAndTheirLast24hCountsTheWholeCutoffDay() throws Exception {
        server.appendAuditEvent("job.submitted", "old", null, null);            // 2026-03-04 05:06
        clock.advance(Duration.ofHours(20));
        server.appendAuditEvent("user.created", "a", null, null);
        server.appendAuditEvent("user.created", "b", null, null);
        clock.advance(Duration.ofHours(8));                                      // now 2026-03-05 09:06, cutoff 03-04 09:06
        JsonNode stats = get("/api/audit/stats").json();
        assertThat(stats.get("total_entries").asInt()).isEqualTo(4);
        assertThat(stats.get("by_type").fieldNames()).toIterable().containsExactly("user.created", "auth.api_key.used", "job.submitted");
        assertThat(stats.get("last_24h").asInt()).as("'2026-03-04T05:06' >= '2026-03-04 09:06' as text").isEqualTo(4);
        assertThat(stats.get("first_entry").asText()).isEqualTo("2026-03-04T05:06:07.123456+00:00");
        clock.advance(Duration.ofDays(1));                                       // cutoff 2026-03-05 09:06:07
        assertThat(get("/api/audit/stats").json().get("last_24h").asInt())
                .as("a and b are 32 h old but share the cutoff's date; 'old' does not; plus two key uses").isEqualTo(4);
    }

    @Test
    void auditChainVerifiesAsSimpleTunerAndPythonComputeItAndReportsTampering() throws Exception {
        server.appendAuditEvent("user.created", "Created user 'ann' \u2014 \u00e9", 1, Map.of("username", "ann", "levels", List.of("lead")));
        server.appendAuditEvent("job.submitted", "Submitted", null, Map.of());
        clock.advance(Duration.ofMillis(1500));
        server.appendAuditEvent("credential.created", "cred", 2, Map.of("provider", "replicate", "amount", 2.5));
        JsonNode ok = get("/api/audit/verify").json();
        assertThat(ok.toString()).isEqualTo("{\"valid\":true,\"entries_checked\":4,\"broken_links\":[],\"first_id\":1,\"last_id\":4}");

        // Recompute every hash with Python's hmac exactly as services/cloud/audit.py does.
        StringBuilder lines = new StringBuilder(HexFormat.of().formatHex(server.auditSigningKey()));
        for (AuditRow row : server.auditRows()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("timestamp", row.timestamp());
            fields.put("event_type", row.eventType());
            fields.put("actor_id", row.actorId());
            fields.put("action", row.action());
            fields.put("details", row.detailsJson());
            fields.put("previous_hash", row.previousHash());
            fields.put("entry_hash", row.entryHash());
            lines.append('\n').append(JSON.writeValueAsString(fields));
        }
        String verdict = Python.run("""
                import hashlib, hmac, json, sys
                key = bytes.fromhex(sys.stdin.readline().strip())
                expected_previous = "genesis"
                for line in sys.stdin:
                    r = json.loads(line)
                    data = f"{r['timestamp']}|{r['event_type']}|{r['actor_id']}|{r['action']}|{r['details']}|{r['previous_hash']}"
                    assert r["previous_hash"] == expected_previous, "link"
                    assert hmac.new(key, data.encode("utf-8"), hashlib.sha256).hexdigest() == r["entry_hash"], "hash"
                    json.loads(r["details"]); assert json.dumps(json.loads(r["details"])) == r["details"], "details"
                    expected_previous = r["entry_hash"]
                print("chain ok")
                """, lines.toString().split("\n"));
        assertThat(verdict).isEqualTo("chain ok");

        server.tamperAuditAction(2, "Submitted twice");
        JsonNode tampered = get("/api/audit/verify").json();
        assertThat(tampered.get("valid").asBoolean()).isFalse();
        assertThat(tampered.at("/broken_links/0/id").asInt()).isEqualTo(2);
        assertThat(tampered.at("/broken_links/0/error").asText()).isEqualTo("hash_mismatch");
        server.deleteAuditRow(3);
        JsonNode gap = get("/api/audit/verify?start_id=4&end_id=4").json();
        assertThat(gap.at("/broken_links/0").fieldNames()).toIterable().containsExactly("id", "expected_previous", "actual_previous");
        assertThat(gap.at("/broken_links/0/expected_previous").asText()).as("a range starts at genesis").isEqualTo("genesis");
        assertThat(get("/api/audit/verify?start_id=99").json().toString())
                .isEqualTo("{\"valid\":true,\"entries_checked\":0,\"broken_links\":[],\"first_id\":null,\"last_id\":null}");
    }

    @Test
    void credentialMetadataFailsAsAtBc8e6abOnceAUserHasOneAndNeverCarriesValues() throws Exception {
        int ann = server.addUser("ann", false, "researcher");
        assertThat(get("/api/users/" + ann + "/credentials").body()).isEqualTo("[]");
        assertThat(get("/api/users/42/credentials").body()).isEqualTo("{\"detail\":\"User 42 not found\"}");
        assertThat(get("/api/users/abc/credentials").json().at("/detail/0/loc").toString()).isEqualTo("[\"path\",\"user_id\"]");
        server.addCredential(ann, "replicate", "api_token");
        server.addCredential(ann, "huggingface", "api_token");
        Answer broken = get("/api/users/" + ann + "/credentials");
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.body()).isEqualTo("Internal Server Error");
        assertThat(get("/api/users/" + ann + "/credentials?provider=openai").body()).isEqualTo("[]");

        server.credentialsAnswerAsDeclared(true);
        JsonNode listed = get("/api/users/" + ann + "/credentials").json();
        assertThat(listed).extracting(n -> n.get("provider").asText()).containsExactly("huggingface", "replicate");
        assertThat(listed.get(0).fieldNames()).toIterable().containsExactly("id", "provider", "credential_name", "description",
                "created_at", "updated_at", "last_used_at", "is_active");
    }

    // ---------------------------------------------------------------------------------------------
    // Version and routing

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

    // ---------------------------------------------------------------------------------------------
    // Faults

    @Test
    void statusHtmlAndBrokenBodyFaultsPerRouteAndForAll() throws Exception {
        server.fail(Route.PROVIDER_CONFIG_GET, Fault.status(500));
        assertThat(call("GET", "/api/cloud/providers/replicate/config", null, null).body()).isEqualTo("Internal Server Error");
        assertThat(call("GET", "/api/cloud/hardware-options", null, null).status()).as("other routes unaffected").isEqualTo(200);
        server.fail(Route.HARDWARE_OPTIONS, Fault.status(401));
        assertThat(call("GET", "/api/cloud/hardware-options", null, null).header("www-authenticate")).isEqualTo("Bearer");
        server.fail(Route.AUDIT_STATS, Fault.status(403));
        assertThat(get("/api/audit/stats").body()).isEqualTo("{\"detail\":\"Permission denied: admin.audit\"}");
        server.fail(Route.VERSION, Fault.status(404));
        assertThat(call("GET", "/api/version", null, null).body()).isEqualTo("{\"detail\":\"Not Found\"}");

        server.fail(Route.HEALTH, Fault.html());
        Answer html = call("GET", "/api/cloud/health", null, null);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("content-type")).startsWith("text/html");
        assertThatThrownBy(html::json).isInstanceOf(IOException.class);

        server.fail(Route.ADVANCED_GET, Fault.truncatedJson());
        Answer truncated = call("GET", "/api/cloud/providers/replicate/advanced", null, null);
        assertThat(truncated.status()).isEqualTo(200);
        assertThat(truncated.body()).startsWith("{\"ssl_verify\":true");
        assertThatThrownBy(truncated::json).isInstanceOf(IOException.class);

        server.fail(Route.REPLICATE_VALIDATE, Fault.dropMidBody());
        assertThatThrownBy(() -> call("GET", "/api/cloud/providers/replicate/validate", null, null)).isInstanceOf(IOException.class);

        server.clearFaults();
        server.failAll(Fault.status(503));
        assertThat(call("GET", "/api/version", null, null).status()).isEqualTo(503);
        assertThat(call("GET", "/nowhere", null, null).status()).isEqualTo(503);
        server.fail(Route.VERSION, Fault.status(404));
        assertThat(call("GET", "/api/version", null, null).status()).as("a route's own fault wins").isEqualTo(404);
        server.clearFaults();
        assertThat(call("GET", "/api/version", null, null).status()).isEqualTo(200);
    }

    @Test
    void heldRequestsWaitForReleaseAndAWriteTheClientGaveUpOnStillHappens() throws Exception {
        Gate gate = server.hold(Route.PROVIDER_CONFIG_PUT);
        assertThatThrownBy(() -> call("PUT", "/api/cloud/providers/replicate/config", null, "{\"cost_limit_action\":\"block\"}",
                Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        assertThat(gate.awaitHeld(1, Duration.ofSeconds(5))).isTrue();
        assertThat(server.providerConfig("replicate")).isNull();
        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(
                request("PUT", "/api/cloud/providers/replicate/config", null, "{\"cost_limit_period\":\"weekly\"}", Duration.ofSeconds(10)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gate.awaitHeld(2, Duration.ofSeconds(5))).isTrue();
        assertThat(waiting).isNotDone();
        gate.release();
        assertThat(waiting.get().statusCode()).isEqualTo(200);
        assertThat(server.awaitAnswered(Route.PROVIDER_CONFIG_PUT, 2, Duration.ofSeconds(5))).isTrue();
        assertThat(server.providerConfig("replicate")).containsEntry("cost_limit_action", "block").containsEntry("cost_limit_period", "weekly");
    }

    @Test
    void delayHangAndRefusedConnections() throws Exception {
        server.fail(Route.HEALTH, Fault.delay(Duration.ofMillis(400)));
        long started = System.nanoTime();
        assertThat(call("GET", "/api/cloud/health", null, null).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThatThrownBy(() -> call("GET", "/api/cloud/health", null, null, Duration.ofMillis(100))).isInstanceOf(HttpTimeoutException.class);

        server.fail(Route.VERSION, Fault.hang());
        assertThatThrownBy(() -> call("GET", "/api/version", null, null, Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        server.clearFaults();

        put("/api/cloud/providers/replicate/config", "{\"cost_limit_action\":\"warn\"}");
        server.refuseConnections();
        assertThatThrownBy(() -> call("GET", "/api/version", null, null)).isInstanceOf(ConnectException.class);
        server.acceptConnections();
        assertThat(call("GET", "/api/cloud/providers/replicate/config", null, null).json().at("/config/cost_limit_action").asText())
                .isEqualTo("warn");
    }
}
