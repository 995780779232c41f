package dev.jrun.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SafePaths.clean: its one-scan shortcut must give what the component-wise cleaning gives. */
class SafePathsCleanTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "usr/bin/ls|usr/bin/ls", "./usr/bin/|usr/bin", "/etc/passwd|etc/passwd", "a//b|a/b", "a/./b|a/b",
        "a/b/../c|a/c", "././a|a", "./|''", ".|''", "/|''", "...|...", "a/.b|a/.b", "a/..b/c|a/..b/c",
        ".wh..wh..opq|.wh..wh..opq", "a/b/|a/b", ".//a|a", "a/.|a", "a/..|''"})
    void cleans(String name, String expected) {
        assertEquals(expected, SafePaths.clean(name));
    }

    @Test
    void refusesClimbingAndNul() {
        assertThrows(IllegalArgumentException.class, () -> SafePaths.clean("../x"));
        assertThrows(IllegalArgumentException.class, () -> SafePaths.clean("./a/../../x"));
        assertThrows(IllegalArgumentException.class, () -> SafePaths.clean("a/b\0c"));
        assertThrows(IllegalArgumentException.class, () -> SafePaths.clean("./ab\0"));
    }

    @Test
    void shortcutAgreesWithComponentCleaningOnRandomNames() {
        String[] parts = {"a", "b.c", ".", "..", "", "...", ".x", "..y", "ü", "\0", ".wh.z"};
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder(switch (r.nextInt(4)) {
                case 0 -> "/";
                case 1 -> "./";
                default -> "";
            });
            int n = 1 + r.nextInt(5);
            for (int j = 0; j < n; j++) {
                b.append(j == 0 ? "" : "/").append(parts[r.nextInt(parts.length)]);
            }
            if (r.nextInt(4) == 0) {
                b.append('/');
            }
            String name = b.toString();
            String expected;
            try {
                expected = SafePaths.cleanComponents(name);
            } catch (IllegalArgumentException e) {
                assertThrows(IllegalArgumentException.class, () -> SafePaths.clean(name), name);
                continue;
            }
            assertEquals(expected, SafePaths.clean(name), name);
        }
    }
}
