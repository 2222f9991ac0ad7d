package io.kafkaprediction.transforms;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 instants to and from epoch milliseconds, on the hot path of every record.
 *
 * <p>Parsing accepts exactly what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} accepts. The
 * common shape {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)} is read by hand (a formatter
 * costs about a microsecond, several times the rest of the chain); anything else falls back to
 * the formatter. Fractions below the millisecond are dropped (truncated towards the past).
 */
final class IsoInstants {

    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: what every sink and 4-digit year format can hold. */
    static final long MIN_EPOCH_MILLIS = -62_135_596_800_000L;
    static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

    /** What {@link #parseEpochMillis} returns for a string that is no instant (a sentinel, not a box per record). */
    static final long NOT_AN_INSTANT = Long.MIN_VALUE;

    private IsoInstants() {
    }

    /** Epoch milliseconds of an ISO-8601 instant with offset, or {@link #NOT_AN_INSTANT}. */
    static long parseEpochMillis(String s) {
        try {
            long fast = parseCommonShape(s);
            return fast != NOT_AN_INSTANT ? fast : Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(s)).toEpochMilli();
        } catch (DateTimeException | ArithmeticException notAnInstant) {
            return NOT_AN_INSTANT;
        }
    }

    /** The common shape read by hand; {@link #NOT_AN_INSTANT} means "another shape: ask the formatter". */
    private static long parseCommonShape(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return NOT_AN_INSTANT;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return NOT_AN_INSTANT;
        }
        int i = 19;
        int millis = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return NOT_AN_INSTANT;
            }
            millis = digits(s, start, start + Math.min(count, 3));
            for (int k = count; k < 3; k++) {
                millis *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int offHours = digits(s, i + 1, i + 3);
            int offMinutes = digits(s, i + 4, i + 6);
            if ((offHours | offMinutes) < 0) {
                return NOT_AN_INSTANT;
            }
            int sign = s.charAt(i) == '-' ? -1 : 1;
            offsetSeconds = ZoneOffset.ofHoursMinutes(sign * offHours, sign * offMinutes).getTotalSeconds();
        } else {
            return NOT_AN_INSTANT;
        }
        // LocalDate.of and the range checks of ofHoursMinutes throw for Feb 30, 24:00 and the like.
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        if (hour > 23 || minute > 59 || second > 59) {
            throw new DateTimeException("time of day out of range");
        }
        long epochSecond = epochDay * 86_400L + hour * 3_600L + minute * 60L + second - offsetSeconds;
        return epochSecond * 1_000L + millis;
    }

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC, always with milliseconds: the string form of a
     * Debezium {@code ZonedTimestamp}. Only for the range {@link #MIN_EPOCH_MILLIS} to
     * {@link #MAX_EPOCH_MILLIS}.
     */
    static String formatUtcMillis(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1_000L);
        int millis = (int) Math.floorMod(epochMillis, 1_000L);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
        char[] out = new char[24];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3_600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        out[19] = '.';
        put(out, 20, millis, 3);
        out[23] = 'Z';
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
