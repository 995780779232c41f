package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The base image's creation time, parsed by hand for made-up entries, agrees with java.time. */
class MadeUpTimeTest {
    @ParameterizedTest
    @ValueSource(strings = {"2024-01-01T00:00:00Z", "2026-11-26T21:59:17.123456789Z", "1999-12-31T23:59:59+05:30",
        "2000-02-29T12:00:00.5-08:00", "1970-01-01T00:00:00Z"})
    void agreesWithJavaTime(String t) {
        assertEquals(OffsetDateTime.parse(t).toEpochSecond(), BuildSession.epochSeconds(t));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2024-01-01", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00",
        "2024-01-01T00:00:00+0100", "2024-01-01T0a:00:00Z"})
    void anythingElseIsZero(String t) {
        assertEquals(0, BuildSession.epochSeconds(t));
    }
}
