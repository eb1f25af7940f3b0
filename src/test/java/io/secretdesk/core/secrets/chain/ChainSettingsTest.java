package io.secretdesk.core.secrets.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check of typed chain settings: the rules the AWS and Vault providers apply, one problem at a time. */
class ChainSettingsTest {

    @TempDir
    Path dir;

    @Test
    void usableSettingsAndBlankOnesHaveNoProblem() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThat(ChainSettings.problem(Map.of())).isNull();
        assertThat(ChainSettings.problem(Map.of("VAULT_ADDR", " ", "AWS_ENDPOINT_URL", ""))).isNull();
        assertThat(ChainSettings.problem(Map.of("VAULT_ADDR", "https://vault.example.com:8200", "SIMPLETUNER_VAULT_MOUNT",
                "kv/team", "VAULT_CACERT", ca.toString(), "AWS_ENDPOINT_URL", "http://127.0.0.1:5000"))).isNull();
    }

    @Test
    void eachUnusableSettingIsNamedWithWhatToSet() {
        assertThat(ChainSettings.problem(Map.of("VAULT_ADDR", "vault.example.com")))
                .isEqualTo(new ChainSettings.Problem("VAULT_ADDR", "VAULT_ADDR 'vault.example.com' is not an http:// or"
                        + " https:// address: set it like https://vault.example.com:8200"));
        assertThat(ChainSettings.problem(Map.of("VAULT_ADDR", "ftp://user:pw@vault.example.com")).message())
                .as("a password in the address is never repeated").doesNotContain("pw");
        assertThat(ChainSettings.problem(Map.of("SIMPLETUNER_VAULT_MOUNT", "kv//team")))
                .extracting(ChainSettings.Problem::variable).isEqualTo("SIMPLETUNER_VAULT_MOUNT");
        assertThat(ChainSettings.problem(Map.of("SIMPLETUNER_VAULT_PATH", "a b")))
                .extracting(ChainSettings.Problem::variable).isEqualTo("SIMPLETUNER_VAULT_PATH");
        assertThat(ChainSettings.problem(Map.of("AWS_ENDPOINT_URL", "localhost:5000")).variable()).isEqualTo("AWS_ENDPOINT_URL");
        assertThat(ChainSettings.problem(Map.of("VAULT_CACERT", dir.resolve("missing.pem").toString())).message())
                .startsWith("VAULT_CACERT '").contains("is not a readable file");
    }
}
