package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.store.JsonStrings.Style;
import org.junit.jupiter.api.Test;

/** The three ways SecretDesk writes a JSON string, each as the reader it writes for expects. */
class JsonStringsTest {

    private static final String TEXT = "q\"b\\n\n\t\u0001\u007f é\u2028🔑\ud800x";

    private static String quoted(String text, Style style) {
        StringBuilder out = new StringBuilder();
        JsonStrings.quote(out, text, style);
        return out.toString();
    }

    @Test
    void jacksonEscapesOnlyControlCharactersInUpperCaseHex() {
        assertThat(quoted(TEXT + "\u001f", Style.JACKSON))
                .isEqualTo("\"q\\\"b\\\\n\\n\\t\\u0001\u007f é\u2028🔑\ud800x\\u001F\"");
    }

    @Test
    void pythonAsciiEscapesEverythingOutsidePrintableAsciiAndPairsAsTwoEscapes() {
        assertThat(quoted(TEXT, Style.PYTHON_ASCII))
                .isEqualTo("\"q\\\"b\\\\n\\n\\t\\u0001\\u007f \\u00e9\\u2028\\ud83d\\udd11\\ud800x\"");
    }

    @Test
    void portableKeepsLettersAndPairsAndEscapesWhatHasNoSafeUtf8Form() {
        assertThat(quoted(TEXT, Style.PORTABLE))
                .isEqualTo("\"q\\\"b\\\\n\\n\\t\\u0001\\u007f é\\u2028🔑\\ud800x\"");
        assertThat(quoted("\udc00\ud83d", Style.PORTABLE)).as("a low surrogate first, a high one last")
                .isEqualTo("\"\\udc00\\ud83d\"");
    }
}
