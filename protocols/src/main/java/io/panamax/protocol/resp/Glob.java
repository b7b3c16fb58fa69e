package io.panamax.protocol.resp;

/**
 * Redis glob-style matching ({@code stringmatchlen}): {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a-z]}, {@code \x} escapes. Used by KEYS, SCAN MATCH and CONFIG GET.
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(byte[] pattern, byte[] text, boolean noCase) {
        return match(pattern, 0, text, 0, noCase, 0);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean noCase, int depth) {
        if (depth > 1000) {
            return false; // pathological nesting of '*': Redis bounds this the same way
        }
        while (pi < p.length) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int k = si; k <= s.length; k++) {
                        if (match(p, pi + 1, s, k, noCase, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean found = false;
                    while (pi < p.length && p[pi] != ']') {
                        if (p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            if (eq(p[pi], s[si], noCase)) {
                                found = true;
                            }
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int lo = p[pi] & 0xFF;
                            int hi = p[pi + 2] & 0xFF;
                            if (lo > hi) {
                                int t = lo;
                                lo = hi;
                                hi = t;
                            }
                            int ch = s[si] & 0xFF;
                            if (noCase) {
                                ch = Character.toLowerCase(ch);
                                lo = Character.toLowerCase(lo);
                                hi = Character.toLowerCase(hi);
                            }
                            if (ch >= lo && ch <= hi) {
                                found = true;
                            }
                            pi += 2;
                        } else if (eq(p[pi], s[si], noCase)) {
                            found = true;
                        }
                        pi++;
                    }
                    if (pi >= p.length) {
                        pi--; // unterminated class: Redis treats the end as closing it
                    }
                    if (not == found) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    if (si >= s.length || !eq(p[pi], s[si], noCase)) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si >= s.length || !eq(c, s[si], noCase)) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        return si == s.length;
    }

    private static boolean eq(byte a, byte b, boolean noCase) {
        return a == b || (noCase && Character.toLowerCase(a & 0xFF) == Character.toLowerCase(b & 0xFF));
    }
}
