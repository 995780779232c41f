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

    /** The word lists: single spaces, the counts they say, every word reachable and a plain lower-case word. */
    @Test
    void theWordListsAreWhatTheirCountsSay() {
        for (String[] list : new String[][] {{NameGenerator.LEFT, "" + NameGenerator.LEFT_COUNT},
                {NameGenerator.RIGHT, "" + NameGenerator.RIGHT_COUNT}}) {
            String[] words = list[0].split(" ", -1);
            assertEquals(Integer.parseInt(list[1]), words.length);
            assertEquals(words.length, new HashSet<>(java.util.List.of(words)).size(), "a word twice");
            for (int i = 0; i < words.length; i++) {
                assertTrue(words[i].matches("[a-z]+"), "word " + i + ": '" + words[i] + "'");
                assertEquals(words[i], NameGenerator.word(list[0], i));
            }
        }
    }
}
