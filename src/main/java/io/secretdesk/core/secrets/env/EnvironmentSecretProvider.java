package io.secretdesk.core.secrets.env;

import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SourceSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Secrets from environment variables: the highest-priority source, always available.
 *
 * <p>A key is upper-cased with {@code -} and {@code .} turned into {@code _}, then prefixed: with prefix
 * {@code SIMPLETUNER}, {@code replicate-api-token} reads {@code SIMPLETUNER_REPLICATE_API_TOKEN}. As in
 * SimpleTuner, a variable that is set but empty still supplies the key.
 */
public final class EnvironmentSecretProvider implements SecretProvider {

    /** The keys SimpleTuner itself reads; listings show them whenever they are set. */
    public static final List<String> KNOWN_KEYS = List.of("REPLICATE_API_TOKEN", "HF_TOKEN", "CLOUD_WEBHOOK_SECRET");

    private final String prefix;
    private final Map<String, String> env;

    /** Reads the process environment with no prefix. */
    public EnvironmentSecretProvider() {
        this("", System.getenv());
    }

    /** Reads the process environment with the given prefix (empty for none). */
    public EnvironmentSecretProvider(String prefix) {
        this(prefix, System.getenv());
    }

    /** Reads the given environment (for embedding and tests) with the given prefix (empty for none). */
    public EnvironmentSecretProvider(String prefix, Map<String, String> env) {
        String trimmed = Objects.requireNonNull(prefix, "prefix").strip();
        this.prefix = trimmed.endsWith("_") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** The variable that holds {@code key}. */
    public String variableFor(String key) {
        String normalized = key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
        return prefix.isEmpty() ? normalized : prefix + "_" + normalized;
    }

    /** The card: the prefix, and which variables a listing shows. */
    @Override
    public SourceSettings settings() {
        int known = KNOWN_KEYS.size();
        return new SourceSettings("Environment", List.of(
                new SourceSettings.Field("Prefix", prefix.isEmpty() ? "none" : prefix + "_"),
                new SourceSettings.Field("Lists", prefix.isEmpty() ? known + " known keys"
                        : known + " known keys and every " + prefix + "_ variable")),
                null, false, true);
    }

    public String prefix() {
        return prefix;
    }

    /** The environment is read in-process: never remote. */
    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public String name() {
        return ProviderId.ENV.id();
    }

    @Override
    public String description() {
        return prefix.isEmpty() ? "environment variables" : "environment variables with prefix " + prefix + "_";
    }

    @Override
    public String locationOf(String key) {
        return "variable " + variableFor(key);
    }

    @Override
    public Lookup lookup(String key) {
        return Lookup.of(env.get(variableFor(key)));
    }

    /** The known keys that are set and, with a prefix, every prefixed variable (prefix removed). */
    @Override
    public Contents contents() {
        Map<String, String> found = new TreeMap<>();
        for (String key : KNOWN_KEYS) {
            String value = env.get(variableFor(key));
            if (value != null) {
                found.put(key, value);
            }
        }
        if (!prefix.isEmpty()) {
            String start = prefix + "_";
            env.forEach((name, value) -> {
                if (name.startsWith(start) && name.length() > start.length()) {
                    found.put(name.substring(start.length()), value);
                }
            });
        }
        return new Contents.Loaded(new LinkedHashMap<>(found));
    }

    @Override
    public boolean listsEveryKey() {
        return false;
    }

    @Override
    public Availability availability() {
        return Availability.available("always available");
    }

    @Override
    public String toString() {
        return "EnvironmentSecretProvider[" + description() + "]";
    }
}
