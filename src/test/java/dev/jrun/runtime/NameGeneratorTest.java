package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NameGeneratorTest {
    @Test
    void namesAreAdjectiveUnderscoreSurnameAndSpreadOut() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String n = NameGenerator.generate(Set.of());
            assertTrue(n.matches("[a-z]+_[a-z]+"), n);
            seen.add(n);
        }
        assertTrue(seen.size() > 150, "200 draws gave only " + seen.size() + " names");
    }

    @Test
    void belowCoversItsRangeAndStaysInIt() {
        int[] hits = new int[10];
        for (int i = 0; i < 2000; i++) {
            hits[NameGenerator.below(10)]++;
        }
        for (int h : hits) {
            assertTrue(h > 100, java.util.Arrays.toString(hits));
        }
    }

    @Test
    void aTakenNameIsNeverGiven() {
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String n = NameGenerator.generate(taken);
            assertFalse(taken.contains(n), n);
            taken.add(n);
        }
        assertEquals(300, taken.size());
    }
}
