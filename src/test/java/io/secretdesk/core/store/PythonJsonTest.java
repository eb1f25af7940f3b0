package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** json.dumps with default settings, as Python writes it (the slow SimpleTunerStateTest checks it against Python). */
class PythonJsonTest {

    @Test
    void separatorsOrderAndLiteralsAreJsonDumps() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("b", true);
        config.put("a", null);
        config.put("list", List.of(1, "x", false));
        config.put("nested", Map.of("k", 2L));
        assertThat(PythonJson.dumps(config)).isEqualTo("{\"b\": true, \"a\": null, \"list\": [1, \"x\", false], "
                + "\"nested\": {\"k\": 2}}");
        assertThat(PythonJson.dumps(Map.of())).isEqualTo("{}");
    }

    @Test
    void everythingOutsidePrintableAsciiIsEscapedLikeEnsureAscii() {
        assertThat(PythonJson.dumps("é漢😀\"\\\n\t\r\b\f\u0001\u007f/"))
                .isEqualTo("\"\\u00e9\\u6f22\\ud83d\\ude00\\\"\\\\\\n\\t\\r\\b\\f\\u0001\\u007f/\"");
    }

    @Test
    void floatsArePythonsRepr() {
        assertThat(PythonJson.dumps(new BigDecimal("0.000972222"))).isEqualTo("0.000972222");
        assertThat(PythonJson.dumps(new BigDecimal("0.00001"))).isEqualTo("1e-05");
        assertThat(PythonJson.dumps(new BigDecimal("0.0001"))).isEqualTo("0.0001");
        assertThat(PythonJson.dumps(new BigDecimal("25.0"))).isEqualTo("25.0");
        assertThat(PythonJson.dumps(new BigDecimal("1e16"))).isEqualTo("1e+16");
        assertThat(PythonJson.dumps(new BigDecimal("1234567890123456.5"))).isEqualTo("1234567890123456.5");
        assertThat(PythonJson.dumps(new BigDecimal("-1.5e-7"))).isEqualTo("-1.5e-07");
        assertThat(PythonJson.dumps(new BigDecimal("1.25e100"))).isEqualTo("1.25e+100");
        assertThat(PythonJson.dumps(0.5)).isEqualTo("0.5");
        assertThat(PythonJson.dumps(3.0)).isEqualTo("3.0");
        assertThat(PythonJson.dumps(Double.NaN)).isEqualTo("NaN");
        assertThat(PythonJson.dumps(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(PythonJson.dumps(7)).isEqualTo("7");
    }

    @Test
    void floatsReadKeepTheirDigitsSoARoundTripIsExact() throws Exception {
        String text = "{\"a\": 0.1, \"b\": 1e-05, \"c\": 25.0, \"d\": 12, \"e\": NaN}";
        assertThat(PythonJson.dumps(PythonJson.parseObject(text))).isEqualTo(text);
    }
}
