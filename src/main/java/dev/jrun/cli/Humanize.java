package dev.jrun.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
        String num = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        return num + UNITS[u];
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
        try {
            return java.time.OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
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
