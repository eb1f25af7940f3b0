package io.secretdesk.core.secrets.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSecretProviderTest {

    @Test
    void normalisesKeysToUpperCaseWithUnderscores() {
        var provider = new EnvironmentSecretProvider("", Map.of());
        assertThat(provider.variableFor("replicate-api-token")).isEqualTo("REPLICATE_API_TOKEN");
        assertThat(provider.variableFor("hf.token")).isEqualTo("HF_TOKEN");
        assertThat(provider.variableFor("Cloud-Webhook.Secret")).isEqualTo("CLOUD_WEBHOOK_SECRET");
    }

    @Test
    void prefixIsJoinedWithAnUnderscore() {
        var provider = new EnvironmentSecretProvider("SIMPLETUNER", Map.of("SIMPLETUNER_REPLICATE_API_TOKEN", "r8_x"));
        assertThat(provider.variableFor("replicate-api-token")).isEqualTo("SIMPLETUNER_REPLICATE_API_TOKEN");
        assertThat(provider.lookup("replicate-api-token")).isInstanceOf(Lookup.Found.class);
        assertThat(new EnvironmentSecretProvider("SIMPLETUNER_", Map.of()).variableFor("a")).isEqualTo("SIMPLETUNER_A");
    }

    @Test
    void withoutPrefixTheUnprefixedVariableIsRead() {
        var provider = new EnvironmentSecretProvider("", Map.of("HF_TOKEN", "hf_1", "SIMPLETUNER_HF_TOKEN", "hf_2"));
        assertThat(((Lookup.Found) provider.lookup("hf-token")).value().equals("hf_1")).as("unprefixed variable wins").isTrue();
        assertThat(provider.lookup("missing")).isEqualTo(Lookup.MISSING);
    }

    @Test
    void anEmptyVariableStillSuppliesTheKeyAsInSimpleTuner() {
        var provider = new EnvironmentSecretProvider("", Map.of("HF_TOKEN", ""));
        assertThat(provider.lookup("HF_TOKEN")).isInstanceOf(Lookup.Found.class);
    }

    @Test
    void contentsListKnownKeysAndPrefixedVariables() {
        var env = Map.of("HF_TOKEN", "hf_1", "PATH", "/bin", "ST_EXTRA_KEY", "v", "ST_", "ignored");
        var unprefixed = (Contents.Loaded) new EnvironmentSecretProvider("", env).contents();
        assertThat(unprefixed.keys()).containsExactly("HF_TOKEN");
        var prefixed = (Contents.Loaded) new EnvironmentSecretProvider("ST", env).contents();
        assertThat(prefixed.keys()).containsExactly("EXTRA_KEY");
        assertThat(new EnvironmentSecretProvider("", env).listsEveryKey()).isFalse();
    }

    @Test
    void isAlwaysAvailableAndNeverShowsValues() {
        var provider = new EnvironmentSecretProvider("", Map.of("HF_TOKEN", "hf_topsecret"));
        assertThat(provider.availability().available()).isTrue();
        assertThat(provider.toString() + provider.lookup("HF_TOKEN") + provider.contents()).doesNotContain("topsecret");
    }
}
