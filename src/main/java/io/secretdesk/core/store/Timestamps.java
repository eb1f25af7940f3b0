package io.secretdesk.core.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Times as stored in the database: ISO-8601 UTC with microseconds, as Python's {@code datetime.isoformat()}. */
final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private Timestamps() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }

    /** Parses what {@link #format} and SimpleTuner write; null stays null. */
    static Instant parse(String text) {
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }
}
