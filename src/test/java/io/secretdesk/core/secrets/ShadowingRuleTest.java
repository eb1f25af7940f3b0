package io.secretdesk.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.chain.ProviderChains;
import io.secretdesk.core.secrets.env.EnvironmentSecretProvider;
import io.secretdesk.core.secrets.file.FileSecretProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one shadowing rule ({@link Resolution#winnerAbove}, {@link SecretsManager#winnerAbove}): who wins over the
 * secrets file, as the Secrets editor, Provider Config's token section and every write's outcome ask it.
 */
class ShadowingRuleTest {

    @TempDir
    Path userHome;

    /** A provider with fixed answers that counts how often it is asked. */
    private record Fixed(String name, Map<String, String> values, String downReason, boolean configured,
                         AtomicInteger asked) implements SecretProvider {
        Fixed(String name, Map<String, String> values) {
            this(name, values, null, true, new AtomicInteger());
        }

        @Override
        public String description() {
            return name + " source";
        }

        @Override
        public Lookup lookup(String key) {
            asked.incrementAndGet();
            return downReason != null ? new Lookup.Unavailable(downReason) : Lookup.of(values.get(key));
        }

        @Override
        public Contents contents() {
            return downReason != null ? new Contents.Unavailable(downReason) : new Contents.Loaded(values);
        }
    }

    private SimpleTunerHome home() throws IOException {
        SimpleTunerHome home = SimpleTunerHome.underUserHome(userHome);
        Files.createDirectories(home.dir());
        return home;
    }

    @Test
    void theEnvironmentWinsAboveTheFileAndTheFileDoesNotWinAboveItself() throws IOException {
        Files.writeString(home().dir().resolve("secrets.json"), "{\"HF_TOKEN\": \"hf_file\", \"ONLY_FILE\": \"f\"}");
        SecretsManager manager = ProviderChains.fromEnvironment(Map.of("HF_TOKEN", "hf_env"), home());

        Resolution shadowed = manager.resolve("HF_TOKEN");
        assertThat(shadowed.winnerAbove(ProviderId.FILE)).get().extracting(Resolution.Outcome::provider).isEqualTo("env");
        assertThat(manager.winnerAbove("HF_TOKEN", ProviderId.FILE)).get()
                .extracting(Resolution.Outcome::location).isEqualTo("variable HF_TOKEN");
        assertThat(shadowed.winnerAbove(ProviderId.ENV)).as("nothing ranks above the environment").isEmpty();

        assertThat(manager.resolve("ONLY_FILE").winnerAbove(ProviderId.FILE)).isEmpty();
        assertThat(manager.winnerAbove("ONLY_FILE", ProviderId.FILE)).isEmpty();
        assertThat(manager.resolve("NOWHERE").winnerAbove(ProviderId.FILE)).isEmpty();
    }

    @Test
    void aSupplierBelowTheFileDoesNotShadowIt() {
        Fixed vault = new Fixed("vault", Map.of("K", "from-vault"));
        SecretsManager manager = new SecretsManager(List.of(new EnvironmentSecretProvider("", Map.of()),
                new Fixed("file", Map.of()), vault));
        assertThat(manager.resolve("K").winnerAbove(ProviderId.FILE)).isEmpty();
        assertThat(manager.resolve("K").winnerAbove(ProviderId.AWS)).as("aws is not in this chain: any supplier wins")
                .get().extracting(Resolution.Outcome::provider).isEqualTo("vault");
    }

    @Test
    void theManagersAnswerAsksOnlyTheSourcesAboveTheFile() {
        Fixed env = new Fixed("env", Map.of());
        Fixed file = new Fixed("file", Map.of("K", "f"));
        Fixed vault = new Fixed("vault", Map.of("K", "v"));
        SecretsManager manager = new SecretsManager(List.of(env, file, vault));
        assertThat(manager.winnerAbove("K", ProviderId.FILE)).isEmpty();
        assertThat(env.asked()).hasValue(1);
        assertThat(file.asked()).hasValue(0);
        assertThat(vault.asked()).as("a remote source below the file is never asked").hasValue(0);
    }

    @Test
    void aWriteToTheFileIsOverriddenOnlyByAWinnerAboveIt() throws IOException {
        SimpleTunerHome home = home();
        SecretsManager manager = new SecretsManager(List.of(
                new EnvironmentSecretProvider("", Map.of("REPLICATE_API_TOKEN", "r8_env")), FileSecretProvider.inHome(home),
                new Fixed("vault", Map.of("MY_KEY", "v"))));
        SecretsManager.WriteOutcome overridden = manager.setReplicateToken("r8_file");
        assertThat(overridden.overriddenBy()).get().extracting(Resolution.Outcome::provider).isEqualTo("env");
        assertThat(overridden.effective()).isFalse();

        SecretsManager.WriteOutcome plain = manager.setSecret("MY_KEY", "my_value");
        assertThat(plain.overriddenBy()).as("vault holds it too, below the file").isEmpty();
        assertThat(plain.effective()).isTrue();
    }

    @Test
    void aSourceThatIsNotSetUpIsNotUnanswered() {
        SecretsManager manager = new SecretsManager(List.of(new EnvironmentSecretProvider("", Map.of()),
                new Fixed("aws", Map.of(), "AWS Secrets Manager not configured: no secret name", false, new AtomicInteger()),
                new Fixed("vault", Map.of(), "connection refused", true, new AtomicInteger())));
        Resolution resolution = manager.resolve("K");
        assertThat(resolution.outcomeOf(ProviderId.AWS).configured()).isFalse();
        assertThat(resolution.outcomeOf(ProviderId.AWS).unanswered()).isFalse();
        assertThat(resolution.outcomeOf(ProviderId.ENV).configured()).as("answered, so set up").isTrue();
        assertThat(resolution.unanswered()).extracting(Resolution.Outcome::provider).containsExactly("vault");
    }

    @Test
    void printedNamesStayAsTheyWere() {
        assertThat(ProviderId.names()).containsExactly("env", "file", "aws", "vault");
        assertThat(new EnvironmentSecretProvider("", Map.of()).name()).isEqualTo(ProviderId.ENV.id());
        assertThat(ProviderId.of("vault")).contains(ProviderId.VAULT);
        assertThat(ProviderId.of("test")).isEmpty();
        assertThat(ProviderId.of(null)).isEmpty();
        assertThat(ProviderId.AWS.toString()).isEqualTo("aws");
    }
}
