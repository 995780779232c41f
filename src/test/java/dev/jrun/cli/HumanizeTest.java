package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sizes as docker prints them (Go's %.3g: three significant digits, ties to even). */
class HumanizeTest {
    /** The same rounding through BigDecimal, which is exact. */
    private static String reference(long bytes) {
        double v = bytes;
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        BigDecimal r = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        return r.toPlainString() + units[u];
    }

    @Test
    void knownSizes() {
        assertEquals("0B", Humanize.size(0));
        assertEquals("999B", Humanize.size(999));
        assertEquals("1kB", Humanize.size(1000));
        assertEquals("2.14MB", Humanize.size(2_138_112));
        assertEquals("843kB", Humanize.size(843_000));
        assertEquals("1.2GB", Humanize.size(1_200_000_000L));
        assertEquals("2.12kB", Humanize.size(2125), "an exact tie goes to the even digit, as Go's %g");
        assertEquals("2.13kB", Humanize.size(2135), "2.135 is 2.13499999... as a double");
        assertEquals("10kB", Humanize.size(9996));
        assertEquals("100kB", Humanize.size(99_960));
    }

    @Test
    void sameAsExactRoundingOnRandomSizes() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long bytes = switch (r.nextInt(3)) {
                case 0 -> r.nextLong(0, 1_000_000);
                case 1 -> r.nextLong(0, 10_000_000_000L);
                default -> r.nextLong(0, Long.MAX_VALUE);
            };
            String want = reference(bytes);
            if (want.startsWith("1000")) {
                continue; // 999.5 and up: %.3g says 1e+03, we keep "1000"
            }
            assertEquals(want, Humanize.size(bytes), "bytes " + bytes);
        }
    }
}
