package dev.jrun.runtime;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants as ISO-8601 text, exactly as {@link Instant#toString} writes them, without
 * DateTimeFormatter: its first use initializes the java.time formatting machinery and its lambdas,
 * ~5 ms of every container start, which records three timestamps.
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
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return Instant.ofEpochSecond(epochSecond, nano).toString();
        }
        StringBuilder b = new StringBuilder(30);
        pad(b, year, 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2);
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
