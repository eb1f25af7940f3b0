package io.secretdesk.ui.cachestats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the Cache Stats view writes hit rates, counts and times. */
class CacheStatsFormatTest {

    @Test
    void hitRatesHaveOneDecimalAndNeverRoundUpToAHundred() {
        assertThat(CacheStatsFormat.hitRate(Double.NaN)).isEqualTo("—");
        assertThat(CacheStatsFormat.hitRate(0.0)).isEqualTo("0.0 %");
        assertThat(CacheStatsFormat.hitRate(1.0)).isEqualTo("100.0 %");
        assertThat(CacheStatsFormat.hitRate(0.75)).isEqualTo("75.0 %");
        assertThat(CacheStatsFormat.hitRate(1.0 / 3)).isEqualTo("33.3 %");
        assertThat(CacheStatsFormat.hitRate(2.0 / 3)).as("rounded down").isEqualTo("66.6 %");
        assertThat(CacheStatsFormat.hitRate(0.999)).isEqualTo("99.9 %");
        assertThat(CacheStatsFormat.hitRate(9_999.0 / 10_000)).as("a miss in ten thousand is not 100 %").isEqualTo("99.9 %");
        assertThat(CacheStatsFormat.hitRate(1.0 / 10_000)).as("a hit in ten thousand is not 0 %").isEqualTo("<0.1 %");
        assertThat(CacheStatsFormat.hitRate(0.001)).isEqualTo("0.1 %");
        assertThat(CacheStatsFormat.hitRate(0.07)).isEqualTo("7.0 %");
    }

    @Test
    void countsAreGroupedTheSameInEveryLocale() {
        assertThat(CacheStatsFormat.count(0)).isEqualTo("0");
        assertThat(CacheStatsFormat.count(999)).isEqualTo("999");
        assertThat(CacheStatsFormat.count(1_234_567)).isEqualTo("1,234,567");
        assertThat(CacheStatsFormat.count(1000)).isEqualTo("1,000");
        assertThat(CacheStatsFormat.count(123_456)).isEqualTo("123,456");
        assertThat(CacheStatsFormat.count(-12_345)).isEqualTo("-12,345");
        assertThat(CacheStatsFormat.count(Long.MAX_VALUE)).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", Long.MAX_VALUE));
    }

    @Test
    void timesToLiveUseTheLargestExactUnits() {
        assertThat(CacheStatsFormat.duration(Duration.ofSeconds(300))).isEqualTo("5 min");
        assertThat(CacheStatsFormat.duration(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(CacheStatsFormat.duration(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
        assertThat(CacheStatsFormat.duration(Duration.ofHours(2))).isEqualTo("2 h");
        assertThat(CacheStatsFormat.duration(Duration.ofDays(3).plusHours(1))).isEqualTo("3 d 1 h");
        assertThat(CacheStatsFormat.duration(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(CacheStatsFormat.duration(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(CacheStatsFormat.duration(Duration.ZERO)).isEqualTo("0 s");
    }

    @Test
    void timeLeftReadsLikeAClock() {
        assertThat(CacheStatsFormat.timeLeft(7)).isEqualTo("0:07");
        assertThat(CacheStatsFormat.timeLeft(299)).isEqualTo("4:59");
        assertThat(CacheStatsFormat.timeLeft(3723)).isEqualTo("1:02:03");
        assertThat(CacheStatsFormat.timeLeft(3 * 86_400 + 4 * 3600 + 5 * 60)).isEqualTo("3 d 04:05");
        assertThat(CacheStatsFormat.timeLeft(0)).isEqualTo("0:00");
        assertThat(CacheStatsFormat.timeLeft(600)).isEqualTo("10:00");
    }

    @Test
    void loadTimesAndAxisTicks() {
        assertThat(CacheStatsFormat.loadTime(Duration.ofMillis(3))).isEqualTo("3.0 ms");
        assertThat(CacheStatsFormat.loadTime(Duration.ofMillis(42))).isEqualTo("42 ms");
        assertThat(CacheStatsFormat.loadTime(Duration.ofMillis(1300))).isEqualTo("1.3 s");
        assertThat(CacheStatsFormat.secondsAgo(0)).isEqualTo("now");
        assertThat(CacheStatsFormat.secondsAgo(-0.0)).isEqualTo("now");
        assertThat(CacheStatsFormat.secondsAgo(-120)).isEqualTo("−2 min");
        assertThat(CacheStatsFormat.secondsAgo(-30)).isEqualTo("−30 s");
    }
}
