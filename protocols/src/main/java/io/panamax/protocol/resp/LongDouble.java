package io.panamax.protocol.resp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * INCRBYFLOAT arithmetic as Redis does it on x86-64: operands parsed with {@code strtold} into an
 * 80-bit long double (64-bit significand), added in that precision, printed with {@code %.17Lf}
 * and trailing zeros removed. Emulated exactly with BigDecimal so replies match Redis byte for byte
 * (e.g. {@code 10.5 + 0.1 -> "10.6"}, {@code 5.6 + 5000 -> "5005.60000000000000009"}).
 */
final class LongDouble {
    private static final int SIGNIFICAND_BITS = 64;

    private LongDouble() {}

    /** {@code a + b} in long double precision, formatted as Redis replies; null if either is not a decimal. */
    static String add(String a, String b) {
        BigDecimal x = parse(a);
        BigDecimal y = parse(b);
        if (x == null || y == null) {
            return null;
        }
        BigDecimal sum = round(round(x).add(round(y)));
        BigDecimal fixed = sum.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (fixed.signum() == 0) {
            return "0";
        }
        return fixed.scale() < 0 ? fixed.setScale(0).toPlainString() : fixed.toPlainString();
    }

    private static BigDecimal parse(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Rounds {@code x} to the nearest value with a 64-bit binary significand (ties to even). */
    static BigDecimal round(BigDecimal x) {
        if (x.signum() == 0) {
            return x;
        }
        BigDecimal abs = x.abs();
        // exponent e such that abs / 2^e has exactly 64 integer bits
        int log2 = abs.toBigInteger().bitLength() - 1;
        if (abs.compareTo(BigDecimal.ONE) < 0) {
            log2 = -1;
            BigDecimal probe = abs.multiply(BigDecimal.valueOf(2));
            while (probe.compareTo(BigDecimal.ONE) < 0) {
                probe = probe.multiply(BigDecimal.valueOf(2));
                log2--;
            }
        }
        int e = log2 - (SIGNIFICAND_BITS - 1);
        BigDecimal scaled = e >= 0 ? abs.divide(new BigDecimal(BigInteger.TWO.pow(e))) : abs.multiply(new BigDecimal(BigInteger.TWO.pow(-e)));
        BigInteger m = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        BigDecimal r = e >= 0 ? new BigDecimal(m.shiftLeft(e)) : new BigDecimal(m).divide(new BigDecimal(BigInteger.TWO.pow(-e)), MathContext.UNLIMITED);
        return x.signum() < 0 ? r.negate() : r;
    }
}
