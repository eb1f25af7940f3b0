package io.secretdesk.core.secrets.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.SourceSettings;
import io.secretdesk.core.secrets.SourceSettings.Field;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each provider describes its own settings for the console's source card ({@link SecretProvider#settings()}): titles,
 * fields, the file's note, which can be tested, whether set up; a deferred provider gives its built provider's card;
 * no card shows a token.
 */
class SourceSettingsTest {

    private static final String VAULT_TOKEN = "s.theVaultTokenValue";

    @TempDir
    Path userHome;

    private SimpleTunerHome home() {
        return SimpleTunerHome.underUserHome(userHome);
    }

    private static Map<String, String> env() {
        return Map.of("SIMPLETUNER_SECRETS_ENV_PREFIX", "ST", "SIMPLETUNER_AWS_SECRET_NAME", "simpletuner/prod",
                "AWS_DEFAULT_REGION", "eu-west-1", "SIMPLETUNER_AWS_TIMEOUT_SECONDS", "2",
                "VAULT_ADDR", "http://user:pw@127.0.0.1:1", "VAULT_TOKEN", VAULT_TOKEN);
    }

    @Test
    void everyProviderGivesItsOwnCard() throws IOException {
        Files.createDirectories(home().dir());
        Files.writeString(home().dir().resolve("secrets.json"), "{\"A\": \"a\", \"B\": \"b\"}");
        List<SourceSettings> cards = ProviderChains.providers(Map.of(), env(), home()).stream()
                .map(SecretProvider::settings).toList();

        assertThat(cards).extracting(SourceSettings::title)
                .containsExactly("Environment", "Secrets file", "AWS Secrets Manager", "HashiCorp Vault");
        assertThat(cards).extracting(SourceSettings::testable).containsExactly(false, false, true, true);
        assertThat(cards).extracting(SourceSettings::configured).containsExactly(true, true, true, true);
        assertThat(cards.get(0).fields()).containsExactly(new Field("Prefix", "ST_"),
                new Field("Lists", "3 known keys and every ST_ variable"));
        assertThat(cards.get(1).fields()).contains(new Field("Format", "JSON"), new Field("State", "loaded, 2 keys"));
        assertThat(cards.get(2).fields()).containsExactly(new Field("Secret name", "simpletuner/prod"),
                new Field("Region", "eu-west-1"), new Field("Endpoint", "AWS default"), new Field("Timeout", "2 s"));
        assertThat(cards.get(3).fields()).contains(new Field("Address", "http://127.0.0.1:1"),
                new Field("KV version", "not detected yet"));
        assertThat(cards.toString()).doesNotContain(VAULT_TOKEN).doesNotContain(":pw@");
    }

    @Test
    void theFilesNoteStandsUnderItsFieldsOnlyWhileItCanAnswer() throws IOException {
        SecretProvider file = ProviderChains.providers(Map.of(), Map.of(), home()).get(1);
        SourceSettings missing = file.settings();
        assertThat(missing.configured()).isFalse();
        assertThat(missing.fields()).contains(new Field("State", "missing (saving a secret creates it)"));
        assertThat(missing.detail(Availability.unavailable("no secrets file"))).isEqualTo("no secrets file");

        Files.createDirectories(home().dir());
        Files.writeString(home().dir().resolve("secrets.json"), "{}");
        SourceSettings present = file.settings();
        assertThat(present.detail(Availability.available("0 keys", 0))).isIn("Readable only by you (0600).",
                "Other users can read this file: run chmod 600 " + home().dir().resolve("secrets.json"));
    }

    @Test
    void aDeferredProviderGivesTheCardOfTheProviderItBuilds() {
        SecretsManager deferred = ProviderChains.deferred(env(), home(), Runnable::run, new ManualScheduler(System::nanoTime));
        List<SecretProvider> plain = ProviderChains.providers(Map.of(), env(), home());
        for (int i = 2; i < 4; i++) {
            assertThat(deferred.chain().get(i).settings()).as(plain.get(i).name()).isEqualTo(plain.get(i).settings());
        }
    }

    @Test
    void aProviderThatSaysNothingMoreShowsWhatItReads() {
        SecretProvider other = new SecretProvider() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public String description() {
                return "a test source";
            }

            @Override
            public Lookup lookup(String key) {
                return Lookup.MISSING;
            }

            @Override
            public Contents contents() {
                return new Contents.Loaded(Map.of());
            }
        };
        assertThat(other.settings()).isEqualTo(new SourceSettings("test", List.of(new Field("Reads", "a test source")),
                null, false, true));
    }
}
