package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.testing.SimpleTunerFolder;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on a state folder laid out by SimpleTuner (made and read back by Python's sqlite3, hmac and json):
 * configs byte for byte as json.dumps writes them, one audit chain that SimpleTuner's own check accepts, no lost
 * writes beside a writing server, clear refusals, nothing added to SimpleTuner's files.
 */
@Tag("slow")
class SimpleTunerStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path userHome;

    private final Map<String, String> env = new HashMap<>();
    private SimpleTunerFolder simpleTuner;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void simpleTunerHasRun() {
        Path state = userHome.resolve("st-state");
        simpleTuner = SimpleTunerFolder.create(state);
        env.put("SIMPLETUNER_STATE_DIR", state.toString());
    }

    private Run cli(String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(Map.copyOf(env), SimpleTunerHome.underUserHome(userHome),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run ok(String stdin, String... args) {
        Run run = cli(stdin, args);
        assertThat(run.code()).as(run.err()).isZero();
        return run;
    }

    @Test
    void aConfigIsStoredByteForByteAsJsonDumpsWritesItWithSimpleTunersTimestamp() throws Exception {
        ok("{\"webhook_url\": \"https://hooks.example/\u00e9\u6f22\ud83d\ude00\", \"cost_limit_amount\": 25.0, "
                + "\"tiny\": 0.00001, \"small\": 0.0001, \"big\": 1e16, \"whole\": 5, \"flag\": true, \"none\": [], "
                + "\"nested\": {\"q\": \"a\\\"b\\\\c\\n\\t\u007f\"}, \"hardware_info\": {\"gpu-l40s\": {\"name\": \"L40S\", "
                + "\"cost_per_second\": 0.000972222}}}", "config", "set", "replicate");
        JsonNode stored = simpleTuner.json("config-text", "replicate");
        assertThat(stored.get("roundtrip").asBoolean()).as("json.dumps(json.loads(text)) == text: " + stored).isTrue();
        assertThat(stored.get("text").asText()).startsWith("{\"webhook_url\": \"https://hooks.example/\\u00e9\\u6f22"
                + "\\ud83d\\ude00\", \"cost_limit_amount\": 25.0, \"tiny\": 1e-05, \"small\": 0.0001, \"big\": 1e+16, "
                + "\"whole\": 5, \"flag\": true");
        assertThat(stored.get("updated_at").asText()).endsWith("+00:00");
        assertThat(stored.get("updated_at_parses").asBoolean()).isTrue();

        // A config SimpleTuner wrote reads back exactly and is written back exactly by a merge of another key.
        simpleTuner.run("save-config", "{\"cost_limit_amount\": 0.1, \"x\": 1.5e-07, \"name\": \"\u00fc\"}", "runpod");
        String before = simpleTuner.json("config-text", "runpod").get("text").asText();
        ok("{\"added\": 1}", "config", "set", "runpod", "--merge");
        assertThat(simpleTuner.json("config-text", "runpod").get("text").asText())
                .isEqualTo(before.substring(0, before.length() - 1) + ", \"added\": 1}");
        assertThat(ok("", "config", "get", "runpod").out()).contains("\"x\" : 1.5E-7");
    }

    @Test
    void simpleTunersChainCheckAcceptsSecretDesksEntriesBetweenItsOwn() throws Exception {
        simpleTuner.run("log", "{\"provider\": \"replicate\"}", "auth.login.success", "Logged in", "user", "1");
        ok("{\"cost_limit_enabled\": true}", "config", "set", "replicate", "--merge");
        ok("HF_VALUE_NEVER_LOGGED", "set", "HF_TOKEN");
        ok("", "delete", "HF_TOKEN");
        simpleTuner.run("log", "{}", "config.changed", "Changed a setting", "config", "x");

        JsonNode verdict = simpleTuner.json("verify");
        assertThat(verdict.get("valid").asBoolean()).as(verdict.toString()).isTrue();
        assertThat(verdict.get("entries_checked").asInt()).isEqualTo(5);
        assertThat(ok("", "audit", "--verify").out()).contains("audit chain intact: 5 entries verified");

        JsonNode entries = JSON.readTree(ok("", "audit", "--json").out());
        assertThat(entries).hasSize(5);
        assertThat(entries.get(0).get("actor_username").asText()).isEqualTo("admin");
        assertThat(entries.get(1).get("event_type").asText()).isEqualTo("provider.configured");
        assertThat(entries.get(2).get("action").asText()).isEqualTo("secret.set");
        assertThat(entries.get(3).get("action").asText()).isEqualTo("secret.delete");
        assertThat(simpleTuner.run("entries", "")).doesNotContain("HF_VALUE_NEVER_LOGGED");
        assertThat(ok("", "audit", "--event", "config.changed").out()).contains("secret.set").doesNotContain("Logged in");
        assertThat(ok("", "audit", "--stats").out()).contains("5 entries", "config.changed");
    }

    @Test
    void aChainBrokenBeforeSecretDeskCameIsReportedAndNeverRepaired() throws Exception {
        simpleTuner.run("log", "{}", "config.changed", "one");
        simpleTuner.run("log", "{}", "config.changed", "two");
        sql(simpleTuner.state().resolve("audit.db"), "UPDATE audit_log SET action = 'edited' WHERE id = 1");
        Run verify = cli("", "audit", "--verify");
        assertThat(verify.code()).isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(verify.err()).contains("entry 1 does not match its hash");
        ok("{\"a\": 1}", "config", "set", "replicate", "--merge");
        assertThat(simpleTuner.json("verify").get("broken_links").get(0).get("id").asInt()).isEqualTo(1);
        assertThat(cli("", "audit", "--verify").err()).contains("entry 1 does not match its hash");
    }

    @Test
    void aServerWritingConfigsInALoopAndTwentyCliMergesLoseNothing() throws Exception {
        Process server = simpleTuner.start("writer-loop", "replicate", "150");
        for (int i = 0; i < 20; i++) {
            ok("{\"c" + i + "\": " + i + "}", "config", "set", i % 2 == 0 ? "runpod" : "replicate", "--merge");
        }
        assertThat(server.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isZero();
        JsonNode replicate = JSON.readTree(ok("", "config", "get", "replicate").out());
        JsonNode runpod = JSON.readTree(ok("", "config", "get", "runpod").out());
        for (int i = 0; i < 150; i++) {
            assertThat(replicate.has("k" + i)).as("the server's write k" + i).isTrue();
        }
        for (int i = 0; i < 20; i++) {
            assertThat((i % 2 == 0 ? runpod : replicate).has("c" + i)).as("the CLI's write c" + i).isTrue();
        }
        assertThat(simpleTuner.json("verify").get("valid").asBoolean()).isTrue();
    }

    @Test
    void aServerTransactionHeldForASecondIsWaitedFor() throws Exception {
        Process holder = simpleTuner.start("hold-lock", "1");
        awaitLine(holder, "locked");
        ok("{\"waited\": true}", "config", "set", "replicate", "--merge");
        assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(JSON.readTree(ok("", "config", "get", "replicate").out()).get("waited").asBoolean()).isTrue();
    }

    @Test
    void aLockHeldLongerThanTheBoundIsRefusedCleanly() throws Exception {
        ok("{\"before\": 1}", "config", "set", "replicate");
        env.put("SECRETDESK_BUSY_TIMEOUT_SECONDS", "0.5");
        Process holder = simpleTuner.start("hold-lock", "20");
        try {
            awaitLine(holder, "locked");
            Run refused = cli("{\"after\": 2}", "config", "set", "replicate", "--merge");
            assertThat(refused.code()).isNotZero();
            assertThat(refused.err()).contains("locked by another process", "nothing was changed");
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(JSON.readTree(ok("", "config", "get", "replicate").out()).has("after")).isFalse();
        assertThat(simpleTuner.json("verify").get("entries_checked").asInt()).as("no entry for the refused change").isEqualTo(1);
    }

    @Test
    void aNewerJobsSchemaIsReadButNeverWritten() throws Exception {
        Path state = userHome.resolve("newer");
        SimpleTunerFolder newer = SimpleTunerFolder.create(state, Map.of(), "6");
        newer.run("save-config", "{\"kept\": 1}", "replicate");
        env.put("SIMPLETUNER_STATE_DIR", state.toString());
        String before = sha256(state.resolve("cloud").resolve("jobs.db"));
        assertThat(ok("", "config", "get", "replicate").out()).contains("kept");
        Run refused = cli("{\"x\": 1}", "config", "set", "replicate", "--merge");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("schema_version 6", "newer than the 5", "Nothing was changed");
        assertThat(sha256(state.resolve("cloud").resolve("jobs.db"))).isEqualTo(before);
    }

    @Test
    void aStoredConfigThatIsNotJsonIsAnErrorForThatProviderAndReplacedOnlyWhenAsked() throws Exception {
        sql(simpleTuner.state().resolve("cloud").resolve("jobs.db"), "INSERT INTO provider_config VALUES ('replicate', "
                + "'{\"webhook_secret\": \"whsec_LEAK\", ', '2026-01-01T00:00:00+00:00')");
        Run get = cli("", "config", "get", "replicate");
        assertThat(get.code()).isNotZero();
        assertThat(get.err()).contains("not a JSON object", "--replace-unreadable").doesNotContain("whsec_LEAK");
        assertThat(cli("{\"a\": 1}", "config", "set", "replicate", "--merge").code()).isNotZero();
        assertThat(cli("{\"a\": 1}", "config", "set", "replicate").code()).isNotZero();
        assertThat(simpleTuner.json("config-text", "replicate").get("text").asText()).contains("whsec_LEAK");
        ok("{\"a\": 1}", "config", "set", "replicate", "--replace-unreadable");
        assertThat(simpleTuner.json("config-text", "replicate").get("text").asText()).isEqualTo("{\"a\": 1}");
        ok("", "config", "get", "runpod"); // another provider was never affected
    }

    @Test
    void perUserCredentialsAreWrittenAsTheServerReadsThemAndAuditedWithoutValues() throws Exception {
        Run set = ok("r8_USER_TOKEN_VALUE", "user-credentials", "set", "user2", "replicate", "api_token");
        assertThat(set.err()).contains("unencrypted");
        JsonNode rows = JSON.readTree(simpleTuner.run("credentials", ""));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("credential_value").asText()).isEqualTo("r8_USER_TOKEN_VALUE");
        assertThat(rows.get(0).get("user_id").asInt()).isEqualTo(2);
        assertThat(rows.get(0).get("is_active").asInt()).isEqualTo(1);
        assertThat(rows.get(0).get("updated_at").isNull()).as("a new row, as SimpleTuner's store makes it").isTrue();

        sql(simpleTuner.state().resolve("cloud").resolve("jobs.db"),
                "UPDATE provider_credentials SET created_at = '2020-01-01T00:00:00+00:00'");
        Run listed = ok("", "user-credentials", "list");
        assertThat(listed.out()).contains("user2", "replicate", "api_token", "STALE").doesNotContain("r8_USER");
        JsonNode json = JSON.readTree(ok("", "user-credentials", "list", "user2", "--json").out());
        assertThat(json.get(0).get("stale").asBoolean()).as("never updated counts from creation").isTrue();

        ok("", "user-credentials", "deactivate", "user2", "replicate", "api_token");
        assertThat(JSON.readTree(simpleTuner.run("credentials", "")).get(0).get("is_active").asInt()).isZero();
        ok("", "user-credentials", "delete", "2", "replicate", "api_token");
        assertThat(JSON.readTree(simpleTuner.run("credentials", ""))).isEmpty();
        Run unknown = cli("v", "user-credentials", "set", "nobody", "replicate", "api_token");
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err()).contains("no user nobody");

        String log = simpleTuner.run("entries", "");
        assertThat(log).contains("credential.created", "credential.deleted").doesNotContain("r8_USER_TOKEN_VALUE");
        assertThat(simpleTuner.json("verify").get("valid").asBoolean()).isTrue();
    }

    @Test
    void secretDeskAddsNoTableColumnOrIndexToSimpleTunersFiles() throws Exception {
        String before = simpleTuner.run("tables", "");
        ok("{\"a\": 1}", "config", "set", "replicate");
        ok("v", "user-credentials", "set", "admin", "replicate", "api_token");
        ok("", "audit", "--verify");
        ok("", "doctor");
        assertThat(simpleTuner.run("tables", "")).isEqualTo(before);
    }

    @Test
    void doctorAndHealthPrintThisMachinesReportInOneForm() throws Exception {
        ok("{\"a\": 1}", "config", "set", "replicate");
        JsonNode doctor = JSON.readTree(ok("", "doctor", "--json").out());
        JsonNode health = JSON.readTree(ok("", "health", "--json").out());
        assertThat(doctor.get("state").asText()).isIn("ok", "warning");
        assertThat(doctor.get("checks").size()).isPositive();
        assertThat(doctor.get("checks").get(0).has("detail")).isTrue();
        assertThat(health).isEqualTo(doctor);
        assertThat(ok("", "doctor").out()).isEqualTo(ok("", "health").out());
    }

    @Test
    void pathsSayWhereEachFileIsAndCreateNothing() throws Exception {
        Path fresh = userHome.resolve("nothing-yet");
        env.put("SIMPLETUNER_STATE_DIR", fresh.toString());
        Run paths = ok("", "paths");
        assertThat(paths.out()).contains(fresh.resolve("cloud").resolve("jobs.db").toString(),
                fresh.resolve("audit.db").toString(), "SIMPLETUNER_STATE_DIR", "(not there yet)");
        JsonNode json = JSON.readTree(ok("", "paths", "--json").out());
        assertThat(json.get("jobs_db").get("exists").asBoolean()).isFalse();
        assertThat(fresh).doesNotExist();
    }

    @Test
    void jobsDbIsCreatedAsSimpleTunerWouldWhenItDoesNotExistYet() throws Exception {
        Path fresh = userHome.resolve("fresh-state");
        env.put("SIMPLETUNER_STATE_DIR", fresh.toString());
        ok("{\"a\": 1}", "config", "set", "replicate");
        SimpleTunerFolder reader = SimpleTunerFolder.create(fresh); // SimpleTuner's server starting on it afterwards
        assertThat(reader.json("config-text", "replicate").get("text").asText()).isEqualTo("{\"a\": 1}");
        assertThat(reader.json("verify").get("valid").asBoolean()).isTrue();
    }

    private static void awaitLine(Process process, String line) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String read;
        while ((read = reader.readLine()) != null) {
            if (read.equals(line)) {
                return;
            }
        }
        throw new AssertionError("the helper ended before saying " + line);
    }

    private static void sql(Path database, String statement) throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + database); Statement s = raw.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
