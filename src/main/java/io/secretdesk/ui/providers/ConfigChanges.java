package io.secretdesk.ui.providers;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** What a form changed in a config: the keys to set, and the keys it dropped (mapped to null, which removes them). */
final class ConfigChanges {

    private ConfigChanges() {
    }

    /** The merge that turns {@code before} into {@code after}, touching no key the form left as it was. */
    static Map<String, Object> between(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> changes = new HashMap<>();
        after.forEach((key, value) -> {
            if (!before.containsKey(key) || !sameValue(before.get(key), value)) {
                changes.put(key, value);
            }
        });
        before.keySet().stream().filter(key -> !after.containsKey(key)).forEach(key -> changes.put(key, null));
        return changes;
    }

    /** Numbers compare by value: a stored 25.0 and a typed 25 are the same price. */
    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }
}
