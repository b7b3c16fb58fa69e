package io.panamax.protocol.resp;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;

/**
 * Strict number parsing and formatting with Redis's rules: integers as {@code string2ll} (optional
 * '-', no '+', no leading zeros or spaces, 64-bit range), floats as {@code strtold} on the whole
 * string (no spaces; {@code inf}/{@code -inf} accepted, NaN rejected).
 */
public final class NumberParser {
    private NumberParser() {}

    /** Whether {@code buf[offset, offset+length)} is a valid 64-bit integer by Redis's rules. */
    public static boolean isLong(ByteBuf buf, int offset, int length) {
        if (length == 0 || length > 20) {
            return false;
        }
        int i = offset;
        int end = offset + length;
        boolean negative = buf.getByte(i) == '-';
        if (negative) {
            i++;
            if (i == end) {
                return false;
            }
        }
        if (buf.getByte(i) == '0') {
            return i + 1 == end && !negative;
        }
        long value = 0;
        for (; i < end; i++) {
            int d = buf.getByte(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            // Accumulate negatively so Long.MIN_VALUE is representable.
            if (value < (Long.MIN_VALUE + d) / 10) {
                return false;
            }
            value = value * 10 - d;
        }
        return negative || value != Long.MIN_VALUE;
    }

    /** Parses a value for which {@link #isLong} returned true. */
    public static long parseLong(ByteBuf buf, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = buf.getByte(i) == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        for (; i < end; i++) {
            value = value * 10 - (buf.getByte(i) - '0');
        }
        return negative ? value : -value;
    }

    /**
     * Parses {@code segment[offset, offset+length)} as a Redis integer.
     *
     * @return the value, or {@code fallback} when it is not a valid integer
     */
    public static long parseLongOr(MemorySegment segment, long offset, long length, long fallback) {
        if (length == 0 || length > 20) {
            return fallback;
        }
        long i = offset;
        long end = offset + length;
        boolean negative = segment.get(ValueLayout.JAVA_BYTE, i) == '-';
        if (negative) {
            i++;
            if (i == end) {
                return fallback;
            }
        }
        if (segment.get(ValueLayout.JAVA_BYTE, i) == '0') {
            return i + 1 == end && !negative ? 0 : fallback;
        }
        long value = 0;
        for (; i < end; i++) {
            int d = segment.get(ValueLayout.JAVA_BYTE, i) - '0';
            if (d < 0 || d > 9 || value < (Long.MIN_VALUE + d) / 10) {
                return fallback;
            }
            value = value * 10 - d;
        }
        if (negative) {
            return value;
        }
        return value == Long.MIN_VALUE ? fallback : -value;
    }

    /**
     * Parses a float argument as Redis does for INCRBYFLOAT and scores.
     *
     * @return the value; {@code Double.NaN} when the text is not a valid float (Redis rejects NaN)
     */
    public static double parseDouble(String text) {
        int n = text.length();
        if (n == 0 || n > 5000) {
            return Double.NaN;
        }
        double integer = parsePlainInteger(text, n);
        if (integer == integer) {
            return integer;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        char last = text.charAt(n - 1);
        if (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(last)
                || last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            return Double.NaN; // Java accepts "1d", "1f" and padding; strtold does not
        }
        if (lower.contains("n") || lower.contains("x") || lower.contains("p")) {
            return Double.NaN; // nan, hex floats and Java's "Infinity" spellings handled above
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The value of {@code text} when it is an optional minus and 1 to 15 decimal digits (every such integer is exact
     * in a double, as strtod would give it; "-0" is -0.0), else NaN: the common score needs no String scan or
     * FloatingDecimal.
     */
    private static double parsePlainInteger(String text, int n) {
        boolean negative = text.charAt(0) == '-';
        int from = negative ? 1 : 0;
        if (n - from < 1 || n - from > 15) {
            return Double.NaN;
        }
        long value = 0;
        for (int i = from; i < n; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return Double.NaN;
            }
            value = value * 10 + d;
        }
        return negative ? -(double) value : (double) value;
    }

    /**
     * Formats a double as Redis replies with it: the shortest text that round-trips, integers
     * without a fraction ("3" not "3.0"), {@code inf} and {@code -inf}.
     */
    public static String formatDouble(double value) {
        if (value == Double.POSITIVE_INFINITY) {
            return "inf";
        }
        if (value == Double.NEGATIVE_INFINITY) {
            return "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            return Long.toString((long) value);
        }
        String s = Double.toString(value);
        if (s.indexOf('E') < 0) {
            return s;
        }
        // Redis prints %.17g-shortest: exponent form as "1.5e+20"
        String plain = new BigDecimal(s).stripTrailingZeros().toString();
        return plain.replace("E", "e");
    }

    /**
     * Formats a score as C's {@code printf("%.17g")} does (Redis 7.0 addReplyDouble): 17 significant digits, trailing
     * zeros removed, exponent form {@code 1e+20} below 1e-4 or from 1e17; {@code inf} and {@code -inf}.
     */
    public static String formatScore(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (Double.doubleToRawLongBits(value) < 0) ? "-0" : "0";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            return Long.toString((long) value); // an integer below 1e17 has at most 17 digits: %.17g prints it whole
        }
        BigDecimal rounded = new BigDecimal(value).round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 17) {
            String digits = rounded.unscaledValue().abs().toString().replaceFirst("0+$", "");
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format("%02d", Math.abs(exponent));
            return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    /**
     * Formats a long double result the way INCRBYFLOAT does ({@code %.17Lf} with trailing zeros
     * removed): plain decimal notation, never an exponent.
     */
    public static String formatIncrFloat(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            return Long.toString((long) value);
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
