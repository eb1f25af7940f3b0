package io.secretdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The stand-in's request validation, string checks and float spelling, compared with pydantic and Python's standard library. */
@Tag("slow")
class SimpleTunerPythonParityTest extends SimpleTunerServerTestBase {

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
}
