package io.secretdesk;

import io.secretdesk.core.services.Services;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.ui.shell.SourceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status bar's feed: the four secret sources, and the credential key once the session has used it. */
class AppSourceFeedTest {

    @TempDir
    Path dir;

    private static SourceStatus named(List<SourceStatus> statuses, String name) {
        return statuses.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    void reportsTheSourcesAndTheKeyOnlyAfterItWasUsed() {
        Map<String, String> env = Map.of("SIMPLETUNER_AUDIT_KEY", "audit-key-for-feed-test");
        try (Services services = new Services(env, SimpleTunerHome.underUserHome(dir))) {
            List<SourceStatus> before = App.sourceFeed(services).check();
            assertThat(before).extracting(SourceStatus::name).containsExactly("env", "file", "aws", "vault", "state");
            assertThat(before).extracting(SourceStatus::configured).as("nothing but the environment is set up yet")
                    .containsExactly(true, false, false, false, true);
            SourceStatus state = named(before, "state");
            assertThat(state.available()).as("SimpleTuner's state folder does not exist yet").isFalse();
            assertThat(state.detail()).contains("SimpleTuner state: " + SimpleTunerHome.underUserHome(dir).dir(),
                    "the folder 'simpletuner server' uses", "does not exist yet");
            assertThat(Files.exists(SimpleTunerHome.underUserHome(dir).credentialKeyFile()))
                    .as("asking for the status generates no key").isFalse();

            services.credentials().set("replicate", "api_token", "r8_value");
            services.secrets().setSecret("HF_TOKEN", "hf_feedTestValue");
            List<SourceStatus> after = App.sourceFeed(services).check();
            assertThat(named(after, "file").configured()).as("the first secret saved creates the file").isTrue();
            SourceStatus key = named(after, "key");
            assertThat(key).isNotNull();
            assertThat(key.available()).isTrue();
            assertThat(key.detail()).contains("credential key").doesNotContain("r8_value");
        }
    }

    @Test
    void aKeyThatCouldNotBeSavedIsRedAndSaysCredentialsWillNotSurviveARestart() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Map<String, String> env = Map.of("SIMPLETUNER_AUDIT_KEY", "audit-key-for-feed-test",
                "SECRETDESK_DB", dir.resolve("console.db").toString());
        try (Services services = new Services(env, SimpleTunerHome.underUserHome(notAFolder))) {
            try {
                services.credentials().set("replicate", "api_token", "r8_value");
            } catch (RuntimeException refused) {
                // The store may refuse to encrypt with a temporary key; the key was resolved either way.
            }
            SourceStatus key = named(App.sourceFeed(services).check(), "key");
            assertThat(key).isNotNull();
            assertThat(key.available()).isFalse();
            assertThat(key.detail()).contains("will not decrypt after a restart");
        }
    }
}
