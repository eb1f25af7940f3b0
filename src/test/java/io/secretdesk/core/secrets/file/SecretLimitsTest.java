package io.secretdesk.core.secrets.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.SecretProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 2: a write the reader could not read back (a 50,000-character key, a YAML file grown past
 * SnakeYAML's size limit) returned success and then hid every key. Each limit is tried at and past its bound,
 * in JSON and YAML, each followed by a read.
 */
class SecretLimitsTest {

    @TempDir
    Path dir;

    private FileSecretProvider provider(String name) {
        return new FileSecretProvider(dir.resolve(name));
    }

    private static Map<String, String> read(Path file) {
        Contents contents = new FileSecretProvider(file).contents();
        assertThat(contents).as("a fresh reader reads what was written").isInstanceOf(Contents.Loaded.class);
        return ((Contents.Loaded) contents).values();
    }

    private static void assertRefusedAndUnchanged(Runnable write, Path file, String what) throws IOException {
        byte[] before = Files.exists(file) ? Files.readAllBytes(file) : null;
        assertThatThrownBy(write::run).isInstanceOf(SecretProviderException.class)
                .hasMessageContaining(what).hasMessageContaining("nothing was changed");
        if (before == null) {
            assertThat(file).doesNotExist();
        } else {
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"secrets.json", "secrets.yaml"})
    void aKeyLongerThanTheLimitIsRefusedBeforeWritingAndOneAtTheLimitReadsBack(String name) throws IOException {
        var provider = provider(name);
        provider.set("SMALL", "v");
        String atLimit = "K".repeat(SecretLimits.MAX_KEY_CHARS);
        provider.set(atLimit, "v1");
        assertThat(read(provider.path())).containsEntry(atLimit, "v1");
        String past = "K".repeat(50_001);
        assertRefusedAndUnchanged(() -> provider.set(past, "v2"), provider.path(), "the limit is " + SecretLimits.MAX_KEY_CHARS);
        assertThat(read(provider.path())).containsOnlyKeys("SMALL", atLimit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secrets.json", "secrets.yaml"})
    void aValueLargerThanTheLimitIsRefusedAndOneAtTheLimitReadsBack(String name) throws IOException {
        var provider = provider(name);
        String atLimit = "é".repeat(SecretLimits.MAX_VALUE_BYTES / 2);
        provider.set("BIG", atLimit);
        assertThat(read(provider.path()).get("BIG").equals(atLimit)).as("value at the limit reads back").isTrue();
        assertRefusedAndUnchanged(() -> provider.set("BIGGER", atLimit + "x"), provider.path(), "bytes; the limit is");
    }

    @Tag("slow")
    @ParameterizedTest
    @ValueSource(strings = {"secrets.json", "secrets.yaml"})
    void aWriteThatWouldOutgrowTheFileLimitIsRefusedAndTheFileStillReads(String name) throws IOException {
        var provider = provider(name);
        String megabyte = "v".repeat(SecretLimits.MAX_VALUE_BYTES);
        Map<String, String> nearlyFull = new LinkedHashMap<>();
        for (int i = 0; i < SecretLimits.MAX_FILE_BYTES / SecretLimits.MAX_VALUE_BYTES - 1; i++) {
            nearlyFull.put("K" + i, megabyte);
        }
        Files.write(provider.path(), SecretsFileFormat.of(provider.path()).render(nearlyFull));
        assertRefusedAndUnchanged(() -> provider.set("ONE_MORE", megabyte), provider.path(),
                "the limit is " + SecretLimits.MAX_FILE_BYTES);
        provider.set("SMALL", "fits");
        assertThat(Files.size(provider.path())).isLessThanOrEqualTo(SecretLimits.MAX_FILE_BYTES);
        assertThat(read(provider.path())).hasSize(nearlyFull.size() + 1).containsEntry("SMALL", "fits");
    }

    @Tag("slow")
    @Test
    void fourSetsOfAMegabyteLeaveAYamlFileTheReaderReads() {
        var provider = provider("secrets.yaml");
        String almostMegabyte = "v".repeat(SecretLimits.MAX_VALUE_BYTES - 1_000);
        for (int i = 0; i < 4; i++) {
            provider.set("K" + i, almostMegabyte);
        }
        assertThat(read(provider.path())).hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secrets.json", "secrets.yaml"})
    void theKeyCountIsBoundedForWriterAndReaderAlike(String name) throws IOException {
        var provider = provider(name);
        Map<String, String> full = new LinkedHashMap<>();
        for (int i = 0; i < SecretLimits.MAX_KEYS; i++) {
            full.put("K" + i, "v");
        }
        Files.write(provider.path(), SecretsFileFormat.of(provider.path()).render(full));
        assertThat(read(provider.path())).hasSize(SecretLimits.MAX_KEYS);
        provider.set("K0", "replaced");
        assertRefusedAndUnchanged(() -> provider.set("ONE_MORE", "v"), provider.path(), "the limit is " + SecretLimits.MAX_KEYS);
        assertThat(provider.delete("K1")).isTrue();
        provider.set("ONE_MORE", "v");
        assertThat(read(provider.path())).hasSize(SecretLimits.MAX_KEYS).containsEntry("K0", "replaced");
    }

    @ParameterizedTest
    @ValueSource(strings = {"secrets.json", "secrets.yaml"})
    void everyCharacterOfAValueReadsBackExactly(String name) {
        var provider = provider(name);
        StringBuilder everything = new StringBuilder();
        for (int c = 1; c < 0x10000; c++) {
            if (!Character.isSurrogate((char) c)) {
                everything.append((char) c);
            }
        }
        everything.appendCodePoint(0x1F600).append("  trailing spaces and\nnewlines\r\n\n");
        for (int start = 0; start < everything.length(); start += 4_096) {
            String value = everything.substring(start, Math.min(everything.length(), start + 4_096));
            provider.set("V" + start, value);
            assertThat(read(provider.path()).get("V" + start).equals(value)).as("value at %d reads back", start).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"secrets.json", "secrets.yaml"})
    void aHandWrittenFilePastALimitIsRefusedAtReadWithTheLimitNamed(String name) throws IOException {
        Path file = dir.resolve(name);
        boolean yaml = name.endsWith(".yaml");
        String longKey = "K".repeat(SecretLimits.MAX_KEY_CHARS + 1);
        // YAML allows a key this long only in the explicit "? KEY" form.
        Files.writeString(file, yaml ? "A: x\n? " + longKey + "\n: v\n" : "{\"A\": \"x\",\n\"" + longKey + "\": \"v\"}");
        String reason = ((Contents.Unavailable) new FileSecretProvider(file).contents()).reason();
        assertThat(reason).contains("the limit is " + SecretLimits.MAX_KEY_CHARS).contains("line 2");
        Files.write(file, new byte[SecretLimits.MAX_FILE_BYTES + 1]);
        assertThat(((Contents.Unavailable) new FileSecretProvider(file).contents()).reason())
                .contains("the limit is " + SecretLimits.MAX_FILE_BYTES);
    }
}
