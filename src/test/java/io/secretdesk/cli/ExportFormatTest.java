package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quoting of {@code export}'s formats and of the JSON the secret verbs print, with hostile values. */
class ExportFormatTest {

    /** Values a quoting bug would break: quotes of both kinds, line breaks, $, backticks, backslashes, Unicode. */
    static final List<String> HOSTILE = List.of("it's", "say \"hi\"", "two\nlines\n", "cr\r\nlf", "$HOME ${PATH} $(id)",
            "`id`", "back\\slash\\", "tab\there", "'\"'\"'", "日本語 🔑 é", "", " leading and trailing ", "#not a comment",
            "a=b", "\\n is not a newline", "-n", "!!", "*");

    @Test
    void envQuotesInSingleQuotesAndEscapesOnlyTheQuote() {
        assertThat(ExportFormat.shellQuote("plain")).isEqualTo("'plain'");
        assertThat(ExportFormat.shellQuote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ExportFormat.shellQuote("$HOME `id` \\ \"x\"\n")).isEqualTo("'$HOME `id` \\ \"x\"\n'");
        assertThat(ExportFormat.ENV.render(Map.of("K", "v'1"))).isEqualTo("export K='v'\\''1'\n");
    }

    @Test
    void dotenvEscapesBackslashQuoteAndLineBreaks() {
        assertThat(ExportFormat.dotenvQuote("a\\b\"c\nd\re\tf $X")).isEqualTo("\"a\\\\b\\\"c\\nd\\re\\tf $X\"");
        assertThat(ExportFormat.DOTENV.render(Map.of("K", "v"))).isEqualTo("K=\"v\"\n");
        // python-dotenv reads \\" before the closing quote as an escaped quote: such values go unquoted, or are refused.
        assertThat(ExportFormat.dotenvQuote("C:\\dir\\")).isEqualTo("C:\\dir\\");
        assertThat(ExportFormat.DOTENV.problem("K", "a b\\")).get().asString().contains("backslash");
        assertThat(ExportFormat.ENV.problem("K", "a b\\")).isEmpty();
    }

    @Test
    void jsonReadsBackAsTheSameStringsWhateverTheyHold() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            values.put("KEY_" + i, HOSTILE.get(i));
        }
        values.put("controls", "\u0000\u0001\u001f\u007f\b\f\u2028\u2029");
        values.put("weird key \"quoted\"\n", "v");
        String json = ExportFormat.JSON.render(values);
        @SuppressWarnings("unchecked")
        Map<String, String> back = new ObjectMapper().readValue(json, LinkedHashMap.class);
        assertThat(back).containsExactlyEntriesOf(values);
        assertThat(json).doesNotContain("\u0000").doesNotContain("\u2028");
    }

    @Test
    void anUnpairedSurrogateIsEscapedInJsonAndRefusedWhereUtf8CannotCarryIt() throws Exception {
        String lone = "x\uD800y";
        assertThat(JsonText.quote(lone)).isEqualTo("\"x\\ud800y\"");
        assertThat(new ObjectMapper().readValue(JsonText.quote(lone), String.class)).isEqualTo(lone);
        assertThat(JsonText.quote("🔑")).as("a pair stays as it is").isEqualTo("\"🔑\"");
        assertThat(ExportFormat.ENV.problem("K", lone)).get().asString().contains("unpaired");
        assertThat(ExportFormat.ENV.problem("K", "🔑")).isEmpty();
    }

    @Test
    void shellFormatsRefuseNamesAVariableCannotHaveAndNul() {
        for (ExportFormat format : List.of(ExportFormat.ENV, ExportFormat.DOTENV)) {
            assertThat(format.problem("my-key", "v")).get().asString().contains("not a variable name");
            assertThat(format.problem("1ST", "v")).isPresent();
            assertThat(format.problem("_OK_2", "v")).isEmpty();
            assertThat(format.problem("K", "a\u0000b")).get().asString().contains("NUL").doesNotContain("a\u0000b");
            assertThatThrownBy(() -> format.render(Map.of("a.b", "v"))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(ExportFormat.JSON.problem("a.b = c", "\u0000")).isEmpty();
    }

    @Test
    void runRefusesWhatAnEnvironmentCannotHoldButAllowsOtherNames() {
        assertThat(RunCommand.environmentProblem("A=B", "v")).get().asString().contains("=");
        assertThat(RunCommand.environmentProblem("K", "a\u0000b")).get().asString().contains("NUL");
        assertThat(RunCommand.environmentProblem("K", "x\uDC00")).get().asString().contains("surrogate");
        assertThat(RunCommand.environmentProblem("my.key-1", "any 'value' $X\n")).isEmpty();
        assertThat(RunCommand.environmentProblem("K", "日本", java.nio.charset.StandardCharsets.US_ASCII)).get().asString()
                .contains("LANG=C.UTF-8").doesNotContain("日本");
        assertThat(RunCommand.environmentProblem("K", "日本", java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void jsonTextWritesNestedDocumentsInOrder() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("b", 1);
        document.put("a", List.of(true, "x"));
        document.put("n", null);
        document.put("e", Map.of());
        assertThat(JsonText.of(document)).isEqualTo("{\n  \"b\" : 1,\n  \"a\" : [\n    true,\n    \"x\"\n  ],\n"
                + "  \"n\" : null,\n  \"e\" : { }\n}");
    }
}
