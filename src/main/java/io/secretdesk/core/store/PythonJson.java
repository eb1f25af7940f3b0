package io.secretdesk.core.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.secretdesk.core.JsonObjects;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * JSON exactly as SimpleTuner's Python writes it with {@code json.dumps(value)} and default settings: separators
 * {@code ", "} and {@code ": "}, every character outside printable ASCII escaped as {@code \\uXXXX} (surrogate
 * pairs for the rest), floats as Python's {@code repr} ({@code 0.0001}, {@code 1e-05}, {@code 1e+16}, {@code 5.0}),
 * {@code NaN}/{@code Infinity} as Python writes them. Maps keep their order.
 *
 * <p>Reading keeps a float's digits as written ({@link BigDecimal}), so a config SimpleTuner wrote is written back
 * byte for byte: Python's {@code repr} is the shortest text that reads back as the same float, and so is the text it
 * wrote.
 */
public final class PythonJson {

    /** The reader, made on first use: writing ({@link #dumps}) needs none of Jackson's databind. */
    private static final class Reader {
        static final ObjectMapper READER = JsonMapper.builder(new JsonFactory())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python writes NaN and Infinity
                .build();
    }

    private PythonJson() {
    }

    /** {@code json.dumps(value)}: maps, lists, strings, numbers, booleans and null. */
    public static String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    /**
     * Parses a JSON object as SimpleTuner writes one; floats become {@link BigDecimal} (NaN and infinities stay
     * {@link Double}). Throws {@link JsonProcessingException} ({@link JsonObjects#read}) for anything else.
     */
    static Map<String, Object> parseObject(String text) throws JsonProcessingException {
        return JsonObjects.read(Reader.READER, text);
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            JsonStrings.quote(out, text, JsonStrings.Style.PYTHON_ASCII);
        } else if (value instanceof Boolean bool) {
            out.append(bool ? "true" : "false");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ", ");
                first = false;
                JsonStrings.quote(out, String.valueOf(entry.getKey()), JsonStrings.Style.PYTHON_ASCII);
                out.append(": ");
                write(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                write(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof BigDecimal decimal) {
            out.append(floatRepr(decimal));
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d)) {
                out.append("NaN");
            } else if (Double.isInfinite(d)) {
                out.append(d > 0 ? "Infinity" : "-Infinity");
            } else {
                out.append(floatRepr(new BigDecimal(Double.toString(d))));
            }
        } else {
            throw new IllegalArgumentException("a " + value.getClass().getSimpleName() + " cannot be written as JSON");
        }
    }

    /**
     * Python's {@code repr(float)} of a decimal: its significant digits, fixed notation when the decimal exponent is
     * in [-4, 16), else {@code d.ddde+XX}; a whole number keeps {@code .0}.
     */
    static String floatRepr(BigDecimal value) {
        if (value.signum() == 0) {
            return value.toString().startsWith("-") ? "-0.0" : "0.0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - stripped.scale(); // of the first digit
        String sign = stripped.signum() < 0 ? "-" : "";
        if (exponent >= 16 || exponent < -4) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format("%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
        }
        if (exponent < 0) {
            return sign + "0." + "0".repeat(-exponent - 1) + digits;
        }
        if (digits.length() <= exponent + 1) {
            return sign + digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
        }
        return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
    }
}
