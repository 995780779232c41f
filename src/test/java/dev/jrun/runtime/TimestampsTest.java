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
    @Test
    void parseReadsWhatOffsetDateTimeReads() {
        java.util.List<String> cases = new java.util.ArrayList<>(java.util.List.of("2024-01-01T00:00:00Z",
                "2024-02-29T23:59:59.123456789Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
                "2024-01-01T24:00:00Z", "2024-01-01T00:00:60Z", "2024-01-01T00:00:00+02:00",
                "2024-01-01T00:00:00-05:30", "2024-01-01T00:00:00+18:00", "2024-01-01T00:00:00+19:00",
                "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z", "2024-01-01T00:00Z",
                "2024-01-01t00:00:00z", "2024-01-01T00:00:00", "2024-01-01 00:00:00Z", "+12024-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "", "x", "2024-01-01T00:00:00+0200"));
        SplittableRandom r = new SplittableRandom(11);
        String[] offsets = {"Z", "+00:00", "+01:00", "-08:00", "+05:45", "-00:30", "+14:00"};
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_000_000_000L, 250_000_000_000L), r.nextInt(1_000_000_000));
            String s = java.time.OffsetDateTime.ofInstant(t, java.time.ZoneOffset.of(
                    offsets[r.nextInt(offsets.length)].equals("Z") ? "Z" : offsets[r.nextInt(offsets.length)])).toString();
            cases.add(s);
            // and a copy with one character changed, which is mostly not a time any more
            char[] c = s.toCharArray();
            c[r.nextInt(c.length)] = "0123456789:-+.TZ x".charAt(r.nextInt(18));
            cases.add(new String(c));
        }
        for (String s : cases) {
            Instant want;
            try {
                want = java.time.OffsetDateTime.parse(s).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                want = null;
            }
            assertEquals(want, Timestamps.parse(s), s);
        }
    }
}
