package io.secretdesk.core.secrets;

import io.secretdesk.core.cache.Ticker;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.schedule.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The provider chain: resolves a key to the first provider that holds it, in fixed priority
 * (environment, file, AWS Secrets Manager, Vault), skipping providers that cannot answer.
 *
 * <p>Thread-safe; every method may block on file or network I/O, so the console calls it off the FX
 * thread. Providers are known only through {@link SecretProvider} ({@link SecretProvider#remote()},
 * {@link WritableSecretProvider}); {@code core.secrets.chain.ProviderChains} builds the standard chain, and
 * holds the process-wide instance kept for parity with SimpleTuner; new code passes a manager in.
 */
public final class SecretsManager {

    public static final String REPLICATE_API_TOKEN = "REPLICATE_API_TOKEN";
    public static final String HF_TOKEN = "HF_TOKEN";
    public static final String CLOUD_WEBHOOK_SECRET = "CLOUD_WEBHOOK_SECRET";

    /** Registry name of the resolution cache, as the console's Cache Stats view lists it. */
    public static final String CACHE_NAME = "secrets_resolution";
    /** How long a resolved value is reused before the providers are asked again. */
    public static final Duration HIT_TTL = Duration.ofSeconds(30);
    /** How long "no provider has this key" is reused: short, so a key added elsewhere shows up soon. */
    public static final Duration MISS_TTL = Duration.ofSeconds(5);
    /** How long {@link #get} skips a remote provider that just failed, so a dead endpoint costs one timeout. */
    public static final Duration REMOTE_BACKOFF = Duration.ofSeconds(15);

    private final List<SecretProvider> providers;
    private final WritableSecretProvider file;
    private final Executor fanOut;
    private final TtlCache<Resolved> resolved;
    private final TtlCache<Lookup.Unavailable> downRemotes;
    /**
     * Bumped by every write and {@link #clearCache()} before they drop cached answers: a lookup that began
     * before a write must not cache what it read, or the write would seem undone for {@link #HIT_TTL}.
     */
    private final AtomicLong writes = new AtomicLong();

    /** Runs work on the calling thread: {@link #get} then asks remote providers one at a time, lazily. */
    private static final Executor CALLING_THREAD = Runnable::run;

    /** A chain of exactly these providers, in this order, asked one after another on the calling thread. */
    public SecretsManager(List<? extends SecretProvider> providers) {
        this(providers, CALLING_THREAD);
    }

    /**
     * A chain of exactly these providers, in this order. {@link #resolve} and {@link #resolveAll} ask
     * the providers at once through {@code fanOut}, and {@link #get} asks the remote ones at once, so dead
     * endpoints cost one timeout, not one each.
     */
    public SecretsManager(List<? extends SecretProvider> providers, Executor fanOut) {
        this(providers, fanOut, Ticker.system(), Scheduler.shared());
    }

    /** As {@link #SecretsManager(List, Executor)}, with the time and cleanup scheduler of its caches given (tests). */
    public SecretsManager(List<? extends SecretProvider> providers, Executor fanOut, Ticker ticker, Scheduler scheduler) {
        this.resolved = TtlCache.<Resolved>builder().name(CACHE_NAME).defaultTtl(HIT_TTL).maxSize(1000)
                .ticker(ticker).scheduler(scheduler).build();
        this.downRemotes = TtlCache.<Lookup.Unavailable>builder().defaultTtl(REMOTE_BACKOFF).maxSize(16)
                .ticker(ticker).scheduler(scheduler).build();
        this.fanOut = Objects.requireNonNull(fanOut, "fanOut");
        this.providers = List.copyOf(providers);
        this.file = this.providers.stream().filter(WritableSecretProvider.class::isInstance)
                .map(WritableSecretProvider.class::cast).findFirst().orElse(null);
    }

    /** The providers in chain order. */
    public List<SecretProvider> chain() {
        return providers;
    }

    /** The provider writes go to (the secrets file), if the chain has one. */
    public Optional<WritableSecretProvider> file() {
        return Optional.ofNullable(file);
    }

    /**
     * The value of the first provider that holds {@code key}. A resolved value is reused for
     * {@link #HIT_TTL} and an absence for {@link #MISS_TTL}; writes through this manager and
     * {@link #clearCache()} take effect at once.
     */
    public Optional<String> get(String key) {
        requireKey(key);
        Resolved cached = resolved.get(key);
        if (cached != null) {
            return Optional.ofNullable(cached.value());
        }
        long writesBefore = writes.get();
        KeyAnswer answer = firstFound(key);
        cache(key, answer.found().map(value -> new Resolved(value, answer.provider())).orElse(Resolved.MISS), writesBefore);
        return answer.found();
    }

    /**
     * Asks the chain for {@code key} as {@link #get} does (in priority order, stopping at the first provider that
     * holds it), without the cache, and says which set-up providers above that one could not answer: the
     * answer a script relies on, which must tell an outage from a missing key.
     */
    public KeyAnswer answer(String key) {
        requireKey(key);
        return firstFound(key);
    }

    private KeyAnswer firstFound(String key) {
        List<KeyAnswer.Unanswered> unanswered = new ArrayList<>();
        List<CompletableFuture<Lookup>> remoteAnswers = new ArrayList<>(Collections.nCopies(providers.size(), null));
        for (int i = 0; i < providers.size(); i++) {
            SecretProvider provider = providers.get(i);
            Lookup lookup;
            if (isRemote(provider)) {
                if (remoteAnswers.get(i) == null) {
                    askRemotes(key, i, remoteAnswers);
                }
                lookup = remoteAnswers.get(i).join();
            } else {
                lookup = safeLookup(provider, key);
            }
            // Priority holds: a lower provider's answer, even if in first, counts only once every higher one missed.
            if (lookup instanceof Lookup.Found found) {
                return new KeyAnswer(key, found.value(), provider.name(), unanswered);
            }
            if (lookup instanceof Lookup.Unavailable down && safeConfigured(provider)) {
                unanswered.add(new KeyAnswer.Unanswered(provider.name(), down.reason()));
            }
        }
        return new KeyAnswer(key, null, null, unanswered);
    }

    /**
     * Starts the lookups of the remote provider at {@code from} and, through a fan-out executor, of every remote
     * provider after it at the same time, so two hanging endpoints cost one timeout, not the sum. On the calling
     * thread only the one at {@code from} is asked: the next is asked only if this one does not have the key.
     */
    private void askRemotes(String key, int from, List<CompletableFuture<Lookup>> answers) {
        boolean concurrent = fanOut != CALLING_THREAD;
        for (int j = from; j < providers.size(); j++) {
            SecretProvider provider = providers.get(j);
            if (!isRemote(provider) || answers.get(j) != null || (j > from && !concurrent)) {
                continue;
            }
            Lookup.Unavailable down = downRemotes.get(provider.name());
            answers.set(j, down != null ? CompletableFuture.completedFuture(down)
                    : CompletableFuture.supplyAsync(() -> remember(provider, safeLookup(provider, key)), fanOut));
        }
    }

    /** The value of the first provider that holds {@code key}, else {@code defaultValue}. */
    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public Optional<String> getReplicateToken() {
        return get(REPLICATE_API_TOKEN);
    }

    public Optional<String> getHfToken() {
        return get(HF_TOKEN);
    }

    public Optional<String> getWebhookSecret() {
        return get(CLOUD_WEBHOOK_SECRET);
    }

    /** Asks every provider about {@code key}: who supplies it, who is shadowed, who lacks it, who cannot answer. */
    public Resolution resolve(String key) {
        requireKey(key);
        long writesBefore = writes.get();
        Resolution resolution = Resolution.of(key, providers, askAll(provider -> remember(provider, safeLookup(provider, key))));
        cache(key, resolution.supplier().map(s -> new Resolved(s.value(), s.provider())).orElse(Resolved.MISS), writesBefore);
        return resolution;
    }

    /**
     * The provider above the source {@code below} that holds {@code key}, as {@link Resolution#winnerAbove} decides,
     * asking only the providers above {@code below}, in chain order, uncached. Above the secrets file that is the
     * environment alone, so this answers at once even when a remote source hangs: what the Secrets editor asks while
     * the user types a key.
     */
    public Optional<Resolution.Outcome> winnerAbove(String key, ProviderId below) {
        requireKey(key);
        int end = 0;
        while (end < providers.size() && !below.is(providers.get(end).name())) {
            end++;
        }
        List<SecretProvider> above = providers.subList(0, end);
        List<Lookup> lookups = new ArrayList<>(above.size());
        for (SecretProvider provider : above) {
            Lookup lookup = safeLookup(provider, key);
            lookups.add(lookup);
            if (lookup instanceof Lookup.Found) {
                break;
            }
        }
        return Resolution.of(key, above.subList(0, lookups.size()), lookups).winnerAbove(below);
    }

    /**
     * Caches an answer read since {@code writesBefore}, unless a write or {@link #clearCache()} came in between.
     * Writers bump the counter before they drop entries, so checking after the set closes the gap: either the
     * writer's drop comes after our set, or we see its bump and drop the entry ourselves.
     */
    private void cache(String key, Resolved answer, long writesBefore) {
        resolved.set(key, answer, answer == Resolved.MISS ? MISS_TTL : HIT_TTL);
        if (writes.get() != writesBefore) {
            resolved.delete(key);
        }
    }

    /**
     * Resolves every key any provider knows, sorted by key: each provider is read once, and the
     * environment is also asked for every key the others hold.
     */
    public List<Resolution> resolveAll() {
        return answerAll().resolutions();
    }

    /** As {@link #resolveAll()}, with the set-up providers that could not be read. */
    public AllKeys answerAll() {
        List<Contents> contents = askAll(SecretsManager::safeContents);
        Set<String> keys = new TreeSet<>();
        List<KeyAnswer.Unanswered> unanswered = new ArrayList<>();
        for (int i = 0; i < providers.size(); i++) {
            if (contents.get(i) instanceof Contents.Loaded loaded) {
                keys.addAll(loaded.keys());
            } else if (safeConfigured(providers.get(i))) {
                unanswered.add(new KeyAnswer.Unanswered(providers.get(i).name(),
                        ((Contents.Unavailable) contents.get(i)).reason()));
            }
        }
        List<Resolution> resolutions = new ArrayList<>(keys.size());
        for (String key : keys) {
            List<Lookup> lookups = new ArrayList<>(providers.size());
            for (int i = 0; i < providers.size(); i++) {
                SecretProvider provider = providers.get(i);
                Contents read = contents.get(i);
                if (read instanceof Contents.Unavailable unavailable) {
                    lookups.add(new Lookup.Unavailable(unavailable.reason()));
                } else if (provider.listsEveryKey()) {
                    lookups.add(Lookup.of(((Contents.Loaded) read).values().get(key)));
                } else {
                    lookups.add(safeLookup(provider, key));
                }
            }
            resolutions.add(Resolution.of(key, providers, lookups));
        }
        return new AllKeys(resolutions, unanswered);
    }

    /** Each provider with its availability now, in chain order. */
    public List<ProviderStatus> providers() {
        List<Availability> availabilities = askAll(SecretsManager::safeAvailability);
        List<ProviderStatus> statuses = new ArrayList<>(providers.size());
        for (int i = 0; i < providers.size(); i++) {
            SecretProvider provider = providers.get(i);
            statuses.add(new ProviderStatus(provider.name(), provider.description(), availabilities.get(i),
                    safeConfigured(provider)));
        }
        return statuses;
    }

    /** Asks every provider through the fan-out executor and returns the answers in chain order. */
    private <T> List<T> askAll(Function<SecretProvider, T> question) {
        List<CompletableFuture<T>> answers = new ArrayList<>(providers.size());
        for (SecretProvider provider : providers) {
            answers.add(CompletableFuture.supplyAsync(() -> question.apply(provider), fanOut));
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }

    // Providers report failures as values; these guards keep a provider bug from breaking the whole chain,
    // and name only the exception type, since a message could quote a value.
    private static Lookup safeLookup(SecretProvider provider, String key) {
        try {
            return provider.lookup(key);
        } catch (RuntimeException e) {
            return new Lookup.Unavailable(internalError(provider, e));
        }
    }

    private static Contents safeContents(SecretProvider provider) {
        try {
            return provider.contents();
        } catch (RuntimeException e) {
            return new Contents.Unavailable(internalError(provider, e));
        }
    }

    private static Availability safeAvailability(SecretProvider provider) {
        try {
            return provider.availability();
        } catch (RuntimeException e) {
            return Availability.unavailable(internalError(provider, e));
        }
    }

    private static boolean safeConfigured(SecretProvider provider) {
        try {
            return provider.configured();
        } catch (RuntimeException e) {
            internalError(provider, e);
            return true;
        }
    }

    private static String internalError(SecretProvider provider, RuntimeException e) {
        System.getLogger(SecretsManager.class.getName()).log(System.Logger.Level.WARNING,
                "provider " + provider.name() + " failed with " + e.getClass().getName());
        return "internal error in the " + provider.name() + " provider (" + e.getClass().getSimpleName() + ")";
    }

    /**
     * Writes {@code key} to the secrets file and tells what the chain resolves afterwards: when a higher
     * provider (an environment variable) holds the key, the write succeeded but that provider still wins.
     *
     * @throws SecretProviderException when the file cannot be written (nothing was changed)
     */
    public WriteOutcome setSecret(String key, String value) {
        requireKey(key);
        Objects.requireNonNull(value, "value");
        Path written;
        try {
            written = requireFile().set(key, value);
        } finally {
            writes.incrementAndGet();
            resolved.delete(key);
        }
        return new WriteOutcome(key, written, resolve(key));
    }

    public WriteOutcome setReplicateToken(String token) {
        return setSecret(REPLICATE_API_TOKEN, token);
    }

    /**
     * Removes {@code key} from the secrets file and tells what the chain resolves afterwards.
     *
     * @throws SecretProviderException when the file cannot be written (nothing was changed)
     */
    public DeleteOutcome deleteSecret(String key) {
        requireKey(key);
        WritableSecretProvider target = requireFile();
        boolean removed;
        try {
            removed = target.delete(key);
        } finally {
            writes.incrementAndGet();
            resolved.delete(key);
        }
        return new DeleteOutcome(key, removed, target.path(), resolve(key));
    }

    /** Drops the cached resolution of {@code key}, after a write made elsewhere (an AWS or Vault edit): the next lookup asks again. */
    public void forget(String key) {
        writes.incrementAndGet();
        resolved.delete(key);
    }

    /** Drops every cached resolution and what providers keep from earlier reads: the next lookup asks every source afresh. */
    public void clearCache() {
        writes.incrementAndGet();
        resolved.clear();
        downRemotes.clear();
        providers.forEach(SecretProvider::refresh);
    }

    /** The resolution cache, for the console's Cache Stats view. */
    public TtlCache<?> cache() {
        return resolved;
    }

    /** Notes a remote provider's failure (so {@link #get} skips it for a while) or its recovery. */
    private Lookup remember(SecretProvider provider, Lookup lookup) {
        if (isRemote(provider)) {
            if (lookup instanceof Lookup.Unavailable unavailable) {
                downRemotes.set(provider.name(), unavailable);
            } else {
                downRemotes.delete(provider.name());
            }
        }
        return lookup;
    }

    /** Remote providers cost a network round trip, or a timeout when down; the environment and file do not. */
    private static boolean isRemote(SecretProvider provider) {
        try {
            return provider.remote();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** A cached answer of {@link #get}: the value and its provider, or a miss. Never shows the value. */
    private record Resolved(String value, String provider) {
        static final Resolved MISS = new Resolved(null, null);

        @Override
        public String toString() {
            return value == null ? "Resolved[miss]" : "Resolved[" + provider + " " + Masking.mask(value) + "]";
        }
    }

    /** Closes providers that hold network clients, and this manager's caches. */
    public void close() {
        resolved.close();
        downRemotes.close();
        for (SecretProvider provider : providers) {
            if (provider instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.getLogger(SecretsManager.class.getName()).log(System.Logger.Level.DEBUG,
                            "closing provider " + provider.name() + " failed: " + e.getClass().getSimpleName());
                }
            }
        }
    }

    private WritableSecretProvider requireFile() {
        if (file == null) {
            throw new SecretProviderException("this chain has no secrets file to write to");
        }
        return file;
    }

    /**
     * Refuses a key no source can hold: blank, or with spaces or control characters.
     *
     * @throws IllegalArgumentException saying why
     */
    public static void requireKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank() || key.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("invalid key \"" + key.strip()
                    + "\": a key is a non-empty name without spaces or control characters");
        }
    }

    /** A provider, whether it can answer now, and whether it is set up at all ({@link SecretProvider#configured()}). */
    public record ProviderStatus(String name, String description, Availability availability, boolean configured) {
    }

    /** The result of a write: the file written and what the chain resolves now. */
    public record WriteOutcome(String key, Path file, Resolution after) {

        /** Whether a {@code get} now returns the value just written. */
        public boolean effective() {
            return after.supplier().map(o -> o.is(ProviderId.FILE)).orElse(false);
        }

        /** The higher provider that still wins over the file, when one does ({@link Resolution#winnerAbove}). */
        public Optional<Resolution.Outcome> overriddenBy() {
            return after.winnerAbove(ProviderId.FILE);
        }
    }

    /** The result of a delete: whether the file held the key, and what the chain resolves now. */
    public record DeleteOutcome(String key, boolean removed, Path file, Resolution after) {
    }
}
