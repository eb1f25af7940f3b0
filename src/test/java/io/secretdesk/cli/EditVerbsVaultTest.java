package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.VaultKvTestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The edit verbs against the loopback Vault server: writes in place, versions with who, destroy and KV v1. */
@Tag("slow")
class EditVerbsVaultTest extends EditVerbsTest {

    private VaultKvTestServer vault;

    @BeforeEach
    void startVault() {
        vault = VaultKvTestServer.start().mount("secret", 2).mount("legacy", 1);
        env.put("VAULT_ADDR", vault.url());
        env.put("VAULT_TOKEN", vault.rootToken());
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    @Test
    void setWritesToVaultWhenItSuppliesTheKeyAndHistoryNamesWhoMadeEachVersion() {
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "hf_fromVault", "PORT", 8080));

        Run set = cli("hf_newInVault\n", "set", "HF_TOKEN");

        assertThat(set.code()).isZero();
        assertThat(set.out()).contains("saved HF_TOKEN to vault", "version 2");
        assertThat(vault.currentVersion("secret", "simpletuner")).isEqualTo(2);
        assertThat(cli("", "get", "HF_TOKEN").out()).isEqualTo("hf_newInVault\n");
        Run history = cli("", "history", "HF_TOKEN", "--source", "vault");
        assertThat(history.out()).contains("HF_TOKEN in vault").containsPattern("2 +current .* " + System.getProperty("user.name"))
                .containsPattern("1 +older +\\S+ +- ").doesNotContain("hf_new", "hf_fromVault");

        Run keep = cli("", "version", "destroy", "HF_TOKEN", "1");
        assertThat(keep.code()).isEqualTo(Cli.USAGE);
        assertThat(keep.err()).contains("for good", "--yes");
        assertThat(cli("", "version", "destroy", "HF_TOKEN", "1", "--yes").code()).isZero();
        assertThat(cli("", "history", "HF_TOKEN", "--source", "vault").out()).contains("(destroyed)");
        assertThat(cli("", "restore", "HF_TOKEN", "1", "--source", "vault").err()).contains("destroyed");
    }

    @Test
    void aKvVersionOneMountNeedsYesWhenNoOneCanBeAsked() {
        env.put("SIMPLETUNER_VAULT_MOUNT", "legacy");
        vault.put("legacy", "simpletuner", Map.of("HF_TOKEN", "hf_v1"));

        Run refused = cli("hf_v1_new\n", "set", "HF_TOKEN", "--to", "vault");
        assertThat(refused.code()).isEqualTo(Cli.USAGE);
        assertThat(refused.err()).contains("KV version 1", "--yes");
        assertThat(cli("", "get", "HF_TOKEN").out()).isEqualTo("hf_v1\n");

        assertThat(cli("hf_v1_new\n", "set", "HF_TOKEN", "--to", "vault", "--yes").code()).isZero();
        assertThat(cli("", "get", "HF_TOKEN").out()).isEqualTo("hf_v1_new\n");
    }

    @Test
    void aTokenThatMayOnlyReadIsReportedWithThePolicyItNeeds() {
        vault.put("secret", "simpletuner", Map.of("HF_TOKEN", "hf_fromVault"));
        env.put("VAULT_TOKEN", vault.createPolicyToken("secret/data/simpletuner:read", "sys/*:read"));

        Run set = cli("hf_denied\n", "set", "HF_TOKEN", "--to", "vault");
        assertThat(set.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(set.err()).contains("HTTP 403 permission denied", "create and update on secret/data/simpletuner")
                .doesNotContain("hf_denied");
    }
}
