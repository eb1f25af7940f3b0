package io.secretdesk.ui.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Prices as the pricing table reads and shows them: dollars per second typed in, per second and per hour shown. */
final class Prices {

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal CENT = new BigDecimal("0.01");

    private Prices() {
    }

    /**
     * A non-negative number of dollars ("0.000975", "$0.000975", "$0.000975/s"), or null when it is not one; also
     * null when it is too large to store ({@code 1e400}): the config holds a double, which would be Infinity.
     */
    static BigDecimal parse(String text) {
        String plain = text == null ? "" : text.strip();
        if (plain.startsWith("$")) {
            plain = plain.substring(1).strip();
        }
        if (plain.endsWith("/s")) {
            plain = plain.substring(0, plain.length() - 2).strip();
        }
        if (plain.isEmpty()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(plain);
            return value.signum() < 0 || Double.isInfinite(value.doubleValue()) ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "$0.000975/s": at least six decimals (a GPU costs fractions of a cent per second), more when given. */
    static String perSecond(BigDecimal dollars) {
        BigDecimal shown = dollars.stripTrailingZeros();
        if (shown.scale() < 6) {
            shown = shown.setScale(6, RoundingMode.UNNECESSARY);
        }
        return "$" + shown.toPlainString() + "/s";
    }

    /** "$3.51/h": cents, or two significant digits below a cent. */
    static String perHour(BigDecimal dollarsPerSecond) {
        BigDecimal hour = dollarsPerSecond.multiply(SECONDS_PER_HOUR);
        BigDecimal shown = hour.signum() == 0 || hour.compareTo(CENT) >= 0
                ? hour.setScale(2, RoundingMode.HALF_UP)
                : hour.round(new MathContext(2, RoundingMode.HALF_UP));
        return "$" + shown.toPlainString() + "/h";
    }

    /** The number as it is typed back into the editor: plain, without trailing zeros. */
    static String plain(double dollars) {
        String text = BigDecimal.valueOf(dollars).stripTrailingZeros().toPlainString();
        return text.equals("0.0") ? "0" : text;
    }
}
