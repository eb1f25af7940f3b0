package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.testing.VaultKvTestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit-code table with the remote providers in trouble: AWS down (nothing listens on its endpoint) and Vault
 * hanging (it takes requests and never answers). A miss is 3, not 1, while a provider that might hold the key
 * could not answer; a key found above every provider that could not answer is 0.
 */
@Tag("slow")
class CliExitCodesTest {

    private static final int OK = 0;
    private static final int NOT_FOUND = 1;
    private static final int UNAVAILABLE = 3;

    @TempDir
    Path userHome;

    private CliHarness cli;
    private VaultKvTestServer vault;

    @BeforeEach
    void fileWithOneKey() throws Exception {
        cli = new CliHarness(userHome);
        cli.secretsFile(Map.of("IN_FILE", "file-value"));
    }

    @AfterEach
    void stopVault() {
        if (vault != null) {
            vault.close();
        }
    }

    private void awsDown() {
        cli.env.putAll(Map.of("SIMPLETUNER_AWS_SECRET_NAME", "simpletuner/prod", "AWS_DEFAULT_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:1", "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing-secret", "SIMPLETUNER_AWS_TIMEOUT_SECONDS", "2"));
    }

    private void vaultHanging() {
        vault = VaultKvTestServer.start().mount("secret", 2);
        vault.put("secret", "simpletuner", Map.of("IN_VAULT", "vault-value"));
        cli.env.putAll(Map.of("VAULT_ADDR", vault.url(), "VAULT_TOKEN", vault.rootToken(),
                "SIMPLETUNER_VAULT_TIMEOUT_SECONDS", "1"));
        vault.hang(true);
    }

    @Test
    void withNothingRemoteSetUpAMissIsNotFound() {
        assertThat(cli.run("get", "NOPE").code()).isEqualTo(NOT_FOUND);
        assertThat(cli.run("which", "NOPE").code()).isEqualTo(NOT_FOUND);
        assertThat(cli.run("export", "NOPE").code()).isEqualTo(NOT_FOUND);
        assertThat(cli.run("run", "--only", "NOPE", "--", "true").code()).isEqualTo(NOT_FOUND);
        assertThat(cli.run("providers").code()).as("nothing set up is failing").isEqualTo(OK);
        assertThat(cli.run("get", "IN_FILE").out()).isEqualTo("file-value\n");
    }

    @Test
    void awsDownMakesAMissUnavailableAndNamesIt() {
        awsDown();
        CliHarness.Run get = cli.run("get", "NOPE");
        assertThat(get.code()).isEqualTo(UNAVAILABLE);
        assertThat(get.out()).isEmpty();
        assertThat(get.err()).contains("aws could not answer", "--allow-unavailable");
        CliHarness.Run bestEffort = cli.run("get", "--allow-unavailable", "NOPE");
        assertThat(bestEffort.code()).isEqualTo(NOT_FOUND);
        assertThat(bestEffort.err()).contains("warning: aws could not answer");

        assertThat(cli.run("get", "IN_FILE").code()).as("the file ranks above AWS").isEqualTo(OK);
        cli.env.put("IN_ENV", "env-value");
        assertThat(cli.run("get", "IN_ENV", "IN_FILE").out()).isEqualTo("env-value\nfile-value\n");
        assertThat(cli.run("get", "IN_FILE", "NOPE").code()).isEqualTo(UNAVAILABLE);
        assertThat(cli.run("which", "NOPE").code()).isEqualTo(UNAVAILABLE);
        assertThat(cli.run("which", "--allow-unavailable", "NOPE").code()).isEqualTo(NOT_FOUND);
        assertThat(cli.run("providers").code()).isEqualTo(UNAVAILABLE);
        assertThat(cli.run("export", "--all").code()).isEqualTo(UNAVAILABLE);
        CliHarness.Run export = cli.run("export", "--all", "--allow-unavailable");
        assertThat(export.code()).isZero();
        assertThat(export.out()).contains("export IN_FILE='file-value'");
        assertThat(cli.run("run", "--only", "IN_FILE", "--", "true").code()).as("found above AWS").isZero();
        assertThat(cli.run("run", "--", "true").code()).as("every key: AWS might add some").isEqualTo(UNAVAILABLE);
    }

    @Test
    void aHangingVaultIsUnavailableAfterItsTimeoutAndAKeyAboveItStillAnswers() {
        vaultHanging();
        CliHarness.Run miss = cli.run("get", "IN_VAULT");
        assertThat(miss.code()).isEqualTo(UNAVAILABLE);
        assertThat(miss.err()).contains("vault could not answer");
        assertThat(cli.run("get", "IN_FILE").code()).isEqualTo(OK);
        vault.hang(false);
        assertThat(cli.run("get", "IN_VAULT").out()).isEqualTo("vault-value\n");
    }

    @Test
    void whichAndProvidersJsonCarryStatesCountsAndTheExitCode() throws Exception {
        awsDown();
        CliHarness.Run which = cli.run("which", "--json", "IN_FILE");
        assertThat(which.code()).isZero();
        JsonNode doc = new ObjectMapper().readTree(which.out());
        assertThat(doc.get("found").asBoolean()).isTrue();
        assertThat(doc.get("certain").asBoolean()).as("AWS ranks below the file").isTrue();
        assertThat(doc.get("exit_code").asInt()).isZero();
        assertThat(doc.get("counts").get("supplies").asInt()).isEqualTo(1);
        assertThat(doc.get("counts").get("unavailable").asInt()).isEqualTo(1);
        assertThat(doc.get("counts").get("not_set_up").asInt()).as("vault").isEqualTo(1);
        assertThat(doc.get("providers").get(2).get("state").asText()).isEqualTo("unavailable");

        JsonNode miss = new ObjectMapper().readTree(cli.run("which", "--json", "NOPE").out());
        assertThat(miss.get("exit_code").asInt()).isEqualTo(UNAVAILABLE);
        assertThat(miss.get("unanswered").get(0).asText()).isEqualTo("aws");

        CliHarness.Run providers = cli.run("providers", "--json");
        assertThat(providers.code()).isEqualTo(UNAVAILABLE);
        assertThat(providers.err()).contains("aws");
        JsonNode list = new ObjectMapper().readTree(providers.out());
        assertThat(list.get("providers").get(1).get("keys").asInt()).as("numeric").isEqualTo(1);
        assertThat(list.get("providers").get(2).get("state").asText()).isEqualTo("unavailable");
        assertThat(list.get("counts").get("available").asInt()).isEqualTo(2);
        assertThat(list.get("counts").get("unavailable").asInt()).isEqualTo(1);
        assertThat(list.get("counts").get("not_set_up").asInt()).isEqualTo(1);
    }

    @Test
    void manyKeysAreAllOrNothing() throws Exception {
        cli.secretsFile(Map.of("A", "1", "B", "two words", "MULTI", "line1\nline2"));
        assertThat(cli.run("get", "B", "A").out()).isEqualTo("two words\n1\n");
        CliHarness.Run partial = cli.run("get", "A", "NOPE", "B");
        assertThat(partial.code()).isEqualTo(NOT_FOUND);
        assertThat(partial.out()).isEmpty();
        assertThat(partial.err()).contains("NOPE");
        CliHarness.Run lines = cli.run("get", "A", "MULTI");
        assertThat(lines.code()).isEqualTo(2);
        assertThat(lines.out()).isEmpty();
        assertThat(lines.err()).contains("MULTI", "--json").doesNotContain("line1");
        assertThat(cli.run("get", "MULTI").out()).as("one key prints as it is").isEqualTo("line1\nline2\n");
        JsonNode json = new ObjectMapper().readTree(cli.run("get", "--json", "MULTI", "A").out());
        assertThat(json.get("MULTI").asText()).isEqualTo("line1\nline2");
        assertThat(json.fieldNames()).toIterable().containsExactly("MULTI", "A");
    }

    @Test
    void exportAndRunRefuseWhatTheFormatOrEnvironmentCannotHold() throws Exception {
        cli.secretsFile(Map.of("my.key", "v", "GOOD", "g", "NUL", "a\u0000b"));
        assertThat(cli.run("export", "my.key").code()).isEqualTo(2);
        assertThat(cli.run("export", "--format", "json", "my.key").code()).isZero();
        CliHarness.Run all = cli.run("export", "--all");
        assertThat(all.code()).isZero();
        assertThat(all.out()).isEqualTo("export GOOD='g'\n");
        assertThat(all.err()).contains("left out", "my.key", "NUL");
        assertThat(cli.run("run", "--only", "NUL", "--", "true").code()).isEqualTo(2);
        assertThat(cli.run("export").code()).as("neither KEYS nor --all").isEqualTo(2);
        assertThat(cli.run("export", "--format", "yaml", "GOOD").code()).isEqualTo(2);
    }
}
