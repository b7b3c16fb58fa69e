package io.panamax.protocol.resp;

/**
 * Parses relative and absolute expire times into an absolute unix time in milliseconds, with
 * Redis's overflow and sign checks ({@code getExpireMillisecondsOrReply} in t_string.c/expire.c).
 */
final class ExpireOption {
    /** Returned when the argument is not an integer. */
    static final long NOT_INTEGER = Long.MIN_VALUE;
    /** Returned when the time is out of range (Redis: invalid expire time). */
    static final long INVALID = Long.MIN_VALUE + 1;

    private ExpireOption() {}

    /**
     * @param unitMs 1000 for seconds, 1 for milliseconds
     * @param absolute true for EXAT/PXAT/EXPIREAT forms
     * @param allowNonPositive true for EXPIRE-family commands, where a past time deletes the key
     * @return absolute expire time in ms, or {@link #NOT_INTEGER} / {@link #INVALID}
     */
    static long parse(RespCommand c, int index, long unitMs, boolean absolute, boolean allowNonPositive, long nowMs) {
        if (!c.isLong(index)) {
            return NOT_INTEGER;
        }
        long value = c.argLong(index);
        if (!allowNonPositive && value <= 0) {
            return INVALID;
        }
        if (value > Long.MAX_VALUE / unitMs || value < Long.MIN_VALUE / unitMs) {
            return INVALID;
        }
        long ms = value * unitMs;
        if (absolute) {
            return ms;
        }
        if (ms > 0 && nowMs > Long.MAX_VALUE - ms) {
            return INVALID;
        }
        return ms + nowMs;
    }
}
