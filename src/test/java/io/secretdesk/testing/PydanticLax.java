package io.secretdesk.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The part of pydantic 2's lax-mode validation SimpleTuner's request models rely on, with pydantic's error
 * {@code type}, {@code msg} and {@code ctx}, so a 422 from the test server reads like FastAPI's. Checked against
 * pydantic itself by {@code SimpleTunerApiServerTest}.
 */
final class PydanticLax {

    /** One entry of FastAPI's {@code {"detail": [...]}}; key order as FastAPI writes it. */
    record Error(String type, List<Object> loc, String msg, Object input, Map<String, Object> ctx) {
        Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", type);
            out.put("loc", loc);
            out.put("msg", msg);
            out.put("input", input);
            if (ctx != null) {
                out.put("ctx", ctx);
            }
            return out;
        }
    }

    /** The field types SimpleTuner's models use here; all are {@code Optional[...] = None} unless required. */
    enum Kind { STR, BOOL, FLOAT, INT, DICT, DICT_OF_DICT, LIST_OF_STR }

    record Field(String name, Kind kind, boolean required, Long ge, Long le) {
        static Field optional(String name, Kind kind) {
            return new Field(name, kind, false, null, null);
        }

        static Field required(String name, Kind kind) {
            return new Field(name, kind, true, null, null);
        }

        static Field bounded(String name, Long ge, Long le) {
            return new Field(name, Kind.INT, false, ge, le);
        }
    }

    /** Marks a value that failed; its errors were added to the list given. */
    static final Object INVALID = new Object();

    private static final Set<String> TRUE = Set.of("1", "on", "t", "true", "y", "yes");
    private static final Set<String> FALSE = Set.of("0", "off", "f", "false", "n", "no");

    private PydanticLax() {
    }

    /**
     * Validates a JSON request body against a model the way FastAPI does for one non-embedded body parameter:
     * absent body → {@code missing} at {@code ["body"]}; not an object → {@code model_attributes_type}; then each
     * field (unknown keys ignored). Returns the coerced values (null for unset) or null when {@code errors} grew.
     */
    static Map<String, Object> body(Object body, boolean bodyPresent, List<Field> fields, List<Error> errors) {
        if (!bodyPresent || body == null) {
            errors.add(new Error("missing", List.of("body"), "Field required", null, null));
            return null;
        }
        if (!(body instanceof Map<?, ?> map)) {
            errors.add(new Error("model_attributes_type", List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", body, null));
            return null;
        }
        int before = errors.size();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : fields) {
            List<Object> loc = List.of("body", field.name());
            if (!map.containsKey(field.name())) {
                if (field.required()) {
                    errors.add(new Error("missing", loc, "Field required", body, null));
                }
                values.put(field.name(), null);
                continue;
            }
            Object raw = map.get(field.name());
            if (raw == null && !field.required()) {
                values.put(field.name(), null);
                continue;
            }
            values.put(field.name(), coerce(field, raw, loc, errors));
        }
        return errors.size() == before ? values : null;
    }

    /** Coerces one value; returns {@link #INVALID} after adding an error. */
    static Object coerce(Field field, Object raw, List<Object> loc, List<Error> errors) {
        Object value = switch (field.kind()) {
            case STR -> str(raw, loc, errors);
            case BOOL -> bool(raw, loc, errors);
            case FLOAT -> floating(raw, loc, errors);
            case INT -> integer(raw, loc, errors);
            case DICT -> raw instanceof Map<?, ?> ? raw : fail(errors, "dict_type", loc, "Input should be a valid dictionary", raw);
            case DICT_OF_DICT -> dictOfDict(raw, loc, errors);
            case LIST_OF_STR -> listOfStr(raw, loc, errors);
        };
        if (value != INVALID && field.kind() == Kind.INT) {
            long n = ((Number) value).longValue();
            if (field.ge() != null && n < field.ge()) {
                errors.add(new Error("greater_than_equal", loc, "Input should be greater than or equal to " + field.ge(), raw,
                        Map.of("ge", field.ge())));
                return INVALID;
            }
            if (field.le() != null && n > field.le()) {
                errors.add(new Error("less_than_equal", loc, "Input should be less than or equal to " + field.le(), raw,
                        Map.of("le", field.le())));
                return INVALID;
            }
        }
        return value;
    }

    static Object str(Object raw, List<Object> loc, List<Error> errors) {
        return raw instanceof String ? raw : fail(errors, "string_type", loc, "Input should be a valid string", raw);
    }

    static Object bool(Object raw, List<Object> loc, List<Error> errors) {
        if (raw instanceof Boolean) {
            return raw;
        }
        if (raw instanceof String s) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (TRUE.contains(lower) || FALSE.contains(lower)) {
                return TRUE.contains(lower);
            }
            return fail(errors, "bool_parsing", loc, "Input should be a valid boolean, unable to interpret input", raw);
        }
        if (raw instanceof Integer || raw instanceof Long || raw instanceof BigInteger) {
            long n = ((Number) raw).longValue();
            if (n == 0 || n == 1) {
                return n == 1;
            }
            return fail(errors, "bool_parsing", loc, "Input should be a valid boolean, unable to interpret input", raw);
        }
        if (raw instanceof Double d && (d == 0.0 || d == 1.0)) {
            return d == 1.0;
        }
        return fail(errors, "bool_type", loc, "Input should be a valid boolean", raw);
    }

    static Object floating(Object raw, List<Object> loc, List<Error> errors) {
        if (raw instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            String t = s.strip().replace("_", "");
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.matches("[+-]?(inf|infinity)")) {
                return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (lower.matches("[+-]?nan")) {
                return Double.NaN;
            }
            if (t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                return Double.parseDouble(t);
            }
            return fail(errors, "float_parsing", loc, "Input should be a valid number, unable to parse string as a number", raw);
        }
        return fail(errors, "float_type", loc, "Input should be a valid number", raw);
    }

    static Object integer(Object raw, List<Object> loc, List<Error> errors) {
        if (raw instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (raw instanceof Integer || raw instanceof Long) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof BigInteger big) {
            return big.bitLength() < 64 ? big.longValue()
                    : fail(errors, "int_parsing_size", loc, "Unable to parse input string as an integer, exceeded maximum size", raw);
        }
        if (raw instanceof Double d) {
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                return fail(errors, "int_from_float", loc, "Input should be a valid integer, got a number with a fractional part", raw);
            }
            if (Math.abs(d) >= 0x1p63) {
                return fail(errors, "int_parsing_size", loc, "Unable to parse input string as an integer, exceeded maximum size", raw);
            }
            return d.longValue();
        }
        if (raw instanceof String s) {
            String t = s.strip().replace("_", "");
            if (t.matches("[+-]?\\d+(\\.0*)?")) {
                try {
                    return new BigDecimal(t).longValueExact();
                } catch (ArithmeticException tooBig) {
                    return fail(errors, "int_parsing_size", loc, "Unable to parse input string as an integer, exceeded maximum size", raw);
                }
            }
            return fail(errors, "int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer", raw);
        }
        return fail(errors, "int_type", loc, "Input should be a valid integer", raw);
    }

    private static Object dictOfDict(Object raw, List<Object> loc, List<Error> errors) {
        if (!(raw instanceof Map<?, ?> map)) {
            return fail(errors, "dict_type", loc, "Input should be a valid dictionary", raw);
        }
        boolean ok = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getValue() instanceof Map<?, ?>)) {
                fail(errors, "dict_type", append(loc, entry.getKey()), "Input should be a valid dictionary", entry.getValue());
                ok = false;
            }
        }
        return ok ? raw : INVALID;
    }

    private static Object listOfStr(Object raw, List<Object> loc, List<Error> errors) {
        if (!(raw instanceof List<?> list)) {
            return fail(errors, "list_type", loc, "Input should be a valid list", raw);
        }
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String)) {
                fail(errors, "string_type", append(loc, i), "Input should be a valid string", list.get(i));
                ok = false;
            }
        }
        return ok ? raw : INVALID;
    }

    private static List<Object> append(List<Object> loc, Object last) {
        List<Object> out = new ArrayList<>(loc);
        out.add(last);
        return List.copyOf(out);
    }

    private static Object fail(List<Error> errors, String type, List<Object> loc, String msg, Object input) {
        errors.add(new Error(type, loc, msg, input, null));
        return INVALID;
    }
}
