package io.secretdesk.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.testing.FakeTicker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The memoizer: keys in the seed's form, time-to-live, async functions and manual invalidation. */
class CachedTest {

    private final FakeTicker ticker = new FakeTicker();
    private final ManualScheduler scheduler = new ManualScheduler(ticker::read);
    private final TtlCache<String> cache = TtlCache.<String>builder().ticker(ticker).scheduler(scheduler).build();

    @AfterEach
    void closeScheduler() {
        scheduler.close();
    }

    @Test
    void keysFollowTheSeedsForm() {
        assertThat(Cached.of("mymodule", "get_user", Duration.ofSeconds(120), cache).key(123))
                .isEqualTo("mymodule:get_user:123");
        assertThat(Cached.of("", "fetch_external_data", Duration.ofSeconds(60), cache).key())
                .isEqualTo("fetch_external_data");
        assertThat(Cached.of("pricing", "cost", Duration.ofSeconds(60), cache).key("gpu-l40s", 2, null))
                .isEqualTo("pricing:cost:gpu-l40s:2:null");
    }

    @Test
    void aWrappedFunctionRunsOncePerArgumentWithinItsTtl() {
        AtomicInteger calls = new AtomicInteger();
        Cached<String> users = Cached.of("mymodule", "get_user", Duration.ofSeconds(120), cache);
        Function<Integer, String> getUser = users.wrap(id -> {
            calls.incrementAndGet();
            return "user-" + id;
        });
        assertThat(getUser.apply(123)).isEqualTo("user-123");
        assertThat(getUser.apply(123)).isEqualTo("user-123");
        assertThat(getUser.apply(124)).isEqualTo("user-124");
        assertThat(calls.get()).isEqualTo(2);
        assertThat(users.cache().get("mymodule:get_user:123")).isEqualTo("user-123");

        ticker.advance(Duration.ofSeconds(119));
        getUser.apply(123);
        assertThat(calls.get()).isEqualTo(2);
        ticker.advance(Duration.ofSeconds(1));
        getUser.apply(123);
        assertThat(calls.get()).isEqualTo(3);

        assertThat(users.invalidate(123)).isTrue();
        getUser.apply(123);
        assertThat(calls.get()).isEqualTo(4);
        users.cache().clear();
        getUser.apply(124);
        assertThat(calls.get()).isEqualTo(5);
    }

    @Test
    void nullResultsAndExceptionsAreNotCached() {
        AtomicInteger calls = new AtomicInteger();
        Cached<String> memo = Cached.of("m", "maybe", Duration.ofSeconds(60), cache);
        Function<String, String> maybe = memo.wrap(arg -> {
            calls.incrementAndGet();
            if (arg.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return null;
        });
        assertThat(maybe.apply("x")).isNull();
        assertThat(maybe.apply("x")).isNull();
        assertThatThrownBy(() -> maybe.apply("boom")).hasMessage("boom");
        assertThatThrownBy(() -> maybe.apply("boom")).hasMessage("boom");
        assertThat(calls.get()).isEqualTo(4);
    }

    @Test
    void anAsyncFunctionIsMemoizedOnceItsResultArrives() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> backend = new CompletableFuture<>();
        Cached<String> memo = Cached.of("", "fetch_external_data", Duration.ofSeconds(60), cache);
        Function<String, CompletableFuture<String>> fetch = memo.wrapAsync(path -> {
            calls.incrementAndGet();
            return backend;
        });
        CompletableFuture<String> first = fetch.apply("/data");
        CompletableFuture<String> second = fetch.apply("/data");
        assertThat(calls.get()).isEqualTo(1);
        backend.complete("payload");
        assertThat(first.join()).isEqualTo("payload");
        assertThat(second.join()).isEqualTo("payload");
        assertThat(fetch.apply("/data")).isCompletedWithValue("payload");
        assertThat(calls.get()).isEqualTo(1);
        assertThat(memo.cache().get("fetch_external_data:/data")).isEqualTo("payload");
        assertThat(memo.getAsync(() -> CompletableFuture.completedFuture("other"), "/other").join()).isEqualTo("other");
    }

    @Test
    void aMemoizerWithItsOwnCacheIsRegisteredUnderItsKeyPrefix() {
        Cached<String> memo = Cached.of("cachedtest", "lookup", Duration.ofSeconds(30));
        try {
            assertThat(Caches.named("cachedtest:lookup")).containsSame(memo.cache());
            assertThat(memo.cache().stats().defaultTtl()).isEqualTo(Duration.ofSeconds(30));
            assertThat(memo.get(() -> "v", "a")).isEqualTo("v");
            assertThat(memo.get(() -> "other", "a")).isEqualTo("v");
            assertThat(memo.toString()).isEqualTo("Cached[cachedtest:lookup, ttl PT30S]");
        } finally {
            memo.cache().close();
        }
        assertThat(Caches.named("cachedtest:lookup")).isEmpty();
    }

    @Test
    void aMemoizerNeedsAName() {
        assertThatThrownBy(() -> Cached.of("m", " ", Duration.ofSeconds(1), cache))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a name");
    }
}
