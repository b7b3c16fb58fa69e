package io.panamax.protocol.resp;

/**
 * The {@code count [WITHVALUES|WITHSCORES]} arguments (positions 2 and 3) of HRANDFIELD and ZRANDMEMBER, checked as
 * Redis 7.0 does (t_hash.c {@code hrandfieldWithCountCommand}, t_zset.c {@code zrandmemberWithCountCommand}): a
 * count that is not an integer gets {@code -ERR value is not an integer or out of range}, {@code LONG_MIN} the
 * {@code must be between} range error, anything but the option after the count {@code -ERR syntax error}, and with
 * the option a count whose pairs would overflow ({@code |count| > LONG_MAX / 2}) {@code -ERR value is out of range}.
 *
 * @param count requested count: negative allows repeats, as in Redis
 * @param withOption whether the option was given
 */
record RandomCountArgs(long count, boolean withOption) {
    /**
     * Parses the arguments of {@code c} (which has at least 3); on bad input writes the error to {@code r} and
     * returns null.
     */
    static RandomCountArgs parse(RespCommand c, String option, Reply r) {
        if (!c.isLong(2)) {
            r.raw(RespErrors.NOT_INTEGER);
            return null;
        }
        long count = c.argLong(2);
        if (count == Long.MIN_VALUE) {
            r.error(SetCommands.LONG_RANGE);
            return null;
        }
        boolean with = c.argCount() == 4 && c.argIs(3, option);
        if (!with && c.argCount() >= 4) {
            r.raw(RespErrors.SYNTAX);
            return null;
        }
        if (with && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            r.error("ERR value is out of range");
            return null;
        }
        return new RandomCountArgs(count, with);
    }
}
