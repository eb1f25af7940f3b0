package io.secretdesk.ui.cachestats;

import java.time.Duration;
import java.util.Locale;

/**
 * How the Cache Stats view writes its numbers: counts with digit grouping, hit rates as percentages that
 * never round up to 100 %, times-to-live and time left in short units. The same text in every locale, so
 * columns line up and tests are stable.
 */
final class CacheStatsFormat {

    /** Shown for a hit rate before the first read. */
    static final String NO_READS = "—";

    private CacheStatsFormat() {
    }

    /** 12345 -> "12,345". Built by hand: {@code String.format} costs a Formatter and its locale data per call, per cell. */
    static String count(long n) {
        if (n > -1000 && n < 1000) {
            return Long.toString(n);
        }
        String digits = Long.toString(Math.abs(n));
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3 + 1);
        if (n < 0) {
            out.append('-');
        }
        int head = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        out.append(digits, 0, head);
        for (int i = head; i < digits.length(); i += 3) {
            out.append(',').append(digits, i, i + 3);
        }
        return out.toString();
    }

    /**
     * A share from 0 to 1 as a percentage with one decimal, rounded down so that 99.97 % of hits reads
     * "99.9 %", not "100.0 %"; a rate above 0 but under 0.1 % reads "<0.1 %"; NaN (no reads yet) reads "—".
     */
    static String hitRate(double rate) {
        if (Double.isNaN(rate)) {
            return NO_READS;
        }
        if (rate >= 1.0) {
            return "100.0 %";
        }
        if (rate <= 0.0) {
            return "0.0 %";
        }
        // The small nudge keeps 0.999, whose double is a hair under it, from reading 99.8.
        long tenths = Math.min(999, (long) Math.floor(rate * 1000 + 1e-9));
        if (tenths == 0) {
            return "<0.1 %";
        }
        return tenths / 10 + "." + tenths % 10 + " %";
    }

    /** A time-to-live in the largest units that say it exactly: "250 ms", "30 s", "5 min", "1 min 30 s", "2 h", "3 d". */
    static String duration(Duration d) {
        if (d.isZero()) {
            return "0 s";
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            long micros = d.toNanos() / 1000;
            return micros % 1000 == 0 ? micros / 1000 + " ms" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
        }
        if (d.getNano() != 0) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        long s = d.getSeconds();
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        StringBuilder out = new StringBuilder();
        append(out, days, "d");
        append(out, hours, "h");
        append(out, minutes, "min");
        append(out, seconds, "s");
        return out.toString();
    }

    private static void append(StringBuilder out, long n, String unit) {
        if (n != 0) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(n).append(' ').append(unit);
        }
    }

    /** Whole seconds left as a clock: "0:07", "4:59", "1:02:03"; a day or more as "3 d 04:05". Built by hand, as {@link #count}. */
    static String timeLeft(long seconds) {
        long s = Math.max(0, seconds);
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        long secs = s % 60;
        StringBuilder out = new StringBuilder(12);
        if (days > 0) {
            out.append(days).append(" d ");
            return twoDigits(twoDigits(out, hours).append(':'), minutes).toString();
        }
        if (hours > 0) {
            out.append(hours).append(':');
            return twoDigits(twoDigits(out, minutes).append(':'), secs).toString();
        }
        return twoDigits(out.append(minutes).append(':'), secs).toString();
    }

    private static StringBuilder twoDigits(StringBuilder out, long n) {
        return out.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** A mean load time: "0.4 ms", "12 ms", "1.3 s". */
    static String loadTime(Duration d) {
        double ms = d.toNanos() / 1e6;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        return String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }

    /** A tick of the history's time axis, in seconds relative to now: 0 -> "now", -120 -> "−2 min", -30 -> "−30 s". */
    static String secondsAgo(double x) {
        long s = Math.round(-x);
        if (s <= 0) {
            return "now";
        }
        return s % 60 == 0 ? "−" + s / 60 + " min" : "−" + s + " s";
    }
}
