package io.secretdesk.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Provider Config JSON editor reads text as {@code config set} does: regression for issue 12, where
 * {@code {"a": 1} garbage} was accepted and the trailing text silently dropped on save.
 */
class ConfigJsonTest {

    @Test
    void trailingGarbageIsRefusedWithItsPositionNotSilentlyDropped() {
        ConfigJson.Parsed parsed = ConfigJson.parse("{\"a\": 1} garbage");
        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.problem()).isEqualTo("Invalid JSON at line 1, column 10: more text follows the JSON object.");
        assertThat(parsed.problem()).doesNotContain("garbage");
    }

    @Test
    void aSecondObjectAfterTheFirstIsRefusedToo() {
        ConfigJson.Parsed parsed = ConfigJson.parse("{\"a\": 1}\n{\"api_key\": \"r8_second\"}");
        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.problem()).startsWith("Invalid JSON at line 2, column 1:").doesNotContain("r8_second");
    }

    @Test
    void noParserInternalsReachTheUser() {
        ConfigJson.Parsed parsed = ConfigJson.parse("{\"a\": tru}");
        assertThat(parsed.problem()).startsWith("Invalid JSON at line 1, column").doesNotContain("Source")
                .doesNotContain("REDACTED").doesNotContain("StreamReadFeature").doesNotContain("tru");
    }

    @Test
    void blankIsTheEmptyObjectAndAnObjectReads() {
        assertThat(ConfigJson.parse("  ").value()).isEmpty();
        assertThat(ConfigJson.parse("{\"a\": 1}\n").value()).isEqualTo(Map.of("a", 1));
    }
}
