package io.secretdesk.core.secrets.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.SecretProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 7: a lone surrogate in a JSON value became {@code ?} after an unrelated {@code set}. What
 * cannot be stored faithfully is refused; what can is kept exactly.
 */
class EncodingTest {

    @TempDir
    Path dir;

    @Test
    void aLoneSurrogateInAJsonValueSurvivesAnUnrelatedSet() throws IOException {
        Path file = dir.resolve("secrets.json");
        Files.writeString(file, "{\"S\": \"a\\ud800b\", \"P\": \"\\ud83d\\ude00\"}");
        var provider = new FileSecretProvider(file);
        provider.set("C", "cval");
        String text = Files.readString(file);
        assertThat(text).contains("a\\uD800b").doesNotContain("a?b");
        var reread = new FileSecretProvider(file);
        assertThat(((Lookup.Found) reread.lookup("S")).value()).isEqualTo("a\ud800b");
        assertThat(((Lookup.Found) reread.lookup("P")).value()).isEqualTo("\ud83d\ude00");
        assertThat(text).as("a valid pair is written as the character").contains("\ud83d\ude00");
    }

    @Test
    void aLoneSurrogateInYamlIsRefusedAtReadAndAtWrite() throws IOException {
        Path file = dir.resolve("secrets.yaml");
        Files.writeString(file, "A: ok\nS: \"a\\ud800b\"\n");
        String reason = ((Contents.Unavailable) new FileSecretProvider(file).contents()).reason();
        assertThat(reason).contains("unpaired UTF-16 surrogate").contains("line 2");
        Files.writeString(file, "A: ok\n");
        var provider = new FileSecretProvider(file);
        assertThatThrownBy(() -> provider.set("S", "a\udc00")).isInstanceOf(SecretProviderException.class)
                .hasMessageContaining("YAML cannot store").hasMessageContaining("nothing was changed");
        assertThat(Files.readString(file)).isEqualTo("A: ok\n");
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedNotReadWithReplacementCharacters() throws IOException {
        for (String name : new String[] {"secrets.json", "secrets.yaml"}) {
            Path file = dir.resolve(name);
            byte[] bytes = name.endsWith(".json") ? new byte[] {'{', '"', 'A', '"', ':', '"', (byte) 0xff, '"', '}'}
                    : new byte[] {'A', ':', ' ', (byte) 0xc3, '(', '\n'};
            Files.write(file, bytes);
            var provider = new FileSecretProvider(file);
            assertThat(((Contents.Unavailable) provider.contents()).reason()).contains("not valid UTF-8");
            assertThatThrownBy(() -> provider.set("B", "b")).isInstanceOf(SecretProviderException.class);
            assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        }
    }
}
