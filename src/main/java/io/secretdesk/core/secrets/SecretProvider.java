package io.secretdesk.core.secrets;

/**
 * A source of secrets in the chain (environment, file, AWS Secrets Manager, Vault).
 *
 * <p>Implementations are thread-safe. Every method may block on I/O (file or network) and must
 * return within the provider's configured timeouts; none throws for a source that is down or
 * misconfigured: that is reported as {@link Lookup.Unavailable} or {@link Contents.Unavailable}
 * with a one-line reason that never contains a secret value.
 */
public interface SecretProvider {

    /** A short stable identifier: {@code env}, {@code file}, {@code aws} or {@code vault}. */
    String name();

    /** Where this provider reads from, for people: a path, a secret name and region, a Vault address. */
    String description();

    /** Looks up one key; a provider that cannot answer says why. */
    Lookup lookup(String key);

    /** Reads every key this provider holds in one go, for listings and "test connection". */
    Contents contents();

    /**
     * Whether {@link #contents()} lists every key {@link #lookup} can find. The environment
     * provider cannot (any variable may be asked for), so listings also ask it key by key.
     */
    default boolean listsEveryKey() {
        return true;
    }

    /** Checks whether the provider can answer now, with the reason when it cannot. */
    default Availability availability() {
        Contents contents = contents();
        if (contents instanceof Contents.Loaded loaded) {
            return Availability.available(loaded.size() == 1 ? "1 key" : loaded.size() + " keys", loaded.size());
        }
        return Availability.unavailable(((Contents.Unavailable) contents).reason());
    }

    /**
     * Where this provider looks for one key, for people: a variable name, a file and key, a secret and
     * key. Never a value.
     */
    default String locationOf(String key) {
        return description() + " [" + key + "]";
    }

    /**
     * Whether the user has set this source up at all. A source that is not (no AWS secret name or region, no
     * Vault address or token, no secrets file yet) is unavailable by choice, not failing: the console shows it
     * grey, not red. Reads only local state; never blocks on the network.
     */
    default boolean configured() {
        return true;
    }

    /**
     * Whether an answer costs a network round trip (or a timeout when the source is down): the chain asks remote
     * providers concurrently and skips one that just failed for a while. Local sources (the environment, a
     * file) say false.
     */
    default boolean remote() {
        return true;
    }

    /**
     * What the console's source card shows of this provider's settings (see {@link SourceSettings}): never a token or a
     * value; reads local state only, never the network.
     */
    default SourceSettings settings() {
        return SourceSettings.plain(this);
    }

    /** Drops anything this provider keeps from earlier reads, so the next read sees the source afresh. */
    default void refresh() {
    }
}
