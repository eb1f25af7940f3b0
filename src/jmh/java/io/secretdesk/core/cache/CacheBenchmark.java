package io.secretdesk.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.secretdesk.core.schedule.ManualScheduler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link TtlCache} against Caffeine and a synchronized {@code LinkedHashMap} LRU, all with
 * at most 1000 entries and a time-to-live per entry, on 1000 present keys drawn from a Zipf distribution
 * (exponent 0.99, ranks scattered over the keys). Writes overwrite present keys, as in Caffeine's own
 * {@code GetPutBenchmark}; {@code churn} writes a key space twice the cache's size, so about half its
 * writes insert and evict. Run the thread counts with {@link CacheBenchmarkRunner}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class CacheBenchmark {

    static final int SIZE = 1000;
    static final int SAMPLES = 1 << 16;
    static final int MASK = SAMPLES - 1;
    static final Duration TTL = Duration.ofMinutes(5);

    @Param({"TtlCache", "Caffeine", "SynchronizedLru"})
    public String impl;

    CacheAdapter cache;
    String[] keys;
    /** Zipf-distributed indexes into {@link #keys}, precomputed so that drawing costs one array read. */
    int[] present;
    /** The same over a key space of twice the cache's size, for inserts that evict. */
    int[] churn;
    String[] churnKeys;
    final Object value = new Object();

    @Setup(Level.Trial)
    public void setUp() {
        keys = new String[SIZE];
        for (int i = 0; i < SIZE; i++) {
            keys[i] = "provider:p" + i + ":config";
        }
        churnKeys = new String[2 * SIZE];
        for (int i = 0; i < churnKeys.length; i++) {
            churnKeys[i] = "user:" + i + ":perm";
        }
        present = zipf(SIZE, 0.99, new Random(42));
        churn = zipf(2 * SIZE, 0.99, new Random(43));
        cache = CacheAdapter.create(impl);
        for (String key : keys) {
            cache.put(key, value);
        }
    }

    @State(Scope.Thread)
    public static class Cursor {
        int index = ThreadLocalRandom.current().nextInt(SAMPLES);
    }

    @Benchmark
    public Object read(Cursor c) {
        return cache.get(keys[present[c.index++ & MASK]]);
    }

    @Benchmark
    public Object readWrite(Cursor c) {
        int i = c.index++;
        String key = keys[present[i & MASK]];
        if (i % 10 == 0) {
            cache.put(key, value);
            return key;
        }
        return cache.get(key);
    }

    @Benchmark
    public Object write(Cursor c) {
        String key = keys[present[c.index++ & MASK]];
        cache.put(key, value);
        return key;
    }

    @Benchmark
    public Object churn(Cursor c) {
        String key = churnKeys[churn[c.index++ & MASK]];
        cache.put(key, value);
        return key;
    }

    /** Samples of a Zipf distribution over {@code n} ranks, each rank mapped to a random key index. */
    static int[] zipf(int n, double exponent, Random random) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1 / Math.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        int[] keyOfRank = new int[n];
        for (int i = 0; i < n; i++) {
            keyOfRank[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = keyOfRank[i];
            keyOfRank[i] = keyOfRank[j];
            keyOfRank[j] = t;
        }
        int[] samples = new int[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            double u = random.nextDouble() * sum;
            int lo = 0;
            int hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            samples[s] = keyOfRank[lo];
        }
        return samples;
    }

    /** The three caches behind one face, each with 1000 entries at most and a time-to-live per entry. */
    interface CacheAdapter {
        Object get(String key);

        void put(String key, Object value);

        static CacheAdapter create(String impl) {
            switch (impl) {
                case "TtlCache":
                    return new OurCache();
                case "Caffeine":
                    return new CaffeineCache();
                case "SynchronizedLru":
                    return new SynchronizedLru();
                default:
                    throw new IllegalArgumentException("unknown cache " + impl);
            }
        }
    }

    static final class OurCache implements CacheAdapter {
        // Cleanup never runs during a benchmark: nothing expires within one.
        final TtlCache<Object> cache = TtlCache.builder().maxSize(SIZE).defaultTtl(TTL)
                .scheduler(new ManualScheduler(System::nanoTime)).build();

        @Override
        public Object get(String key) {
            return cache.get(key);
        }

        @Override
        public void put(String key, Object value) {
            cache.set(key, value);
        }
    }

    static final class CaffeineCache implements CacheAdapter {
        final Cache<String, Object> cache = Caffeine.newBuilder()
                .maximumSize(SIZE)
                .expireAfter(new Expiry<String, Object>() {
                    @Override
                    public long expireAfterCreate(String key, Object value, long currentTime) {
                        return TTL.toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Object value, long currentTime, long currentDuration) {
                        return TTL.toNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Object value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();

        @Override
        public Object get(String key) {
            return cache.getIfPresent(key);
        }

        @Override
        public void put(String key, Object value) {
            cache.put(key, value);
        }
    }

    /** An access-ordered LinkedHashMap behind one lock, with an expiry time per entry. */
    static final class SynchronizedLru implements CacheAdapter {
        record Timed(Object value, long expiresAt) {
        }

        final Map<String, Timed> map = new LinkedHashMap<>(SIZE * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Timed> eldest) {
                return size() > SIZE;
            }
        };

        @Override
        public synchronized Object get(String key) {
            Timed t = map.get(key);
            if (t == null) {
                return null;
            }
            if (t.expiresAt - System.nanoTime() <= 0) {
                map.remove(key);
                return null;
            }
            return t.value;
        }

        @Override
        public synchronized void put(String key, Object value) {
            map.put(key, new Timed(value, System.nanoTime() + TTL.toNanos()));
        }
    }
}
