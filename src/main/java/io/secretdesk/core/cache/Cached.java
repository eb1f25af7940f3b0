package io.secretdesk.core.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A memoizer: the seed document's {@code @cached(ttl=..., key_prefix=...)} decorator in Java form.
 *
 * <p>Results are kept in a {@link TtlCache} under the key {@code prefix:name:arg1:arg2...} (the prefix and
 * its colon left out when empty), e.g. {@code mymodule:get_user:123}. Each computation runs once per key
 * however many threads ask at once (see {@link TtlCache#getOrSet(String, Supplier, Duration)}); a
 * {@code null} result or an exception is not cached.
 *
 * <pre>{@code
 * Cached<User> users = Cached.of("mymodule", "get_user", Duration.ofSeconds(120));
 * Function<Integer, User> getUser = users.wrap(id -> db.loadUser(id));
 * getUser.apply(123);                   // cached under "mymodule:get_user:123"
 * users.cache().clear();                // manual invalidation
 * }</pre>
 *
 * @param <V> the type of results
 */
public final class Cached<V> {

    private final String prefix;
    private final String name;
    private final Duration ttl;
    private final TtlCache<V> cache;

    private Cached(String prefix, String name, Duration ttl, TtlCache<V> cache) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.name = Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a memoized function needs a name, e.g. \"get_user\"");
        }
        this.ttl = ttl;
        this.cache = cache;
    }

    /**
     * A memoizer with a cache of its own (at most {@link TtlCache#DEFAULT_MAX_SIZE} results, on the shared
     * scheduler), registered in {@link Caches#named()} as {@code prefix:name}.
     *
     * @param prefix the key prefix; may be empty
     * @param name   the function's name, the key's second part
     * @param ttl    how long a result is kept; positive
     */
    public static <V> Cached<V> of(String prefix, String name, Duration ttl) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(name, "name");
        String registryName = prefix.isEmpty() ? name : prefix + ":" + name;
        TtlCache<V> cache = TtlCache.<V>builder().name(registryName).defaultTtl(ttl).build();
        return new Cached<>(prefix, name, ttl, cache);
    }

    /** A memoizer keeping its results in {@code cache} for {@code ttl}, e.g. to share one cache among several. */
    public static <V> Cached<V> of(String prefix, String name, Duration ttl, TtlCache<V> cache) {
        Objects.requireNonNull(ttl, "ttl");
        return new Cached<>(prefix, name, ttl, Objects.requireNonNull(cache, "cache"));
    }

    /** The cache key for these arguments: {@code prefix:name:arg1:arg2...}, each argument as {@code String.valueOf}. */
    public String key(Object... args) {
        StringJoiner key = new StringJoiner(":");
        if (!prefix.isEmpty()) {
            key.add(prefix);
        }
        key.add(name);
        for (Object arg : args) {
            key.add(String.valueOf(arg));
        }
        return key.toString();
    }

    /** The cached result for {@code args}, or the result of {@code compute}, cached when non-null. */
    public V get(Supplier<? extends V> compute, Object... args) {
        return cache.getOrSet(key(args), compute, ttl);
    }

    /** The asynchronous form of {@link #get}: a future of the cached or computed result. */
    public CompletableFuture<V> getAsync(Supplier<? extends CompletionStage<? extends V>> compute, Object... args) {
        return cache.getOrSetAsync(key(args), compute, ttl);
    }

    /** {@code fn} memoized by its argument: {@code apply(a)} is cached under {@code key(a)}. */
    public <A> Function<A, V> wrap(Function<? super A, ? extends V> fn) {
        Objects.requireNonNull(fn, "fn");
        return arg -> get(() -> fn.apply(arg), arg);
    }

    /** An asynchronous {@code fn} memoized by its argument: results are cached under {@code key(a)} once complete. */
    public <A> Function<A, CompletableFuture<V>> wrapAsync(Function<? super A, ? extends CompletionStage<? extends V>> fn) {
        Objects.requireNonNull(fn, "fn");
        return arg -> getAsync(() -> fn.apply(arg), arg);
    }

    /** Forgets the result for {@code args}; returns whether there was a live one. */
    public boolean invalidate(Object... args) {
        return cache.delete(key(args));
    }

    /** The cache holding the results, for manual invalidation and stats. */
    public TtlCache<V> cache() {
        return cache;
    }

    @Override
    public String toString() {
        return "Cached[" + key() + ", ttl " + ttl + "]";
    }
}
