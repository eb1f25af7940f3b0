package io.secretdesk.core.store;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** Cache choices for store tests. */
public final class TestCaches {

    private TestCaches() {
    }

    /** No cache at all: every read goes to the database, as in a one-shot CLI run. */
    public static ConfigCache uncached() {
        return new ConfigCache() {
            @Override
            public Map<String, Object> getOrSet(String key, Supplier<? extends Map<String, Object>> loader, Duration ttl) {
                return loader.get();
            }

            @Override
            public boolean delete(String key) {
                return false;
            }

            @Override
            public int invalidatePrefix(String prefix) {
                return 0;
            }
        };
    }
}
