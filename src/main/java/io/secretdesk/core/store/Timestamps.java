package io.secretdesk.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Times as stored in the database: ISO-8601 UTC with microseconds, as Python's {@code datetime.isoformat()}. */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    /** Python leaves the fraction out when it is zero. */
    private static final DateTimeFormatter WHOLE_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private Timestamps() {
    }

    /** {@code datetime.now(timezone.utc).isoformat()} of {@code instant}: microseconds, or none when they are zero. */
    public static String format(Instant instant) {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        return (micros.getNano() == 0 ? WHOLE_SECONDS : FORMAT).format(micros.atOffset(ZoneOffset.UTC));
    }

    /** Parses what {@link #format} and SimpleTuner write; null stays null. */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        Instant fast = parseOwnFormat(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /**
     * {@link #format}'s own form ({@code 2026-01-02T03:04:05.123456+00:00}) without the general parser, which
     * is slow before the JIT has warmed up and runs three times per row listed; null for anything else.
     */
    private static Instant parseOwnFormat(String text) {
        if (text.length() != 32 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.' || !text.endsWith("+00:00")) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int micros = digits(text, 20, 26);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || micros < 0 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, micros * 1_000L);
    }

    /** The decimal number in {@code text[from, to)}, or -1 when it is not all digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
