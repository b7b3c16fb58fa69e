package io.panamax.blobstore.volume;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** RFC 1123 dates as nginx writes them in headers and JSON listings: {@code Mon, 07 Dec 2026 13:52:31 GMT}. */
final class HttpDates {
    /** Two-digit day, unlike {@link DateTimeFormatter#RFC_1123_DATE_TIME} (which writes {@code 7 Dec}). */
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {}

    static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }
}
