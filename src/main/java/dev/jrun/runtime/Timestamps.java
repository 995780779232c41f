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

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
