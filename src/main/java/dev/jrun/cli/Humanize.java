package dev.jrun.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Sizes and times printed the way docker prints them. */
final class Humanize {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Humanize() {
    }

    /** Decimal units with 3 significant digits, as docker's units.HumanSize: 4.26MB, 843kB, 1.2GB. */
    static String size(long bytes) {
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < UNITS.length - 1) {
            v /= 1000;
            u++;
        }
        return threeDigits(v) + UNITS[u];
    }

    /**
     * v (>= 0) with 3 significant digits and no trailing zeros, as Go's %.3g prints it: rounded
     * half to even on the double's exact value. Done by hand because BigDecimal's class initialization
     * was 13% of a cold `jrun images`; BigDecimal is used only when the scaled value is within a hair of
     * a tie, where the double arithmetic here cannot tell which way the exact value rounds.
     */
    static String threeDigits(double v) {
        if (v >= 1000) { // past the last unit (exabytes): rare enough for BigDecimal
            return new java.math.BigDecimal(v).round(new java.math.MathContext(3, java.math.RoundingMode.HALF_EVEN))
                    .stripTrailingZeros().toPlainString();
        }
        int decimals = v < 10 ? 2 : v < 100 ? 1 : 0;
        double scaled = v * (decimals == 2 ? 100 : decimals == 1 ? 10 : 1);
        double fraction = scaled - Math.floor(scaled);
        long digits;
        if (Math.abs(fraction - 0.5) < 1e-6) {
            digits = new java.math.BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).unscaledValue()
                    .longValueExact();
        } else {
            digits = (long) Math.floor(scaled + 0.5);
        }
        StringBuilder b = new StringBuilder(Long.toString(digits));
        if (decimals > 0) {
            while (b.length() <= decimals) {
                b.insert(0, '0');
            }
            b.insert(b.length() - decimals, '.');
            int end = b.length();
            while (b.charAt(end - 1) == '0') {
                end--;
            }
            if (b.charAt(end - 1) == '.') {
                end--;
            }
            b.setLength(end);
        }
        return b.toString();
    }

    /** "3 seconds", "About a minute", "2 hours"... as docker's units.HumanDuration. */
    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 1) {
            return "Less than a second";
        } else if (s == 1) {
            return "1 second";
        } else if (s < 60) {
            return s + " seconds";
        }
        long m = s / 60;
        if (m == 1) {
            return "About a minute";
        } else if (m < 60) {
            return m + " minutes";
        }
        long h = Math.round(m / 60.0);
        if (h == 1) {
            return "About an hour";
        } else if (h < 48) {
            return h + " hours";
        } else if (h < 24 * 7 * 2) {
            return h / 24 + " days";
        } else if (h < 24 * 30 * 2) {
            return h / 24 / 7 + " weeks";
        } else if (h < 24 * 365 * 2) {
            return h / 24 / 30 + " months";
        }
        return h / 24 / 365 + " years";
    }

    /** "2 minutes ago" for an RFC 3339 time, or "N/A" when absent. */
    static String ago(String rfc3339) {
        Instant t = parse(rfc3339);
        return t == null ? "N/A" : duration(Duration.between(t, Instant.now())) + " ago";
    }

    static Instant parse(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return null;
        }
        return dev.jrun.runtime.Timestamps.parse(rfc3339);
    }

    static String truncate(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
