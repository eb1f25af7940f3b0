package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.testing.ChildJvm;
import io.secretdesk.testing.Python;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreVerbsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyOrigin TEST_ORIGIN = new KeyOrigin(KeyOrigin.Kind.ENVIRONMENT, "TEST_KEY", null, null);

    @TempDir
    Path userHome;

    private final Map<String, String> env = new HashMap<>();

    record Run(int code, String out, String err) {
    }

    private Run cli(String stdin, String... args) {
        return cli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    private Run cli(InputStream stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(Map.copyOf(env), home(), stdin,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private SimpleTunerHome home() {
        return SimpleTunerHome.underUserHome(userHome);
    }

    @Test
    void runsInOneProcessAgainstTwoHomesDoNotShareCachedConfigs() {
        assertThat(cli("{\"gpu-x\": {\"name\": \"X\", \"cost_per_second\": 1}}", "hardware", "set").code()).isZero();
        assertThat(cli("", "hardware").out()).contains("gpu-x");
        Path elsewhere = userHome.resolve("other-user");
        Path original = userHome;
        userHome = elsewhere;
        try {
            assertThat(cli("", "hardware").out()).contains("gpu-l40s").doesNotContain("gpu-x");
            assertThat(cli("", "config", "get", "replicate").out().strip()).isEqualTo("{ }");
        } finally {
            userHome = original;
        }
    }

    @Test
    @Tag("slow")
    void encryptWritesSimpleTunersStoredFormThatPythonAndDecryptRead() throws IOException {
        Run encrypted = cli("r8_token_from_stdin\n", "encrypt");
        assertThat(encrypted.code()).as(encrypted.err()).isZero();
        String stored = encrypted.out().strip();
        assertThat(stored.contains("r8_token")).isFalse();

        String masterKey = Files.readString(home().credentialKeyFile());
        String python = Python.run("""
                import sys, base64
                from cryptography.fernet import Fernet
                from cryptography.hazmat.primitives import hashes
                from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
                master, stored = sys.stdin.read().split()
                kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=b"simpletuner-credential-encryption-v1", iterations=100000)
                f = Fernet(base64.urlsafe_b64encode(kdf.derive(master.encode())))
                print(f.decrypt(base64.urlsafe_b64decode(stored.encode())).decode())
                """, masterKey, stored);
        assertThat(python.equals("r8_token_from_stdin")).as("Python decrypts what encrypt printed").isTrue();

        Run decrypted = cli(stored + "\n", "decrypt");
        assertThat(decrypted.code()).isZero();
        assertThat(decrypted.out().equals("r8_token_from_stdin\n")).as("decrypt prints the value").isTrue();
    }

    @Test
    void decryptWithAnotherKeyExitsFiveWithoutPrintingAnything() {
        String stored = cli("value", "encrypt").out().strip();
        env.put("SIMPLETUNER_CREDENTIAL_KEY", "some-other-master-key");
        Run wrong = cli(stored, "decrypt");
        assertThat(wrong.code()).isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(wrong.out()).isEmpty();
        assertThat(wrong.err()).contains("does not decrypt with the current master key");
        assertThat(cli("%%%not-base64%%%", "decrypt").err()).contains("not URL-safe base64");
        assertThat(cli("", "encrypt").code()).isEqualTo(Cli.USAGE);
    }

    @Test
    void whileAnEnvironmentKeyRotationAwaitsConfirmationEncryptUsesThePendingKey() {
        String oldKey = "environment-master-key-old-0123456789abcdef";
        env.put("SIMPLETUNER_CREDENTIAL_KEY", oldKey);
        assertThat(cli("v", "credentials", "set", "replicate", "api_token").code()).isZero();
        Run rotated = cli("", "rotate-key", "--yes");
        assertThat(rotated.code()).as(rotated.err()).isZero();
        Path pending = Path.of(home().credentialKeyFile() + ".pending");
        assertThat(pending).exists();

        Run encrypted = cli("value-made-during-the-grace-period\n", "encrypt");
        assertThat(encrypted.code()).as(encrypted.err()).isZero();
        String stored = encrypted.out().strip();
        String pendingKey = readKey(pending);
        assertThat(CredentialEncryption.forSecret(new MasterSecret(pendingKey, TEST_ORIGIN)).canDecrypt(stored))
                .as("encrypted with the pending key the store encrypts with").isTrue();
        assertThat(CredentialEncryption.forSecret(new MasterSecret(oldKey, TEST_ORIGIN)).canDecrypt(stored)).isFalse();
        assertThat(cli(stored, "decrypt").out().equals("value-made-during-the-grace-period\n")).isTrue();
    }

    @Test
    void decryptTriesEveryKeyOfTheRing() throws IOException {
        String madeWithTheOldKey = cli("old-value", "encrypt").out().strip();
        Run rotated = cli("", "rotate-key", "--yes");
        assertThat(rotated.code()).as(rotated.err()).isZero();
        assertThat(Path.of(home().credentialKeyFile() + ".previous")).exists();
        Run old = cli(madeWithTheOldKey, "decrypt");
        assertThat(old.code()).as(old.err()).isZero();
        assertThat(old.out().equals("old-value\n")).as("the previous key still decrypts").isTrue();

        String newKey = MasterSecret.generateValue();
        // Owner-only, as a rotation writes it: a key file open to others is refused (issue 11, item 9).
        Files.writeString(Path.of(home().credentialKeyFile() + ".new"), newKey);
        Files.setPosixFilePermissions(Path.of(home().credentialKeyFile() + ".new"), PosixFilePermissions.fromString("rw-------"));
        String madeWithTheNewKey = CredentialEncryption.forSecret(new MasterSecret(newKey, TEST_ORIGIN)).encrypt("new-value");
        Run fresh = cli(madeWithTheNewKey, "decrypt");
        assertThat(fresh.code()).as(fresh.err()).isZero();
        assertThat(fresh.out().equals("new-value\n")).as("an interrupted rotation's new key decrypts").isTrue();
    }

    @Test
    void decryptWithoutAnyKeyFailsAndCreatesNoKeyFile() {
        String stored = CredentialEncryption.forSecret(new MasterSecret("some-key-made-elsewhere-0123456789", TEST_ORIGIN))
                .encrypt("value");
        Run run = cli(stored, "decrypt");
        assertThat(run.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("no credential key to decrypt with", "SIMPLETUNER_CREDENTIAL_KEY is not set",
                home().credentialKeyFile() + " does not exist", "no key was created");
        assertThat(home().credentialKeyFile()).doesNotExist();
    }

    private static String readKey(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void configSetThenGetAndBadInputChangesNothing() throws IOException {
        Run set = cli("{\"webhook_url\": \"https://example.test/hook\", \"cost_limit_enabled\": true, \"cost_limit_amount\": 25.5}",
                "config", "set", "replicate");
        assertThat(set.code()).as(set.err()).isZero();
        JsonNode got = JSON.readTree(cli("", "config", "get", "replicate").out());
        assertThat(got.get("webhook_url").asText()).isEqualTo("https://example.test/hook");
        assertThat(got.get("cost_limit_amount").asDouble()).isEqualTo(25.5);

        Run badJson = cli("{\"webhook_url\": \"https://x\", oops}", "config", "set", "replicate");
        assertThat(badJson.code()).isEqualTo(Cli.USAGE);
        assertThat(badJson.err()).contains("not a JSON object (error at line 1, column").contains("nothing was changed");
        assertThat(cli("[1, 2]", "config", "set", "replicate").code()).isEqualTo(Cli.USAGE);
        Run negative = cli("{\"cost_limit_amount\": -1}", "config", "set", "replicate");
        assertThat(negative.code()).isEqualTo(Cli.USAGE);
        assertThat(negative.err()).contains("cost_limit_amount of replicate must not be negative");
        assertThat(JSON.readTree(cli("", "config", "get", "replicate").out())).isEqualTo(got);

        assertThat(cli("{\"cost_limit_period\": \"monthly\"}", "config", "set", "replicate", "--merge").code()).isZero();
        JsonNode merged = JSON.readTree(cli("", "config", "get", "replicate").out());
        assertThat(merged.get("cost_limit_period").asText()).isEqualTo("monthly");
        assertThat(merged.get("webhook_url").asText()).isEqualTo("https://example.test/hook");

        assertThat(cli("", "config", "get", "nobody").out().strip()).isEqualTo("{ }");
    }

    @Test
    void configSetOfNullOrAnyNonObjectOrTrailingTextIsAnInputErrorThatChangesNothing() {
        assertThat(cli("{\"webhook_url\": \"https://example.test/a\"}", "config", "set", "replicate").code()).isZero();
        for (String notAnObject : List.of("null", "42", "\"text\"", "true", "[]")) {
            Run run = cli(notAnObject, "config", "set", "replicate");
            assertThat(run.code()).as(notAnObject).isEqualTo(Cli.USAGE);
            assertThat(run.err()).as(notAnObject).contains("standard input is not a JSON object but ", "nothing was changed");
        }
        Run nullMerge = cli("null", "config", "set", "replicate", "--merge");
        assertThat(nullMerge.code()).isEqualTo(Cli.USAGE);
        Run trailing = cli("{\"webhook_url\": \"https://example.test/b\"} {\"webhook_secret\": \"whsec_x\"}", "config", "set", "replicate");
        assertThat(trailing.code()).isEqualTo(Cli.USAGE);
        assertThat(trailing.err()).contains("more text follows the JSON value (error at line 1, column", "nothing was changed")
                .doesNotContain("whsec_x");
        assertThat(cli("null", "hardware", "set").code()).isEqualTo(Cli.USAGE);
        assertThat(cli("[] []", "credentials", "import").code()).isEqualTo(Cli.USAGE);
        assertThat(cli("", "config", "get", "replicate").out()).contains("https://example.test/a").doesNotContain("example.test/b");
    }

    @Test
    void aVerbGroupWithoutAVerbIsAUsageError() {
        for (String group : List.of("config", "credentials")) {
            Run run = cli("", group);
            assertThat(run.code()).as(group).isEqualTo(Cli.USAGE);
            assertThat(run.err()).as(group).contains("secretdesk " + group + ": name a verb", "Usage: secretdesk " + group);
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void anInvalidHardwareTableAlreadyStoredIsRefusedSayingHowToFixIt() throws Exception {
        assertThat(cli("{}", "config", "set", "runpod").code()).isZero(); // jobs.db exists from here on
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + home().dir().resolve("cloud").resolve("jobs.db"));
                Statement statement = raw.createStatement()) {
            statement.executeUpdate("INSERT INTO provider_config (provider, config, updated_at) VALUES ('replicate', "
                    + "'{\"hardware_info\": {\"gpu-x\": {\"name\": \"X\", \"cost_per_second\": -1}}}', 'x')");
        }
        Run shown = cli("", "hardware");
        assertThat(shown.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(shown.err()).contains("stored hardware_info of provider replicate is invalid",
                "cost_per_second must be zero or more", "'secretdesk hardware set'");
        assertThat(cli("{\"gpu-x\": {\"name\": \"X\", \"cost_per_second\": 1}}", "hardware", "set").code()).isZero();
        assertThat(cli("", "hardware").code()).isZero();
    }

    @Test
    void anUnexpectedFailureExitsSeventyWithOneLineAndTheStackTraceOnlyWhenDebugging() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("standard input went away\nsecond line");
            }
        };
        Run failed = cli(broken, "config", "set", "replicate");
        assertThat(failed.code()).isEqualTo(ExitCode.INTERNAL.code());
        assertThat(failed.err()).isEqualTo("secretdesk: standard input went away (set SECRETDESK_DEBUG=1 for details)"
                + System.lineSeparator());
        env.put("SECRETDESK_DEBUG", "1");
        Run debugged = cli(broken, "config", "set", "replicate");
        assertThat(debugged.code()).isEqualTo(ExitCode.INTERNAL.code());
        assertThat(debugged.err()).contains("java.io.IOException: standard input went away", "\tat ");
    }

    @Test
    void credentialsLifecycleListsMetadataOnly() throws IOException {
        assertThat(cli("r8_from_stdin\n", "credentials", "set", "replicate", "api_token").out()).startsWith("stored replicate/api_token");
        assertThat(cli("", "credentials", "set", "runpod", "api_key", "rp_from_arg").code()).isZero();

        Run list = cli("", "credentials", "list");
        assertThat(list.out()).contains("replicate/api_token", "runpod/api_key", "active");
        assertThat(list.out()).doesNotContain("r8_from_stdin").doesNotContain("rp_from_arg");
        JsonNode json = JSON.readTree(cli("", "credentials", "list", "replicate", "--json").out());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("key_id").asText()).matches("[0-9a-f]{16}");
        assertThat(json.get(0).has("value")).isFalse();

        Run get = cli("", "credentials", "get", "replicate", "api_token");
        assertThat(get.out().equals("r8_from_stdin\n")).as("get prints the value").isTrue();
        assertThat(cli("", "credentials", "deactivate", "replicate", "api_token").code()).isZero();
        Run inactive = cli("", "credentials", "get", "replicate", "api_token");
        assertThat(inactive.code()).isEqualTo(Cli.NOT_FOUND);
        assertThat(inactive.err()).contains("is deactivated");
        assertThat(cli("", "credentials", "delete", "replicate", "api_token").code()).isZero();
        assertThat(cli("", "credentials", "delete", "replicate", "api_token").code()).isEqualTo(Cli.NOT_FOUND);
        assertThat(cli("", "credentials", "get", "replicate", "api_token").err()).contains("is not stored");
        assertThat(cli("", "credentials", "set", "bad provider", "x", "v").code()).isEqualTo(Cli.USAGE);
    }

    @Test
    void importIsOneTransactionAndBadInputImportsNothing() {
        Run bad = cli("""
                [{"provider": "replicate", "name": "api_token", "value": "r8_a"},
                 {"provider": "runpod", "name": "api_key"}]""", "credentials", "import");
        assertThat(bad.code()).isEqualTo(Cli.USAGE);
        assertThat(bad.err()).contains("entry 2 has no text \"value\"").contains("nothing was imported");
        assertThat(cli("not json", "credentials", "import").code()).isEqualTo(Cli.USAGE);
        assertThat(cli("{\"provider\": \"x\"}", "credentials", "import").err()).contains("not a JSON array");
        assertThat(cli("", "credentials", "list").err()).contains("no credentials stored");

        Run good = cli("""
                [{"provider": "replicate", "name": "api_token", "value": "r8_a", "user_id": 7},
                 {"provider": "runpod", "name": "api_key", "value": "rp_b"}]""", "credentials", "import");
        assertThat(good.code()).as(good.err()).isZero();
        assertThat(good.out()).contains("imported 2 credentials (2 new, 0 replaced)");
        assertThat(cli("", "credentials", "get", "runpod", "api_key").out().equals("rp_b\n")).isTrue();
    }

    @Test
    void hardwareShowsDefaultsThenAValidatedConfiguredTable() throws IOException {
        Run defaults = cli("", "hardware");
        assertThat(defaults.out()).contains("gpu-l40s", "L40S (48GB)", "0.000972222", "3.50", "gpu-h100", "0.001525", "5.49");
        assertThat(defaults.err()).contains("defaults");
        JsonNode json = JSON.readTree(cli("", "hardware", "--json").out());
        assertThat(json.get("gpu-l40s").get("cost_per_second").asDouble()).isEqualTo(0.000972222);

        Run negative = cli("{\"gpu-x\": {\"name\": \"X\", \"cost_per_second\": -0.1}}", "hardware", "set");
        assertThat(negative.code()).isEqualTo(Cli.USAGE);
        assertThat(negative.err()).contains("hardware gpu-x: cost_per_second must be zero or more");
        Run text = cli("{\"gpu-x\": {\"name\": \"X\", \"cost_per_second\": \"cheap\"}}", "hardware", "set");
        assertThat(text.code()).isEqualTo(Cli.USAGE);
        assertThat(text.err()).contains("cost_per_second must be a number");
        assertThat(cli("", "hardware").err()).contains("defaults");
        // SimpleTuner's route takes a table without names and shows the id (routes/cloud/providers.py)
        Run nameless = cli("{\"hardware_info\": {\"gpu-x\": {\"cost_per_second\": 1}}}", "config", "set", "replicate");
        assertThat(nameless.code()).as(nameless.err()).isZero();
        assertThat(cli("", "hardware").out()).contains("gpu-x  gpu-x");

        assertThat(cli("{\"gpu-h100\": {\"name\": \"H100 (80GB)\", \"cost_per_second\": 0.001525}}", "hardware", "set").code()).isZero();
        Run configured = cli("", "hardware");
        assertThat(configured.out()).contains("gpu-h100", "H100 (80GB)", "5.49").doesNotContain("gpu-l40s");
        assertThat(configured.err()).contains("from the config of replicate");
    }

    @Test
    void auditListsChangesWithoutValuesAndVerifyCatchesTampering() throws Exception {
        cli("r8_secret_value", "credentials", "set", "replicate", "api_token");
        cli("{\"webhook_secret\": \"whsec_secret_value\"}", "config", "set", "replicate");
        Run audit = cli("", "audit");
        assertThat(audit.out()).contains("credential.set", "credential:replicate/api_token", "provider_config.save", "webhook_secret",
                "credential.created", "provider.configured");
        assertThat(audit.out()).doesNotContain("secret_value");
        Run verified = cli("", "audit", "--verify");
        assertThat(verified.code()).isZero();
        assertThat(verified.out()).contains("audit chain intact: 2 entries verified");

        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + home().dir().resolve("audit.db"));
                Statement statement = raw.createStatement()) {
            statement.executeUpdate("UPDATE audit_log SET action = 'provider_config.delete' WHERE id = 2");
        }
        Run broken = cli("", "audit", "--verify");
        assertThat(broken.code()).isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(broken.err()).contains("audit chain BROKEN: entry 2 does not match its hash");
    }

    @Test
    void anUnreadableKeyFileStopsWritesAndIsKept() throws IOException {
        Files.createDirectories(home().credentialKeyFile());
        Run set = cli("value", "credentials", "set", "replicate", "api_token");
        assertThat(set.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(set.err()).contains("Cannot read key file", "not replaced");
        assertThat(home().credentialKeyFile()).isDirectory();
        assertThat(cli("", "credentials", "list").err()).contains("no credentials stored");
    }

    @Test
    void aWriteWithAnAuditKeyThatCannotBeSavedIsRefusedAndChangesNothing() throws IOException {
        Files.writeString(userHome.resolve(".simpletuner"), "a plain file where the folder should be");
        env.put("SECRETDESK_DB", userHome.resolve("elsewhere/console.db").toString());
        Run set = cli("{\"webhook_url\": \"https://example.test/hook\"}", "config", "set", "replicate");
        assertThat(set.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(set.err()).contains(".simpletuner").containsIgnoringCase("nothing was");
        assertThat(cli("", "config", "get", "replicate").out().strip()).isEqualTo("{ }");
        assertThat(cli("{\"gpu-x\": {\"name\": \"X\", \"cost_per_second\": 1}}", "hardware", "set").code())
                .isEqualTo(ExitCode.REFUSED.code());
    }

    @Test
    void aMissingAuditKeyFileOfALogWithEntriesStopsWritesAndVerifyAndIsNotRegenerated() throws IOException {
        assertThat(cli("{\"webhook_url\": \"https://example.test/a\"}", "config", "set", "replicate").code()).isZero();
        Files.delete(home().auditKeyFile());
        Run set = cli("{\"webhook_url\": \"https://example.test/b\"}", "config", "set", "replicate");
        assertThat(set.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(set.err()).contains("its key " + home().auditKeyFile() + " is missing", "Restore " + home().auditKeyFile(),
                "SIMPLETUNER_AUDIT_KEY");
        assertThat(cli("", "config", "get", "replicate").out()).contains("https://example.test/a");
        Run verify = cli("", "audit", "--verify");
        assertThat(verify.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(verify.err()).contains(home().auditKeyFile().toString());
        assertThat(home().auditKeyFile()).doesNotExist();
    }

    @Test
    void deletingTheWholeAuditLogIsFoundByVerifyAndADeliberateResetIsAudited() throws Exception {
        assertThat(cli("{\"webhook_url\": \"https://example.test/a\"}", "config", "set", "replicate").code()).isZero();
        assertThat(cli("v", "credentials", "set", "replicate", "api_token").code()).isZero();
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + home().dir().resolve("audit.db"));
                Statement statement = raw.createStatement()) {
            statement.executeUpdate("DELETE FROM audit_log");
        }
        Run broken = cli("", "audit", "--verify");
        assertThat(broken.code()).isEqualTo(ExitCode.CHECK_FAILED.code());
        assertThat(broken.err()).contains("audit chain BROKEN: entries up to 2 were deleted: the log is empty",
                "audit.mark records entry 2", "secretdesk audit --accept-current");
        assertThat(cli("", "audit", "--accept-current", "--verify").code()).isEqualTo(Cli.USAGE);
        Run reset = cli("", "audit", "--accept-current");
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(cli("", "audit", "-n", "1").out()).contains("audit.mark.reset");
        Run verified = cli("", "audit", "--verify");
        assertThat(verified.code()).as(verified.err()).isZero();
    }

    @Test
    void aDatabaseFromANewerSchemaIsReportedAndKept() throws Exception {
        Path db = home().database(env);
        Files.createDirectories(db.getParent());
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db); Statement statement = raw.createStatement()) {
            statement.execute("PRAGMA user_version = 42");
        }
        long size = Files.size(db);
        Run run = cli("", "credentials", "list");
        assertThat(run.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(run.err()).contains("newer SecretDesk (schema version 42");
        assertThat(Files.size(db)).isEqualTo(size);
    }

    @Test
    @Tag("slow")
    void filesAreOwnerOnlyUnderUmask000() throws Exception {
        ChildJvm child = new ChildJvm(userHome, Map.of()).umask("000");
        ChildJvm.Result result = child.run("r8_value\n", "credentials", "set", "replicate", "api_token");
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path dir = home().dir();
        assertThat(mode(dir)).isEqualTo("rwx------");
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).contains("audit.key", "audit.db", "console.db", "credential.key");
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> assertThat(modeOrGone(file)).as(file.getFileName().toString()).isIn("rw-------", "gone"));
        }
    }

    @Test
    @Tag("slow")
    void aDatabaseLockedByAnotherProcessFailsAfterTheBusyTimeout() throws Exception {
        assertThat(cli("v", "credentials", "set", "replicate", "first").code()).isZero();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + home().database(env));
                Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            ChildJvm.Result result = new ChildJvm(userHome, Map.of()).run("v2\n", "credentials", "set", "replicate", "second");
            assertThat(result.exitCode()).isEqualTo(ExitCode.REFUSED.code());
            assertThat(result.err()).contains("is locked by another process (waited 5000 ms").contains("nothing was changed");
            statement.execute("ROLLBACK");
        }
        assertThat(cli("", "credentials", "list").out()).contains("replicate/first").doesNotContain("replicate/second");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String modeOrGone(Path path) {
        try {
            return mode(path);
        } catch (IOException e) {
            return "gone"; // -wal/-shm may be removed when the child closes the database
        }
    }
}
