package io.secretdesk.ui.cachestats;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.cache.Cached;
import io.secretdesk.core.cache.Caches;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.testing.FakeTicker;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Cache Stats view model over real caches, with a fake clock and a hand-driven tick: no toolkit, no waiting. */
class CacheStatsViewModelTest {

    private final FakeTicker ticker = new FakeTicker();
    private final ManualScheduler scheduler = new ManualScheduler(ticker::read);
    private final TreeMap<String, TtlCache<?>> registry = new TreeMap<>();
    private final ManualRepeater repeater = new ManualRepeater();
    private final CacheStatsViewModel model = new CacheStatsViewModel(() -> registry, ticker::read, repeater::every);

    @AfterEach
    void cleanUp() {
        model.stop();
        registry.values().forEach(TtlCache::close);
        scheduler.close();
    }

    private TtlCache<String> cache(int maxSize, Duration ttl) {
        // Unnamed, so the process-wide registry is untouched: this test's own map is the registry here.
        return TtlCache.<String>builder().maxSize(maxSize).defaultTtl(ttl).ticker(ticker).scheduler(scheduler).build();
    }

    /** One second passes and the view ticks, as the console's timeline would. */
    private void second() {
        ticker.advance(Duration.ofSeconds(1));
        repeater.tick.run();
    }

    private List<String> names() {
        return model.rows().stream().map(CacheRow::name).toList();
    }

    private CacheRow row(String name) {
        return model.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void startTicksAtOnceThenEverySecondThroughOneRepeaterAndStopEndsIt() {
        registry.put("provider_config", cache(100, Duration.ofSeconds(300)));

        model.start();
        model.start();

        assertThat(repeater.periods).containsExactly(Duration.ofSeconds(1));
        assertThat(names()).containsExactly("provider_config");
        model.stop();
        assertThat(repeater.stopped).isTrue();
    }

    @Test
    void rowsAppearAndDisappearWithTheRegistryInNameOrder() {
        TtlCache<String> users = cache(500, Duration.ofSeconds(60));
        registry.put("user_permissions", users);
        model.start();
        CacheRow usersRow = row("user_permissions");

        registry.put("provider_config", cache(100, Duration.ofSeconds(300)));
        registry.put("secrets_resolution", cache(1000, Duration.ofSeconds(30)));
        second();
        assertThat(names()).containsExactly("provider_config", "secrets_resolution", "user_permissions");
        assertThat(row("user_permissions")).as("the row that was there stays the same object").isSameAs(usersRow);

        registry.remove("secrets_resolution");
        registry.put("mymodule:get_user", cache(1000, Duration.ofSeconds(120)));
        second();
        assertThat(names()).containsExactly("mymodule:get_user", "provider_config", "user_permissions");

        registry.clear();
        second();
        assertThat(model.rows()).isEmpty();
        assertThat(model.selectedProperty().get()).isNull();
        assertThat(model.keys()).isEmpty();
    }

    @Test
    void theFirstCacheIsSelectedAndASelectedCacheThatGoesAwayHandsOverToTheFirst() {
        registry.put("b", cache(10, Duration.ofSeconds(30)));
        registry.put("c", cache(10, Duration.ofSeconds(30)));
        model.start();
        assertThat(model.selectedProperty().get().name()).isEqualTo("b");

        model.select(row("c"));
        registry.remove("c");
        second();

        assertThat(model.selectedProperty().get().name()).isEqualTo("b");
    }

    @Test
    void aTickUpdatesEachRowInPlaceAndFiresOnlyWhatChanged() {
        TtlCache<String> cache = cache(100, Duration.ofSeconds(300));
        registry.put("provider_config", cache);
        model.start();
        CacheRow row = row("provider_config");
        AtomicInteger rowListChanges = new AtomicInteger();
        model.rows().addListener((ListChangeListener<CacheRow>) change -> rowListChanges.incrementAndGet());
        AtomicInteger hitsFired = new AtomicInteger();
        AtomicInteger sizeFired = new AtomicInteger();
        AtomicInteger rateFired = new AtomicInteger();
        row.hitsProperty().addListener((obs, old, now) -> hitsFired.incrementAndGet());
        row.sizeProperty().addListener((obs, old, now) -> sizeFired.incrementAndGet());
        row.hitRateProperty().addListener(obs -> {
            rateFired.incrementAndGet();
            row.hitRateProperty().get();
        });
        assertThat(row.hitRateProperty().get()).as("no reads yet").isNaN();

        cache.set("provider:replicate:config", "a");
        cache.set("provider:runpod:config", "b");
        cache.get("provider:replicate:config");
        cache.get("provider:replicate:config");
        cache.get("provider:replicate:config");
        cache.get("provider:modal:config");
        second();

        assertThat(row("provider_config")).isSameAs(row);
        assertThat(row.sizeProperty().get()).isEqualTo(2);
        assertThat(row.maxSizeProperty().get()).isEqualTo(100);
        assertThat(row.hitsProperty().get()).isEqualTo(3);
        assertThat(row.missesProperty().get()).isEqualTo(1);
        assertThat(row.hitRateProperty().get()).isEqualTo(0.75);
        assertThat(row.defaultTtlProperty().get()).isEqualTo(Duration.ofSeconds(300));
        assertThat(hitsFired).hasValue(1);
        assertThat(sizeFired).hasValue(1);
        assertThat(rateFired).hasValue(1);

        second();
        second();

        assertThat(hitsFired).as("no traffic, no change event").hasValue(1);
        assertThat(sizeFired).hasValue(1);
        assertThat(rateFired).hasValue(1);
        assertThat(rowListChanges).as("the row list is not touched by a tick").hasValue(0);
    }

    @Test
    void expiredEntriesAndEvictionsAreCounted() {
        TtlCache<String> cache = cache(2, Duration.ofSeconds(5));
        registry.put("tiny", cache);
        cache.set("a", "1");
        cache.set("b", "2");
        cache.set("c", "3"); // evicts "a"
        cache.set("short", "4", Duration.ofSeconds(1)); // evicts "b"
        model.start();
        ticker.advance(Duration.ofSeconds(2));
        model.tick();

        CacheRow row = row("tiny");
        assertThat(row.evictionsProperty().get()).isEqualTo(2);
        assertThat(row.expiredProperty().get()).isEqualTo(1);
        assertThat(model.keys()).extracting(KeyRow::key).containsExactly("c");
    }

    @Test
    void aNameRegisteredAnewToAnotherCacheShowsTheNewCacheWithAFreshHistory() {
        TtlCache<String> first = cache(10, Duration.ofSeconds(30));
        first.set("k", "v");
        first.get("k");
        registry.put("secrets_resolution", first);
        model.start();
        second();
        CacheRow row = row("secrets_resolution");
        assertThat(row.history().count()).isEqualTo(2);

        TtlCache<String> second = cache(1000, Duration.ofSeconds(5));
        registry.put("secrets_resolution", second);
        second();

        assertThat(row("secrets_resolution")).isSameAs(row);
        assertThat(row.maxSizeProperty().get()).isEqualTo(1000);
        assertThat(row.hitsProperty().get()).isZero();
        assertThat(row.hitRateProperty().get()).isNaN();
        assertThat(row.defaultTtlProperty().get()).isEqualTo(Duration.ofSeconds(5));
        assertThat(row.history().count()).as("history of the old cache dropped").isEqualTo(1);
    }

    @Test
    void theHistoryChartsEachSecondsOwnHitRateAndKeepsTheLastWhenThereWereNoReads() {
        TtlCache<String> cache = cache(100, Duration.ofSeconds(300));
        registry.put("c", cache);
        model.start();
        History history = model.selectedHistory();
        assertThat(history.count()).isEqualTo(1);
        assertThat(history.hitRate(0)).as("no reads yet").isNaN();

        cache.set("k", "v");
        cache.get("k");
        cache.get("missing");
        second();
        assertThat(history.hitRate(0)).isEqualTo(0.5);
        assertThat(history.size(0)).isEqualTo(1);

        cache.get("k");
        cache.get("k");
        cache.get("k");
        cache.get("k");
        second();
        assertThat(history.hitRate(0)).as("this second's reads only, not 5 of 6 since the start").isEqualTo(1.0);

        second();
        assertThat(history.hitRate(0)).as("a second without reads keeps the last rate").isEqualTo(1.0);
        assertThat(history.hitRateCount()).isEqualTo(3);
        assertThat(history.count()).isEqualTo(4);
    }

    @Test
    void aLateTickFillsTheSecondsItMissedSoTheTimeAxisStaysTrue() {
        registry.put("c", cache(100, Duration.ofSeconds(300)));
        model.start();

        ticker.advance(Duration.ofMillis(10_400));
        repeater.tick.run();

        assertThat(model.selectedHistory().count()).isEqualTo(11);
    }

    @Test
    void aRefreshWithinTheSameSecondUpdatesTheNewestPointInsteadOfAddingOne() {
        TtlCache<String> cache = cache(100, Duration.ofSeconds(300));
        registry.put("c", cache);
        model.start();
        cache.set("k", "v");
        cache.get("k");
        second();
        History history = model.selectedHistory();
        assertThat(history.count()).isEqualTo(2);

        cache.set("k2", "v");
        cache.get("nope");
        ticker.advance(Duration.ofMillis(300));
        model.tick(); // F5, or the refresh after an action

        assertThat(history.count()).as("still one point a second").isEqualTo(2);
        assertThat(history.size(0)).isEqualTo(2);
        assertThat(history.hitRate(0)).as("the rate waits for the whole second").isEqualTo(1.0);

        cache.get("k");
        ticker.advance(Duration.ofMillis(700));
        repeater.tick.run();
        assertThat(history.count()).isEqualTo(3);
        assertThat(history.hitRate(0)).as("the next point counts every read of its second: 1 miss, 1 hit").isEqualTo(0.5);
        assertThat(history.hitRate(1)).isEqualTo(1.0);
    }

    @Test
    void theHistoryIsBoundedToFiveMinutesHoweverLongItRuns() {
        TtlCache<String> cache = cache(1000, Duration.ofHours(1));
        registry.put("c", cache);
        model.start();
        History history = model.selectedHistory();

        for (int i = 0; i < 1000; i++) {
            cache.set("k" + i, "v");
            second();
        }

        assertThat(history.capacity()).isEqualTo(CacheStatsViewModel.HISTORY_SIZE);
        assertThat(history.count()).isEqualTo(300);
        assertThat(history.size(0)).as("newest").isEqualTo(1000);
        assertThat(history.size(299)).as("oldest kept").isEqualTo(701);
    }

    @Test
    void keysAreListedInOrderWithTheirTimeLeftAndUpdatedInPlace() {
        TtlCache<String> cache = cache(100, Duration.ofSeconds(60));
        registry.put("user_permissions", cache);
        cache.set("user:7:perms", "admin");
        cache.set("user:3:perms", "viewer", Duration.ofMillis(2500));
        model.start();

        assertThat(model.keys()).extracting(KeyRow::key).containsExactly("user:3:perms", "user:7:perms");
        assertThat(model.keys()).extracting(k -> k.secondsLeftProperty().get()).containsExactly(3L, 60L);
        KeyRow seven = model.keys().get(1);
        AtomicInteger listChanges = new AtomicInteger();
        model.keys().addListener((ListChangeListener<KeyRow>) change -> listChanges.incrementAndGet());

        second();
        assertThat(model.keys()).extracting(k -> k.secondsLeftProperty().get()).containsExactly(2L, 59L);
        assertThat(model.keys().get(1)).isSameAs(seven);
        assertThat(listChanges).as("no key came or went").hasValue(0);

        ticker.advance(Duration.ofMillis(1500));
        model.tick();
        assertThat(model.keys()).as("an expired entry leaves the list").extracting(KeyRow::key).containsExactly("user:7:perms");
        assertThat(model.keys().get(0)).isSameAs(seven);
        assertThat(listChanges).hasValue(1);
        assertThat(model.keys().toString()).doesNotContain("admin");
    }

    @Test
    void clearAsksFirstThenRemovesEveryEntryAndSetsEveryCountBackToZero() {
        TtlCache<String> cache = cache(2, Duration.ofSeconds(300));
        registry.put("provider_config", cache);
        cache.set("provider:a:config", "1");
        cache.set("provider:b:config", "2");
        cache.set("provider:c:config", "3"); // evicts a
        cache.get("provider:b:config");
        cache.get("provider:a:config");
        cache.getOrSet("provider:d:config", () -> "4");
        model.start();
        second();
        second();
        CacheRow row = row("provider_config");
        assertThat(row.hitsProperty().get()).isEqualTo(1);
        assertThat(row.missesProperty().get()).isEqualTo(2);
        assertThat(row.evictionsProperty().get()).isEqualTo(2);
        assertThat(row.loadsProperty().get()).isEqualTo(1);
        assertThat(model.selectedHistory().count()).isEqualTo(3);

        model.requestClear();

        assertThat(model.confirmingClearProperty().get()).isTrue();
        assertThat(model.confirmTextProperty().get())
                .isEqualTo("Remove all 2 entries from provider_config and reset its counts to zero?");
        assertThat(cache.stats().size()).as("nothing removed before confirming").isEqualTo(2);
        assertThat(cache.stats().hitCount()).as("nothing reset before confirming").isEqualTo(1);

        model.confirmClear();

        assertThat(cache.stats().size()).isZero();
        assertThat(cache.stats().requestCount()).isZero();
        assertThat(model.messageProperty().get())
                .isEqualTo("Cleared provider_config: removed 2 entries; its counts start again from zero.");
        assertThat(model.confirmingClearProperty().get()).isFalse();
        // The row shows it at once, not at the next tick.
        assertThat(row.sizeProperty().get()).isZero();
        assertThat(row.expiredProperty().get()).isZero();
        assertThat(row.hitsProperty().get()).isZero();
        assertThat(row.missesProperty().get()).isZero();
        assertThat(row.hitRateProperty().get()).as("no reads since the clear, as for a new cache").isNaN();
        assertThat(row.evictionsProperty().get()).isZero();
        assertThat(row.expiredRemovalsProperty().get()).isZero();
        assertThat(row.loadsProperty().get()).isZero();
        assertThat(row.averageLoadTimeProperty().get()).isZero();
        assertThat(model.detailsProperty().get()).isEqualTo("no loads · 0 expired entries removed");
        assertThat(model.keys()).isEmpty();
        History history = model.selectedHistory();
        assertThat(history.count()).as("the history restarts from the clear").isEqualTo(1);
        assertThat(history.size(0)).isZero();
        assertThat(history.hitRateCount()).isZero();

        cache.get("provider:b:config");
        second();
        assertThat(row.missesProperty().get()).as("reads after the clear count from zero").isEqualTo(1);
        assertThat(row.hitRateProperty().get()).isZero();
        assertThat(history.count()).isEqualTo(2);
    }

    @Test
    void aClearThatIsCancelledOrOutlivedBySelectingAnotherCacheRemovesNothing() {
        TtlCache<String> a = cache(10, Duration.ofSeconds(30));
        TtlCache<String> b = cache(10, Duration.ofSeconds(30));
        a.set("x", "1");
        b.set("y", "2");
        registry.put("a", a);
        registry.put("b", b);
        model.start();

        model.requestClear();
        model.cancelClear();
        model.confirmClear();
        assertThat(a.stats().size()).isEqualTo(1);

        model.requestClear();
        model.select(row("b"));
        assertThat(model.confirmingClearProperty().get()).isFalse();
        model.confirmClear();
        assertThat(a.stats().size()).isEqualTo(1);
        assertThat(b.stats().size()).isEqualTo(1);
    }

    @Test
    void aClearWaitingForACacheThatLeftTheRegistryIsDropped() {
        TtlCache<String> a = cache(10, Duration.ofSeconds(30));
        registry.put("a", a);
        model.start();
        model.requestClear();

        registry.remove("a");
        second();

        assertThat(model.confirmingClearProperty().get()).as("the question went with the cache").isFalse();
        model.confirmClear();
        assertThat(model.errorProperty().get()).isEmpty();
    }

    @Test
    void invalidatePrefixRemovesMatchingKeysAndSaysHowMany() {
        TtlCache<String> cache = cache(100, Duration.ofSeconds(60));
        registry.put("user_permissions", cache);
        cache.set("user:42:perms", "admin");
        cache.set("user:42:teams", "ops");
        cache.set("user:420:perms", "viewer");
        model.start();

        model.prefixProperty().set("user:42:");
        model.invalidatePrefix();

        assertThat(model.messageProperty().get())
                .isEqualTo("Removed 2 entries starting with \"user:42:\".");
        assertThat(model.keys()).extracting(KeyRow::key).containsExactly("user:420:perms");
        assertThat(row("user_permissions").sizeProperty().get()).isEqualTo(1);
        assertThat(model.prefixProperty().get()).as("the prefix stays for another go").isEqualTo("user:42:");

        model.invalidatePrefix();
        assertThat(model.messageProperty().get())
                .isEqualTo("No key starts with \"user:42:\"; nothing was removed.");

        model.prefixProperty().set("user:420:");
        model.invalidatePrefix();
        assertThat(model.messageProperty().get()).isEqualTo("Removed 1 entry starting with \"user:420:\".");
    }

    @Test
    void selectingAnotherCacheClearsWhatTheLastActionSaid() {
        TtlCache<String> a = cache(10, Duration.ofSeconds(30));
        a.set("k", "v");
        registry.put("a", a);
        registry.put("b", cache(10, Duration.ofSeconds(30)));
        model.start();
        model.prefixProperty().set("k");
        model.invalidatePrefix();
        assertThat(model.messageProperty().get()).isEqualTo("Removed 1 entry starting with \"k\".");

        model.select(row("b"));

        assertThat(model.messageProperty().get()).isEmpty();
    }

    @Test
    void anEmptyPrefixOrNoSelectionIsRefusedWithAOneLineReason() {
        model.start();
        model.prefixProperty().set("x");
        model.invalidatePrefix();
        assertThat(model.errorProperty().get()).isEqualTo("Select a cache in the table first.");
        model.requestClear();
        assertThat(model.confirmingClearProperty().get()).isFalse();

        TtlCache<String> cache = cache(10, Duration.ofSeconds(30));
        cache.set("k", "v");
        registry.put("c", cache);
        model.tick();
        model.prefixProperty().set("");
        model.invalidatePrefix();

        assertThat(model.errorProperty().get())
                .isEqualTo("Type the start of the keys to remove, e.g. provider:replicate: (Clear… removes every entry).");
        assertThat(model.messageProperty().get()).isEmpty();
        assertThat(cache.stats().size()).isEqualTo(1);
    }

    @Test
    void aRegistryThatFailsLeavesTheRowsAndSaysWhy() {
        registry.put("c", cache(10, Duration.ofSeconds(30)));
        boolean[] fail = {false};
        CacheStatsViewModel failing = new CacheStatsViewModel(() -> {
            if (fail[0]) {
                throw new IllegalStateException("registry is being rebuilt");
            }
            return registry;
        }, ticker::read, repeater::every);
        failing.start();
        fail[0] = true;

        failing.tick();

        assertThat(failing.rows()).extracting(CacheRow::name).containsExactly("c");
        assertThat(failing.errorProperty().get()).isEqualTo("Could not read the list of caches: registry is being rebuilt");
    }

    @Test
    void detailsNameTheLoadsAndExpiredRemovals() {
        TtlCache<String> cache = cache(10, Duration.ofSeconds(1));
        registry.put("c", cache);
        model.start();
        assertThat(model.detailsProperty().get()).isEqualTo("no loads · 0 expired entries removed");

        cache.getOrSet("k", () -> {
            ticker.advance(Duration.ofMillis(3));
            return "v";
        });
        ticker.advance(Duration.ofSeconds(2));
        cache.cleanUp();
        model.tick();

        assertThat(model.detailsProperty().get()).isEqualTo("1 load, 3.0 ms on average · 1 expired entry removed");
    }

    @Test
    void hiddenTheViewKeepsRecordingHistoryButSkipsTheKeyList() {
        TtlCache<String> cache = cache(10, Duration.ofSeconds(30));
        registry.put("c", cache);
        model.start();
        model.setShowing(false);

        cache.set("k", "v");
        second();
        assertThat(model.keys()).isEmpty();
        assertThat(model.selectedHistory().size(0)).isEqualTo(1);

        model.setShowing(true);
        assertThat(model.keys()).extracting(KeyRow::key).containsExactly("k");
    }

    @Test
    void overTheProcessRegistryANamedCacheAppearsAndLeavesWhenClosed() {
        CacheStatsViewModel live = new CacheStatsViewModel(Caches::named, ticker::read, repeater::every);
        String function = "lookup_" + System.nanoTime();
        String name = "cachestatstest:" + function; // how Cached names a memoizer's own cache: prefix:name
        TtlCache<String> memo = Cached.<String>of("cachestatstest", function, Duration.ofSeconds(5)).cache();
        try {
            live.tick();
            assertThat(live.rows()).extracting(CacheRow::name)
                    .contains(Caches.PROVIDER_CONFIG, Caches.USER_PERMISSIONS, name);
        } finally {
            memo.close();
        }
        live.tick();
        assertThat(live.rows()).extracting(CacheRow::name).doesNotContain(name);
    }

    @Test
    void watchingACacheDoesNotKeepItAlive() {
        String name = "cachestatstest.weak." + System.nanoTime();
        CacheStatsViewModel live = new CacheStatsViewModel(Caches::named, ticker::read, repeater::every);
        WeakReference<TtlCache<String>> ref = new WeakReference<>(
                TtlCache.<String>builder().name(name).ticker(ticker).scheduler(scheduler).build());
        live.tick();
        live.select(live.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow());

        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            byte[][] pressure = new byte[64][];
            for (int j = 0; j < pressure.length; j++) {
                pressure[j] = new byte[64 * 1024];
            }
        }

        assertThat(ref.get()).as("the row holds its cache weakly").isNull();
        live.tick();
        assertThat(live.rows()).extracting(CacheRow::name).doesNotContain(name);
        assertThat(live.selectedProperty().get().name()).isNotEqualTo(name);
    }
}
