package io.panamax.protocol.resp;

import java.util.Locale;

/** Parses Redis memory sizes: {@code 1024}, {@code 1k}/{@code 1kb}, {@code 2mb}, {@code 1gb} (k = 1000, kb = 1024, as redis.conf). */
public final class MemorySize {
    private MemorySize() {}

    /** @return bytes, or -1 when {@code text} is not a memory size */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        if (t.isEmpty() || !t.chars().allMatch(Character::isDigit) || t.length() > 18) {
            return -1;
        }
        long n = Long.parseLong(t);
        return n > Long.MAX_VALUE / unit ? -1 : n * unit;
    }
}
