package io.secretdesk.ui.rotation;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.rotation.KeyRotations;
import io.secretdesk.core.store.ConfigCache;
import io.secretdesk.core.store.ConsoleStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The console store the Key Rotation view rotates, opened on first use from an environment and a SimpleTuner
 * home, so tests build it over a temp folder. Blocking: call {@link #rotations()} off the FX thread.
 *
 * <p>Once {@code ConsoleServices} opens the store itself, the console passes {@code services::keyRotations}
 * instead and this class only serves tests.
 */
public final class RotationStore implements AutoCloseable {

    /** The rotation never reads provider configs, so their cache is a pass-through. */
    private static final ConfigCache UNCACHED = new ConfigCache() {
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

    private final Map<String, String> env;
    private final SimpleTunerHome home;
    private ConsoleStore store;
    private KeyRotations rotations;

    public RotationStore(Map<String, String> env, SimpleTunerHome home) {
        this.env = Map.copyOf(env);
        this.home = Objects.requireNonNull(home, "home");
    }

    /** The rotation service over the store, opening it on the first call; blocks. */
    public synchronized KeyRotations rotations() {
        if (rotations == null) {
            store = ConsoleStore.open(env, home, UNCACHED);
            rotations = new KeyRotations(store, home, Clock.systemUTC());
        }
        return rotations;
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
            rotations = null;
        }
    }
}
