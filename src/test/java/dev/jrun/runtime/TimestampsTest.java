package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Timestamps writes what Instant.toString writes. */
class TimestampsTest {
    @Test
    void sameTextAsInstantToString() {
        long[][] cases = {{0, 0}, {0, 1}, {0, 1_000}, {0, 1_000_000}, {0, 123_000_000}, {0, 123_400_000},
                {0, 999_999_999}, {-1, 0}, {253402300799L, 999_999_999}, {253402300800L, 0}, {-62167219200L, 0},
                {-62167219201L, 0}, {1_700_000_000L, 500_000_000}};
        for (long[] c : cases) {
            Instant t = Instant.ofEpochSecond(c[0], c[1]);
            assertEquals(t.toString(), Timestamps.format(t), () -> "epoch second " + c[0] + ", nano " + c[1]);
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            long s = r.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nano = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(s, nano);
            assertEquals(t.toString(), Timestamps.format(t));
        }
        // every calendar day from 1582 to 2500, one second before midnight: month ends, leap days, centuries
        for (long day = -141_427; day < 193_000; day++) {
            Instant t = Instant.ofEpochSecond(day * 86_400 + 86_399);
            assertEquals(t.toString(), Timestamps.format(t));
        }
        String now = Timestamps.nowMillis();
        assertEquals(Instant.parse(now).toString(), now, "nowMillis is Instant text");
    }
}
