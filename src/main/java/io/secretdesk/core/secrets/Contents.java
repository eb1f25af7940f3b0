package io.secretdesk.core.secrets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Everything one provider holds, read at once. {@code toString()} shows keys, never values. */
public sealed interface Contents {

    /** The provider's keys and values, in the provider's order. */
    record Loaded(Map<String, String> values) implements Contents {
        public Loaded {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public int size() {
            return values.size();
        }

        public Set<String> keys() {
            return values.keySet();
        }

        @Override
        public String toString() {
            return "Loaded[keys=" + values.keySet() + "]";
        }
    }

    /** The provider cannot be read; {@code reason} is one line for people and never holds a value. */
    record Unavailable(String reason) implements Contents {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
