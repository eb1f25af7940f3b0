package io.secretdesk.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.testing.FakeTicker;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The two global caches, their invalidation by provider and user, and the registry of named caches. */
class CachesTest {

    private final FakeTicker ticker = new FakeTicker();
    private final ManualScheduler scheduler = new ManualScheduler(ticker::read);

    @AfterEach
    void cleanUp() {
        Caches.providerConfig().invalidatePrefix("provider:cachestest-");
        Caches.userPermissions().invalidatePrefix("user:cachestest-");
        scheduler.close();
    }

    @Test
    void theGlobalCachesHaveTheSeedsSettings() {
        CacheStats provider = Caches.providerConfig().stats();
        assertThat(provider.defaultTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(provider.maxSize()).isEqualTo(100);
        CacheStats user = Caches.userPermissions().stats();
        assertThat(user.defaultTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(user.maxSize()).isEqualTo(500);
        assertThat(Caches.providerConfig()).isSameAs(Caches.providerConfig());
        assertThat(Caches.named()).containsEntry(Caches.PROVIDER_CONFIG, Caches.providerConfig())
                .containsEntry(Caches.USER_PERMISSIONS, Caches.userPermissions());
    }

    @Test
    void invalidateProviderRemovesThatProvidersEntriesOnly() {
        TtlCache<Map<String, Object>> cache = Caches.providerConfig();
        cache.set(Caches.providerConfigKey("cachestest-replicate"), Map.of("webhook_url", "https://example.test/hook"));
        cache.set("provider:cachestest-replicate:hardware", Map.of());
        cache.set(Caches.providerConfigKey("cachestest-replicate2"), Map.of());
        assertThat(Caches.providerConfigKey("cachestest-replicate")).isEqualTo("provider:cachestest-replicate:config");

        assertThat(Caches.invalidateProvider("cachestest-replicate")).isEqualTo(2);
        assertThat(cache.get("provider:cachestest-replicate:config")).isNull();
        assertThat(cache.get("provider:cachestest-replicate2:config")).isEqualTo(Map.of());
        assertThat(Caches.invalidateProvider("cachestest-replicate")).isZero();
    }

    @Test
    void invalidateUserRemovesThatUsersEntriesOnly() {
        TtlCache<Object> cache = Caches.userPermissions();
        cache.set("user:cachestest-12:perms", "admin");
        cache.set("user:cachestest-12:teams", "a");
        cache.set("user:cachestest-123:perms", "viewer");
        assertThat(Caches.invalidateUser("cachestest-12")).isEqualTo(2);
        assertThat(cache.get("user:cachestest-123:perms")).isEqualTo("viewer");
    }

    @Test
    void aNamedCacheIsRegisteredUntilClosedAndTheLatestOfANameWins() {
        TtlCache<String> first = TtlCache.<String>builder().name("cachestest.named").ticker(ticker).scheduler(scheduler).build();
        assertThat(first.name()).contains("cachestest.named");
        assertThat(Caches.named("cachestest.named")).containsSame(first);
        assertThat(Caches.named()).containsKey("cachestest.named");

        TtlCache<String> second = TtlCache.<String>builder().name("cachestest.named").ticker(ticker).scheduler(scheduler).build();
        assertThat(Caches.named("cachestest.named")).containsSame(second);
        first.close(); // no longer the registered one: leaves the second in place
        assertThat(Caches.named("cachestest.named")).containsSame(second);
        second.close();
        assertThat(Caches.named("cachestest.named")).isEmpty();

        TtlCache<String> manual = TtlCache.<String>builder().ticker(ticker).scheduler(scheduler).build();
        Caches.register("cachestest.manual", manual);
        assertThat(Caches.named("cachestest.manual")).containsSame(manual);
        Caches.unregister("cachestest.manual");
        assertThat(Caches.named()).doesNotContainKey("cachestest.manual");
    }

    @Test
    void theRegistryHoldsCachesWeakly() {
        WeakReference<TtlCache<String>> ref = namedCache("cachestest.weak");
        TtlCacheCleanupTest.collect(ref);
        assertThat(ref.get()).as("a registered cache can still be collected").isNull();
        assertThat(Caches.named("cachestest.weak")).isEmpty();
        assertThat(Caches.named()).doesNotContainKey("cachestest.weak");
    }

    private WeakReference<TtlCache<String>> namedCache(String name) {
        return new WeakReference<>(TtlCache.<String>builder().name(name).ticker(ticker).scheduler(scheduler).build());
    }
}
