package io.secretdesk.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * JSON as SimpleTuner's Python side writes it, so the test server's bodies and hash inputs match byte for byte:
 * {@code json.dumps} defaults (what SimpleTuner stores and hashes), Starlette's {@code JSONResponse} (error bodies)
 * and pydantic-core's serialiser (FastAPI ≥ 0.130 response models). Parsing keeps key order, as Python's dicts do.
 */
final class PythonJson {

    /** The three writers a SimpleTuner server uses; they differ in separators, escaping and float spelling. */
    enum Style {
        /** {@code json.dumps(x)}: {@code ", "} and {@code ": "}, ASCII only, {@code repr(float)}, NaN allowed. */
        JSON_DUMPS,
        /** Starlette {@code JSONResponse.render}: compact, UTF-8 as is, {@code repr(float)}, NaN refused. */
        STARLETTE,
        /** pydantic-core {@code dump_json}: compact, UTF-8 as is, its own float spelling, NaN refused. */
        PYDANTIC
    }

    /** Thrown for text Python's {@code json.loads} would refuse; {@code position} is a character offset. */
    static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;
        final int position;
        final String pythonMessage;

        ParseError(int position, String pythonMessage) {
            super(pythonMessage + " at " + position);
            this.position = position;
            this.pythonMessage = pythonMessage;
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private PythonJson() {
    }

    /** Parses like {@code json.loads}: objects become insertion-ordered maps, integers stay exact. */
    static Object parse(String text) throws ParseError {
        if (text.isBlank()) {
            throw new ParseError(text.length(), "Expecting value");
        }
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            String message = e.getOriginalMessage() != null && e.getOriginalMessage().contains("Trailing token")
                    ? "Extra data" : "Expecting value";
            throw new ParseError((int) Math.min(offset, text.length()), message);
        }
    }

    static String write(Object value, Style style) {
        StringBuilder out = new StringBuilder();
        write(value, style, out);
        return out.toString();
    }

    private static void write(Object value, Style style, StringBuilder out) {
        String comma = style == Style.JSON_DUMPS ? ", " : ",";
        String colon = style == Style.JSON_DUMPS ? ": " : ":";
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof String s) {
            string(s, style == Style.JSON_DUMPS, out);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Number n) {
            out.append(floatText(n.doubleValue(), style));
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : comma);
                first = false;
                string(String.valueOf(entry.getKey()), style == Style.JSON_DUMPS, out);
                out.append(colon);
                write(entry.getValue(), style, out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : comma);
                write(list.get(i), style, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static String floatText(double d, Style style) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            if (style != Style.JSON_DUMPS) {
                // allow_nan=False in Starlette; pydantic-core refuses too: the server answers 500.
                throw new IllegalArgumentException("Out of range float values are not JSON compliant");
            }
            return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        return floatRepr(d, style == Style.PYDANTIC);
    }

    /**
     * Python's {@code repr(float)} (shortest digits; exponent form below 1e-4 or from 1e16 on, two-digit exponent),
     * or pydantic-core's spelling, which differs only in keeping fixed form down to 1e-5 and not padding the exponent.
     */
    static String floatRepr(double d, boolean pydantic) {
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestRoundTrip(Math.abs(d));
        String digits = shortest.unscaledValue().toString();
        int decpt = digits.length() - shortest.scale();   // value = 0.digits × 10^decpt
        String sign = d < 0 ? "-" : "";
        boolean exponent = decpt > 16 || (pydantic ? decpt < -4 : decpt <= -4);
        if (exponent) {
            int exp = decpt - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String expDigits = pydantic ? Integer.toString(Math.abs(exp)) : String.format("%02d", Math.abs(exp));
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + expDigits;
        }
        if (decpt <= 0) {
            return sign + "0." + "0".repeat(-decpt) + digits;
        }
        if (decpt >= digits.length()) {
            return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
        }
        return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
    }

    /**
     * The fewest significant digits that read back as {@code d}, rounded from its exact value (so the closest such
     * number), as Python's repr picks them. Double.toString is not always shortest on JDK 17 (4.9E-324).
     */
    private static BigDecimal shortestRoundTrip(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static void string(String s, boolean asciiOnly, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (asciiOnly && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
