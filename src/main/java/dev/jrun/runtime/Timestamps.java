package dev.jrun.runtime;

import java.time.Instant;

/**
 * Instants as ISO-8601 text, exactly as {@link Instant#toString} writes them, without
 * DateTimeFormatter: its first use initializes the java.time formatting machinery and its lambdas,
 * ~5 ms of every container start, which records three timestamps. The calendar date is computed by
 * hand too (LocalDateTime and ZoneOffset cost ~2 ms of class initialization in a cold JVM).
 */
public final class Timestamps {
    private Timestamps() {
    }

    /** Now, to the millisecond (as docker records Created). */
    public static String nowMillis() {
        long ms = System.currentTimeMillis();
        return format(Math.floorDiv(ms, 1000), (int) Math.floorMod(ms, 1000) * 1_000_000);
    }

    public static String format(Instant t) {
        return format(t.getEpochSecond(), t.getNano());
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.fff[fff[fff]]]Z}: the fraction in groups of three digits, as many as it
     * needs. Years outside 0000-9999 go to Instant.toString (its sign and width rules).
     */
    static String format(long epochSecond, int nano) {
        long days = Math.floorDiv(epochSecond, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        // Civil date from days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
        // days_from_civil inverse): eras of 400 years (146097 days) starting on March 1st, so that the
        // leap day is the last day of a year.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return Instant.ofEpochSecond(epochSecond, nano).toString();
        }
        StringBuilder b = new StringBuilder(30);
        pad(b, (int) year, 4).append('-');
        pad(b, month, 2).append('-');
        pad(b, day, 2).append('T');
        pad(b, secondOfDay / 3600, 2).append(':');
        pad(b, secondOfDay / 60 % 60, 2).append(':');
        pad(b, secondOfDay % 60, 2);
        if (nano > 0) {
            b.append('.');
            if (nano % 1_000_000 == 0) {
                pad(b, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                pad(b, nano / 1000, 6);
            } else {
                pad(b, nano, 9);
            }
        }
        return b.append('Z').toString();
    }

    /**
     * An RFC 3339 time as {@code OffsetDateTime.parse(t).toInstant()} reads it, or null where that throws.
     * The form jrun and docker write (yyyy-MM-ddTHH:mm:ss[.fraction](Z|+hh:mm)) is read by hand:
     * OffsetDateTime's parser costs a cold `ps` or `images` ~13% of its CPU. Anything else goes to it.
     */
    public static Instant parse(String t) {
        Instant fast = parseCommon(t);
        if (fast != null) {
            return fast;
        }
        try {
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The common form only, every field in range; null for anything else (parse then asks java.time). */
    static Instant parseCommon(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (i < n && t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                i++;
            }
            int len = i - start;
            if (len < 1 || len > 9) {
                return null;
            }
            nano = digits(t, start, len);
            for (int k = len; k < 9; k++) {
                nano *= 10;
            }
        }
        int offset;
        if (i == n - 1 && t.charAt(i) == 'Z') {
            offset = 0;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int oh = digits(t, i + 1, 2);
            int om = digits(t, i + 4, 2);
            if (oh < 0 || oh > 17 || om < 0 || om > 59) {
                return null;
            }
            offset = (oh * 3600 + om * 60) * (t.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochSecond = daysFromCivil(year, month, day) * 86_400 + hour * 3600L + minute * 60L + second - offset;
        return Instant.ofEpochSecond(epochSecond, nano);
    }

    /** The decimal number in t[from, from+len), or -1 if any of those is not a digit. */
    private static int digits(String t, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int monthLength(int year, int month) {
        if (month == 2) {
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long daysFromCivil(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
