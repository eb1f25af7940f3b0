package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Json} without Jackson's databind: it writes what {@code ObjectMapper.writeValueAsString} writes (the audit
 * mark's HMAC is computed over that text, so marks written before stay valid) and reads what it reads into a map.
 */
class JsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final String EVERY_KIND_OF_CHARACTER;

    static {
        StringBuilder text = new StringBuilder("quote \" backslash \\ slash / é 漢 😀 lone \ud800 del \u007f nbsp \u00a0 ");
        for (char c = 0; c < 0x20; c++) {
            text.append(c);
        }
        EVERY_KIND_OF_CHARACTER = text.toString();
    }

    @Test
    void writesWhatJacksonWritesForTheMarkAndItsHmacInput() throws Exception {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("seq", 123_456_789_012L);
        entry.put("hash", "a".repeat(64));
        entry.put("mac", "b".repeat(64));
        Map<String, Object> marks = new LinkedHashMap<>();
        marks.put("/home/zoë/.simpletuner/audit.db", entry);
        marks.put(EVERY_KIND_OF_CHARACTER, Map.of());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("version", 1);
        document.put("marks", marks);
        List<Object> values = List.of(document, List.of("audit-mark-v2", "/srv/state/audit.db", 42L, "c".repeat(64)),
                List.of(), Map.of(), EVERY_KIND_OF_CHARACTER, Arrays.asList(null, true, false, 0, -7, Long.MIN_VALUE,
                        new BigInteger("123456789012345678901234567890"), 0.1, -2.5e-7, 1e300, 3.0f,
                        new BigDecimal("0.000972222"), new BigDecimal("1E+3")));
        for (Object value : values) {
            assertThat(Json.write(value)).isEqualTo(JACKSON.writeValueAsString(value));
        }
    }

    @Test
    void refusesWhatItCannotWriteFaithfully() {
        assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("java.lang");
    }

    @Test
    void readsWhatJacksonReadsIntoAMap() throws Exception {
        String text = "{\"version\": 1, \"marks\": {\"/a\": {\"seq\": 9, \"hash\": \"h\", \"mac\": \"m\"}},"
                + " \"big\": 123456789012, \"huge\": 123456789012345678901234567890, \"f\": 0.5, \"e\": 1e-7,"
                + " \"list\": [1, \"x\", null, true, false, [], {}], \"twice\": 1, \"twice\": 2, \"s\": "
                + JACKSON.writeValueAsString(EVERY_KIND_OF_CHARACTER) + "}";
        assertThat(Json.parseObject(text)).isEqualTo(JACKSON.readValue(text, LinkedHashMap.class))
                .containsKey("s");
        assertThat(Json.parseObject(text).keySet()).containsExactlyElementsOf(JACKSON.readValue(text, LinkedHashMap.class).keySet());
        assertThat(Json.parseObject("  \n")).isEmpty();
    }

    @Test
    void refusesAnythingButOneObject() {
        for (String text : List.of("[1]", "\"text\"", "42", "null", "{\"a\": 1} {\"b\": 2}", "{\"a\": 1} x", "{\"a\": ",
                "{\"a\": 1,}", "{'a': 1}")) {
            assertThatThrownBy(() -> Json.parseObject(text)).as(text).isInstanceOf(JsonProcessingException.class);
        }
    }
}
