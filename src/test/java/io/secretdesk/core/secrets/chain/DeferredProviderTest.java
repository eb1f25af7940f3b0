package io.secretdesk.core.secrets.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.core.secrets.KeyAnswer;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.edit.Editable;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeferredProviderTest {

    @TempDir
    Path userHome;

    private SecretsManager chain(Map<String, String> env) {
        return ProviderChains.deferred(env, SimpleTunerHome.underUserHome(userHome), Runnable::run,
                new ManualScheduler(System::nanoTime));
    }

    private static DeferredProvider remote(SecretsManager chain, int index) {
        return (DeferredProvider) chain.chain().get(index);
    }

    @Test
    void aKeyTheEnvironmentHoldsNeverBuildsAwsOrVault() {
        SecretsManager chain = chain(Map.of("HF_TOKEN", "hf_env", "SIMPLETUNER_AWS_SECRET_NAME", "x",
                "AWS_DEFAULT_REGION", "eu-west-1"));
        KeyAnswer answer = chain.answer("HF_TOKEN");
        assertThat(answer.found()).contains("hf_env");
        assertThat(answer.certain()).isTrue();
        assertThat(chain.chain()).extracting(SecretProvider::name).containsExactly("env", "file", "aws", "vault");
        assertThat(remote(chain, 2).built()).isFalse();
        assertThat(remote(chain, 3).built()).isFalse();
        assertThat(remote(chain, 2).remote()).isTrue();
    }

    @Test
    void aMissBuildsThemAndProvidersThatAreNotSetUpLeaveTheAnswerCertain() {
        SecretsManager chain = chain(Map.of());
        KeyAnswer answer = chain.answer("NOPE");
        assertThat(answer.found()).isEmpty();
        assertThat(answer.certain()).as("neither AWS nor Vault is set up").isTrue();
        assertThat(remote(chain, 2).built()).isTrue();
        assertThat(remote(chain, 2).configured()).isFalse();
        assertThat(remote(chain, 2).description()).startsWith("AWS Secrets Manager");
    }

    @Test
    void itIsEditableAsTheProviderItStandsFor() {
        SecretsManager chain = chain(Map.of("SIMPLETUNER_AWS_SECRET_NAME", "x", "AWS_DEFAULT_REGION", "eu-west-1"));
        assertThat(remote(chain, 2)).isInstanceOf(Editable.class);
        assertThat(remote(chain, 2).editor()).isNotNull();
    }
}
