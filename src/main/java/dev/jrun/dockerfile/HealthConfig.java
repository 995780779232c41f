package dev.jrun.dockerfile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A HEALTHCHECK as the image config stores it. {@code test} is {@code ["NONE"]},
 * {@code ["CMD", args...]} (exec form) or {@code ["CMD-SHELL", "command"]}; zero durations mean
 * "use the default".
 */
public record HealthConfig(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
        Duration startInterval, int retries) {

    public HealthConfig {
        test = List.copyOf(test);
    }

    /** {@code HEALTHCHECK NONE}: disables a check inherited from the base image. */
    public boolean isNone() {
        return test.size() == 1 && test.get(0).equals("NONE");
    }

    private static final Map<String, Long> UNIT_NANOS = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L,
            "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    /**
     * Go's {@code time.ParseDuration} ({@code 1m30s}, {@code 1.5h}, {@code 300ms}, {@code 0}).
     *
     * @throws IllegalArgumentException naming the bad text
     */
    public static Duration parseGoDuration(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration " + GoText.quote(text));
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) && s.charAt(i) < 0x80 || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw new IllegalArgumentException("time: invalid duration " + GoText.quote(text));
            }
            int unitStart = i;
            while (i < s.length() && !(Character.isDigit(s.charAt(i)) && s.charAt(i) < 0x80) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration " + GoText.quote(text));
            }
            Long scale = UNIT_NANOS.get(unit);
            if (scale == null) {
                throw new IllegalArgumentException(
                        "time: unknown unit " + GoText.quote(unit) + " in duration " + GoText.quote(text));
            }
            nanos = nanos.add(new BigDecimal(number.startsWith(".") ? "0" + number : number)
                    .multiply(BigDecimal.valueOf(scale)));
        }
        long n = nanos.longValue();
        return Duration.ofNanos(negative ? -n : n);
    }
}
