package dev.jrun.runtime;

import dev.jrun.JrunException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses docker's size and CPU notations: {@code 32m}, {@code 1g}, {@code 512k}, {@code 1.5} CPUs. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([bkmgtp]?)(?:i?b)?");
    /** cgroup CFS period docker uses. */
    public static final long CPU_PERIOD_US = 100_000;

    private Sizes() {
    }

    /** Bytes in a docker memory value (binary units, case-insensitive); the error names the value. */
    public static long memoryBytes(String option, String value) {
        Matcher m = value == null ? null : SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new JrunException("invalid " + option + " value \"" + value
                    + "\": want a number with an optional unit b, k, m, g (e.g. 32m)");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new JrunException("invalid " + option + " value \"" + value + "\": too large");
        }
        return bytes.longValue();
    }

    /** CFS quota in microseconds per {@link #CPU_PERIOD_US} for a --cpus value such as "1.5". */
    public static long cpuQuota(String value) {
        BigDecimal cpus;
        try {
            cpus = new BigDecimal(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new JrunException("invalid --cpus value \"" + value + "\": want a number such as 1.5");
        }
        if (cpus.signum() <= 0) {
            throw new JrunException("invalid --cpus value \"" + value + "\": must be greater than 0");
        }
        long quota = cpus.multiply(BigDecimal.valueOf(CPU_PERIOD_US)).longValue();
        if (quota < 1000) {
            throw new JrunException("invalid --cpus value \"" + value + "\": the minimum is 0.01");
        }
        return quota;
    }
}
