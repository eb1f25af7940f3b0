package io.secretdesk.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.Resolution.Outcome;
import io.secretdesk.core.secrets.Resolution.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Provider Config's token-source text, over core's shadowing rule and its structured "not set up" outcome. */
class TokenSourceTextTest {

    private static final String KEY = "REPLICATE_API_TOKEN";

    private static Outcome env(Status status) {
        return new Outcome("env", "variable " + KEY, status, "", status == Status.LACKS ? null : "r8_env");
    }

    private static Outcome file(Status status) {
        return new Outcome("file", "/home/u/.simpletuner/secrets.json [" + KEY + "]", status, "",
                status == Status.LACKS ? null : "r8_file");
    }

    @Test
    void anEnvironmentVariableOverridesTheFile() {
        Resolution resolution = new Resolution(KEY, List.of(env(Status.SUPPLIES), file(Status.SHADOWED)));
        assertThat(TokenSourceText.overridesFile(resolution)).isTrue();
        assertThat(TokenSourceText.describeSource(resolution)).isEqualTo(KEY + " comes from the environment variable " + KEY
                + ": it wins over the secrets file, so a token saved here is not used while it is set."
                + " Also held, unused, by: file.");
    }

    @Test
    void theFileItselfOrASourceBelowItDoesNotOverride() {
        Resolution inFile = new Resolution(KEY, List.of(env(Status.LACKS), file(Status.SUPPLIES)));
        assertThat(TokenSourceText.overridesFile(inFile)).isFalse();
        assertThat(TokenSourceText.describeSource(inFile))
                .isEqualTo(KEY + " comes from the secrets file (/home/u/.simpletuner/secrets.json [" + KEY + "]).");

        Resolution inVault = new Resolution(KEY, List.of(env(Status.LACKS), file(Status.LACKS),
                new Outcome("vault", "secret/simpletuner [" + KEY + "]", Status.SUPPLIES, "", "r8_vault")));
        assertThat(TokenSourceText.overridesFile(inVault)).isFalse();
        assertThat(TokenSourceText.describeSource(inVault)).startsWith(KEY + " comes from vault (secret/simpletuner");
    }

    @Test
    void aSourceThatIsNotSetUpIsNotNamedAmongThoseThatCouldNotBeAsked() {
        Resolution resolution = new Resolution(KEY, List.of(env(Status.LACKS), file(Status.SUPPLIES),
                new Outcome("aws", "aws", Status.UNAVAILABLE, "the reason's wording does not matter", null, false),
                new Outcome("vault", "vault", Status.UNAVAILABLE, "not configured (wording that once decided)", null, true)));
        assertThat(TokenSourceText.describeSource(resolution)).endsWith(" Could not ask: vault.");
    }
}
