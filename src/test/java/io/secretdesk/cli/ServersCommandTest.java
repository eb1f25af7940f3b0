package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.testing.MutableClock;
import io.secretdesk.testing.SimpleTunerApiServer;
import io.secretdesk.testing.SimpleTunerApiServer.Fault;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code servers ...}, {@code --server} and {@code SECRETDESK_SERVER} against two SimpleTuner stand-ins at once. */
@Tag("slow")
class ServersCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path userHome;

    private final Map<String, String> env = new HashMap<>();
    private SimpleTunerApiServer gpu1;
    private SimpleTunerApiServer gpu2;
    private String key1;
    private String key2;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeEach
    void start() {
        gpu1 = SimpleTunerApiServer.start();
        gpu2 = SimpleTunerApiServer.start();
        // Fresh keys of their own: canaries that must never show up anywhere but the X-API-Key header.
        key1 = gpu1.addApiKey(1);
        key2 = gpu2.addApiKey(1);
    }

    @AfterEach
    void stop() {
        gpu1.close();
        gpu2.close();
    }

    private Run cli(String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(Map.copyOf(env), SimpleTunerHome.underUserHome(userHome),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(context, args);
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertThat(run.all()).doesNotContain(key1).doesNotContain(key2);
        return run;
    }

    private void addBoth() {
        Run one = cli(key1 + "\n", "servers", "add", "gpu1", gpu1.url());
        assertThat(one.code()).as(one.all()).isZero();
        Run two = cli(key2 + "\n", "servers", "add", "gpu2", gpu2.url(), "--no-check");
        assertThat(two.code()).as(two.all()).isZero();
    }

    @Test
    void addsTwoServersKeepsTheKeysEncryptedAndListsThem() throws IOException {
        Run added = cli(key1 + "\n", "servers", "add", "gpu1", gpu1.url());
        assertThat(added.out()).contains("added gpu1").contains("API key stored encrypted").contains("SimpleTuner 4.8.0");
        cli(key2 + "\n", "servers", "add", "gpu2", gpu2.url(), "--no-check");

        Run list = cli("", "servers", "list", "--json");
        JsonNode rows = JSON.readTree(list.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).path("name").asText()).isEqualTo("gpu1");
        assertThat(rows.get(0).path("api_key").asText()).isEqualTo("stored");

        try (Stream<Path> files = Files.walk(userHome)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(file.toString()).doesNotContain(key1).doesNotContain(key2);
            }
        }
        assertThat(gpu1.requests(Route.AUDIT_STATS).stream().filter(r -> key1.equals(r.header("X-API-Key")))).isNotEmpty();
    }

    @Test
    void aNameTakenOrAPlainHttpHostIsRefusedWithNothingStored() {
        addBoth();
        Run taken = cli(key1 + "\n", "servers", "add", "gpu1", gpu2.url(), "--no-check");
        assertThat(taken.code()).isEqualTo(Cli.USAGE);
        assertThat(taken.err()).contains("exists already");
        Run plain = cli(key1 + "\n", "servers", "add", "far", "http://gpu.example.com:8001", "--no-check");
        assertThat(plain.code()).isEqualTo(Cli.USAGE);
        assertThat(plain.err()).contains("in clear");
        Run userInfo = cli(key1 + "\n", "servers", "add", "far", "https://admin:hunter2@gpu.example.com", "--no-check");
        assertThat(userInfo.err()).contains("user name or password").doesNotContain("hunter2");
        assertThat(cli("", "servers", "list").out()).doesNotContain("far");
    }

    @Test
    void checkSaysOpenServersInRedWordsAndOneLinePerDeadServer() throws IOException {
        addBoth();
        gpu2.removeAllUsers();
        gpu1.refuseConnections();

        Run check = cli("", "servers", "check");

        assertThat(check.code()).as("gpu1 cannot be reached").isEqualTo(ExitCode.UNAVAILABLE.code());
        assertThat(check.out()).contains("gpu1").contains("refused the connection");
        assertThat(check.out()).contains("gpu2").contains("OPEN: the server has no users");
        JsonNode json = JSON.readTree(cli("", "servers", "check", "--json").out());
        assertThat(json.get(0).path("reachable").asBoolean()).isFalse();
        assertThat(json.get(1).path("open").asBoolean()).isTrue();
        assertThat(json.get(1).path("version").asText()).startsWith("4.8.0");

        gpu1.acceptConnections();
        Run reached = cli("", "servers", "check");
        assertThat(reached.code()).as("both answer, gpu2 is open: " + reached.all()).isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(cli("", "servers", "check", "gpu1").code()).as("gpu1 alone is fine").isZero();
    }

    @Test
    void diffShowsDriftAndApplyCopiesItWithAResultPerServer() {
        addBoth();
        gpu1.seedProviderConfig("replicate", Map.of("cost_limit_amount", 50.0, "webhook_url", "https://hooks.example.com/a",
                "hardware_info", Map.of("gpu-a100", Map.of("name", "A100", "cost_per_second", 0.0014))));
        gpu2.seedProviderConfig("replicate", Map.of("cost_limit_amount", 20.0));

        Run diff = cli("", "servers", "diff");
        assertThat(diff.code()).as("the servers differ").isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(diff.out()).contains("replicate cost_limit_amount:").contains("gpu1 = 50.0").contains("gpu2 = 20.0")
                .contains("pricing gpu-a100:");

        Run apply = cli("", "servers", "apply", "--from", "gpu1", "--provider", "replicate", "--key", "cost_limit_amount",
                "--key", "hardware_info", "gpu2");
        assertThat(apply.code()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("OK      gpu2: applied 2 keys to replicate");
        assertThat(gpu2.providerConfig("replicate")).containsEntry("cost_limit_amount", 50.0).containsKey("hardware_info");
        Run same = cli("", "servers", "diff");
        assertThat(same.out()).doesNotContain("cost_limit_amount").doesNotContain("gpu-a100");
        assertThat(cli("", "audit", "--event", "provider.configured", "--json").out()).contains("provider_config.remote_apply")
                .contains("server");

        gpu2.fail(Route.PROVIDER_CONFIG_PUT, Fault.status(500));
        Run failed = cli("", "servers", "apply", "--from", "gpu1", "--provider", "replicate", "--key", "webhook_url", "gpu2");
        assertThat(failed.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(failed.out()).contains("FAILED  gpu2").contains("500");
    }

    @Test
    void serverOptionAndVariableChooseTheTargetOfVerbsThatHaveOne() {
        addBoth();
        gpu2.replicateAccount("r8_fleet", "ops", "Ops", null);

        Run set = cli("r8_fleet\n", "--server", "gpu2", "replicate-token", "set");
        assertThat(set.code()).as(set.all()).isZero();
        assertThat(set.out()).contains("token stored on gpu2");
        assertThat(gpu2.secretsFileOnDisk()).containsKey("REPLICATE_API_TOKEN");
        assertThat(gpu1.secretsFileOnDisk()).as("gpu1 has no secrets file").isNull();

        env.put("SECRETDESK_SERVER", "gpu2");
        Run validate = cli("", "replicate-token", "validate");
        assertThat(validate.out()).contains("gpu2: valid (Replicate user ops)");
        Run health = cli("", "health", "--server", "gpu1");
        assertThat(health.out()).startsWith("gpu1: ");

        Run refused = cli("", "--server", "gpu1", "get", "HF_TOKEN");
        assertThat(refused.code()).isEqualTo(Cli.USAGE);
        assertThat(refused.err()).contains("acts on this machine only");
        Run unknown = cli("", "--server", "nope", "health");
        assertThat(unknown.code()).isEqualTo(Cli.NOT_FOUND);
        assertThat(unknown.err()).contains("no server named nope");
    }

    @Test
    void configHardwareAuditAndUserCredentialsActOnTheChosenServer() throws IOException {
        addBoth();
        Run set = cli("{\"cost_limit_amount\": 75}", "--server", "gpu2", "config", "set", "replicate", "--merge");
        assertThat(set.code()).as(set.all()).isZero();
        assertThat(gpu2.providerConfig("replicate")).containsEntry("cost_limit_amount", 75.0);
        assertThat(JSON.readTree(cli("", "config", "get", "replicate", "--server", "gpu2").out()).path("cost_limit_amount")
                .asDouble()).isEqualTo(75.0);
        assertThat(cli("{\"cost_limit_amount\": 75}", "--server", "gpu2", "config", "set", "replicate").err())
                .contains("use --merge");
        Run ignored = cli("{\"webhook_secret\": \"x\"}", "--server", "gpu2", "config", "set", "replicate", "--merge");
        assertThat(ignored.code()).isEqualTo(Cli.USAGE);
        assertThat(ignored.err()).contains("cannot set webhook_secret");

        assertThat(cli("{\"gpu-a100\": {\"name\": \"A100\", \"cost_per_second\": 0.0014}}", "--server", "gpu1", "hardware",
                "set").code()).isZero();
        assertThat(cli("", "--server", "gpu1", "hardware").out()).contains("gpu-a100").doesNotContain("gpu-l40s");
        assertThat(cli("", "hardware").out()).contains("gpu-l40s");

        gpu1.appendAuditEvent("config.changed", "remote change", null, Map.of());
        assertThat(cli("", "--server", "gpu1", "audit").out()).contains("remote change");
        assertThat(cli("", "--server", "gpu1", "audit", "--verify").out()).contains("intact");
        gpu1.appendAuditEvent("job.submitted", "a job", null, Map.of());
        Run oneType = cli("", "--server", "gpu1", "audit", "--event", "config.changed");
        assertThat(oneType.out()).contains("remote change").doesNotContain("a job");
        assertThat(gpu1.requests(Route.AUDIT_LIST)).last().satisfies(request -> assertThat(request.query())
                .as("the server filters").contains("event_type=config.changed"));
        Run stats = cli("", "--server", "gpu1", "audit", "--stats");
        assertThat(stats.code()).as(stats.all()).isZero();
        assertThat(stats.out()).contains("config.changed").contains("job.submitted");
        assertThat(gpu1.requests(Route.AUDIT_STATS)).isNotEmpty();
        // A key whose user lacks admin.audit: one line, the route and the permission, no stack, no key.
        int rita = gpu2.addUser("rita", false, "researcher");
        String ritaKey = gpu2.addApiKey(rita);
        assertThat(cli(ritaKey + "\n", "servers", "add", "gpu2", gpu2.url(), "--replace", "--no-check").code()).isZero();
        Run denied = cli("", "--server", "gpu2", "audit", "--stats");
        assertThat(denied.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(denied.err().strip()).doesNotContain("\n").contains("gpu2: GET /api/audit/stats").contains("403")
                .contains("admin.audit").doesNotContain("Exception").doesNotContain(ritaKey);
        gpu1.addCredential(1, "replicate", "api_token");
        Run credentials = cli("", "--server", "gpu1", "user-credentials", "list", "1");
        assertThat(credentials.err()).contains("SimpleTuner's bug");
        gpu1.credentialsAnswerAsDeclared(true);
        assertThat(cli("", "--server", "gpu1", "user-credentials", "list", "1").out()).contains("api_token");
    }

    @Test
    void removeDropsTheServerAndItsKey() {
        addBoth();
        assertThat(cli("", "servers", "remove", "gpu1").code()).isZero();
        assertThat(cli("", "servers", "remove", "gpu1").code()).isEqualTo(Cli.NOT_FOUND);
        assertThat(cli("", "servers", "list").out()).doesNotContain("gpu1").contains("gpu2");
        assertThat(cli("", "credentials", "list").all()).doesNotContain("secretdesk.server gpu1");
    }

    @Test
    void aKeyRotationReEncryptsTheServersApiKeysAndTheyStillOpenTheServers() {
        addBoth();
        Run rotate = cli("", "rotate-key", "--yes");
        assertThat(rotate.code()).as(rotate.all()).isZero();
        assertThat(rotate.out()).contains("Re-encrypted: 2 credentials in one transaction", "Verified:     2 credentials");
        Run confirm = cli("", "rotate-key", "--confirm");
        assertThat(confirm.code()).as("the old key is gone: " + confirm.all()).isZero();

        gpu1.clearRequests();
        gpu2.clearRequests();
        Run check = cli("", "servers", "check");
        assertThat(check.code()).as(check.all()).isZero();
        assertThat(gpu1.requests(Route.AUDIT_STATS)).as("gpu1's key decrypted under the new credential key")
                .anyMatch(r -> key1.equals(r.header("X-API-Key")));
        assertThat(gpu2.requests(Route.AUDIT_STATS)).anyMatch(r -> key2.equals(r.header("X-API-Key")));
        Run stats = cli("", "--server", "gpu2", "audit", "--stats");
        assertThat(stats.code()).as(stats.all()).isZero();
    }

    @Test
    void aSecretsFileChangeOnThisMachineSaysRestartNeededForItsServersUntilTheirHealthShowsARestart() {
        MutableClock time = new MutableClock(Instant.now());
        try (SimpleTunerApiServer local = SimpleTunerApiServer.start(time)) {
            String key = local.addApiKey(1);
            assertThat(cli(key + "\n", "servers", "add", "local", local.url()).code()).isZero();
            // Not on this machine (not loopback): a change of this machine's file is none of its business.
            assertThat(cli(key2 + "\n", "servers", "add", "far", "https://gpu9.example.invalid:8001", "--no-check").code())
                    .isZero();

            // The Replicate token in this machine's secrets file.
            time.advance(Duration.ofMinutes(10)); // the server has been up a while
            Run token = cli("r8_restart\n", "replicate-token", "set");
            assertThat(token.code()).as(token.all()).isZero();
            assertThat(token.err()).contains("server local (on this machine) needs a restart; 'secretdesk servers check' "
                    + "says when it has restarted").doesNotContain("server far").doesNotContain("r8_restart");
            assertRestartNeeded(true, "the Replicate token in this machine's secrets file changed");
            time.advance(Duration.ofMinutes(3));
            assertRestartNeeded(true, "the Replicate token"); // still up since before the change
            local.restart();
            assertRestartNeeded(false, null);

            // set and delete of any key in this machine's secrets file, likewise.
            time.advance(Duration.ofMinutes(10));
            Run set = cli("hf_restart\n", "set", "HF_TOKEN");
            assertThat(set.code()).as(set.all()).isZero();
            assertThat(set.err()).contains("server local (on this machine) needs a restart").doesNotContain("hf_restart");
            assertRestartNeeded(true, "HF_TOKEN was set in this machine's secrets file");
            local.restart();
            assertRestartNeeded(false, null);

            time.advance(Duration.ofMinutes(10));
            Run delete = cli("", "delete", "HF_TOKEN");
            assertThat(delete.code()).as(delete.all()).isZero();
            assertThat(delete.err()).contains("server local (on this machine) needs a restart");
            assertRestartNeeded(true, "HF_TOKEN was deleted from this machine's secrets file");
            local.restart();
            assertRestartNeeded(false, null);

            // A token set on a server through its API takes effect at once there: no restart is asked of anyone.
            Run remote = cli("r8_now\n", "replicate-token", "set", "--server", "local");
            assertThat(remote.code()).as(remote.all()).isZero();
            assertThat(remote.err()).doesNotContain("needs a restart");
            assertRestartNeeded(false, null);
        }
    }

    /** What 'servers check local' and 'servers list' say about a restart of the server on this machine. */
    private void assertRestartNeeded(boolean needed, String reason) {
        Run check = cli("", "servers", "check", "local");
        Run list = cli("", "servers", "list");
        if (needed) {
            assertThat(check.out()).contains("RESTART  needed since").contains(reason);
            assertThat(list.out()).contains("RESTART NEEDED: " + reason);
        } else {
            assertThat(check.out()).as(check.all()).doesNotContain("RESTART");
            assertThat(list.out()).doesNotContain("RESTART");
        }
        assertThat(list.out()).containsPattern("(?m)^far\\b.*$").doesNotContainPattern("(?m)^far\\b.*RESTART.*$");
    }
}
