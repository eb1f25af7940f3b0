package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void theFastPathAgreesWithTheGeneralParserOnWhatFormatWrites() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L), random.nextInt(1_000_000_000));
            String text = Timestamps.format(instant);
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
        assertThat(Timestamps.parse("2024-02-29T23:59:59.999999+00:00")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999999Z"));
    }

    @Test
    void otherFormsGoThroughTheGeneralParser() {
        assertThat(Timestamps.parse("2026-01-02T03:04:05+02:00")).isEqualTo(Instant.parse("2026-01-02T01:04:05Z"));
        assertThat(Timestamps.parse("2026-01-02T03:04:05.123456-05:00")).isEqualTo(Instant.parse("2026-01-02T08:04:05.123456Z"));
        assertThat(Timestamps.parse(null)).isNull();
        assertThatThrownBy(() -> Timestamps.parse("2026-02-30T03:04:05.123456+00:00")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parse("2026-01-02T24:04:05.123456+00:00")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parse("2026-01-02T03:04:05.12345x+00:00")).isInstanceOf(DateTimeParseException.class);
    }
}
