package io.secretdesk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The one JSON-object reader: the whole text is one object, and its messages never quote the text. */
class JsonObjectsTest {

    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String CANARY = "r8_CanaryTokenValue";

    @Test
    void anObjectReadsInItsOrder() throws JsonProcessingException {
        assertThat(JsonObjects.read(STRICT, " {\"b\": 1, \"a\": [true]} \n")).containsExactly(
                java.util.Map.entry("b", 1), java.util.Map.entry("a", java.util.List.of(true)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\": 1} " + CANARY + "          | line 1, column 10: more text follows the JSON object",
        "{\"a\": 1} {\"" + CANARY + "\": 2} | line 1, column 10: more text follows the JSON object",
        "{\"a\": " + CANARY + "}            | line 1, column 7: this is not valid JSON here",
        "{\"a\": \"" + CANARY + "            | the text ends before the JSON does (a missing } or \")",
        "{\"" + CANARY + "\": 1, \"" + CANARY + "\": 2} | a key appears twice in one object",
        "[\"" + CANARY + "\"]               | the JSON must be an object: start it with { and end it with }",
    })
    void whatIsWrongIsWordedWithItsPositionAndNeverQuotesTheText(String text, String expected) {
        assertThatThrownBy(() -> JsonObjects.read(STRICT, text))
                .isInstanceOf(JsonProcessingException.class)
                .satisfies(e -> {
                    String problem = JsonObjects.problem((JsonProcessingException) e);
                    assertThat(problem).endsWith(expected).doesNotContain(CANARY).doesNotContain("Source")
                            .doesNotContain("StreamReadFeature");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1} garbage", "{\"a\": 1}}", "{\"a\": 1},", "{\"a\": 1} // comment"})
    void textAfterTheObjectIsRefusedNotDropped(String text) {
        assertThatThrownBy(() -> JsonObjects.read(STRICT, text)).isInstanceOf(JsonObjects.TrailingText.class);
    }
}
