package io.secretdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.secretdesk.testing.SimpleTunerApiServer.AuditRow;
import io.secretdesk.testing.SimpleTunerApiServer.RecordedRequest;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The stand-in's X-API-Key checks and its guarded routes: audit list, statistics, chain check, credential metadata. */
@Tag("slow")
class SimpleTunerApiServerAuthTest extends SimpleTunerServerTestBase {

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
        assertThat(get("/api/users/me/credentials").status()).as("the /me route is not modelled").isEqualTo(404);
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
}
