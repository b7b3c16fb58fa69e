package io.panamax.protocol.resp;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The timeout argument of the blocking commands, parsed as Redis 7.0 does ({@code getTimeoutFromObjectOrReply} with
 * seconds): {@code strtold} into an x86 long double, times 1000, rounded up to whole milliseconds, converted to a
 * 64-bit integer (an overflow becomes {@code LLONG_MIN}, hence "negative"). So {@code -0.0001} means 0 (block
 * forever), {@code 1e-400} means 1 ms, {@code inf} and {@code 1e16} are "negative" — measured against redis-server
 * 7.0.15 in {@code BlockingDifferentialIT}.
 */
final class BlockingTimeout {
    static final String NOT_FLOAT = "ERR timeout is not a float or out of range";
    static final String NEGATIVE = "ERR timeout is negative";
    /** Below this magnitude the long double rounding cannot move the millisecond ceiling. */
    private static final BigDecimal TINY = new BigDecimal("1e-12");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal LONG_LIMIT = new BigDecimal(Long.MAX_VALUE).add(BigDecimal.ONE);

    private static final java.util.regex.Pattern HEX =
            java.util.regex.Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?");

    private BlockingTimeout() {}

    /**
     * @param text the timeout argument, seconds as a float
     * @return milliseconds, 0 = forever; or -1 when {@code text} is not a float, -2 when it is negative (or overflows)
     */
    static long parseMillis(String text) {
        double d = HEX.matcher(text).matches() ? parseHex(text) : NumberParser.parseDouble(text);
        if (Double.isNaN(d)) {
            return -1;
        }
        if (Double.isInfinite(d)) {
            return -2;
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text);
        } catch (NumberFormatException e) {
            seconds = new BigDecimal(d); // hex float: exact in a double already
        }
        BigDecimal ms;
        if (seconds.abs().compareTo(TINY) < 0) {
            ms = seconds.multiply(THOUSAND);
        } else {
            ms = LongDouble.round(LongDouble.round(seconds).multiply(THOUSAND));
        }
        BigDecimal whole = ms.setScale(0, RoundingMode.CEILING);
        if (whole.compareTo(LONG_LIMIT) >= 0 || whole.signum() < 0) {
            return -2;
        }
        return whole.longValueExact();
    }

    /** strtold's hexadecimal floats ({@code 0x10}, {@code 0x1.8p-1}); Java wants the binary exponent. */
    private static double parseHex(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return Double.parseDouble(lower.indexOf('p') < 0 ? lower + "p0" : lower);
    }

    /** The error text for a negative {@link #parseMillis} result. */
    static String error(long parsed) {
        return parsed == -1 ? NOT_FLOAT : NEGATIVE;
    }
}
