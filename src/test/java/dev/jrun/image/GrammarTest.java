package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written matchers of {@link Grammar} against the regular expressions of the distribution spec
 * (and docker's name rule) they replace: hand-picked edge cases, then random strings over each grammar's
 * alphabet plus a few foreign characters, biased towards the separators where the rules are subtle.
 */
class GrammarTest {
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
                    + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*");
    private static final Pattern ENCODED = Pattern.compile("[a-zA-Z0-9=_-]+");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    private static void agree(Pattern p, Predicate<String> m, String alphabet, int maxLen, String... cases) {
        for (String c : cases) {
            assertEquals(p.matcher(c).matches(), m.test(c), () -> "\"" + c + "\" against " + p);
        }
        SplittableRandom r = new SplittableRandom(42);
        int matched = 0;
        for (int i = 0; i < 200_000; i++) {
            int len = r.nextInt(maxLen + 1);
            StringBuilder b = new StringBuilder(len);
            for (int j = 0; j < len; j++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String s = b.toString();
            boolean expected = p.matcher(s).matches();
            matched += expected ? 1 : 0;
            assertEquals(expected, m.test(s), () -> "\"" + s + "\" against " + p);
        }
        // the generator must reach both answers often, or the comparison proves little
        assertTrue(matched > 1000 && matched < 199_000, "matched " + matched + " of 200000 for " + p);
    }

    @Test
    void pathAgreesWithTheSpecsExpression() {
        agree(PATH, Grammar::path, "ab09._-/_-A:", 12, "", "a", "a/b", "a//b", "/a", "a/", "a__b", "a___b",
                "a_b", "a.b", "a..b", "a-b", "a---b", "a-", "a._b", "library/busybox", "A", "a/B");
    }

    @Test
    void domainAgreesWithTheSpecsExpression() {
        agree(DOMAIN, Grammar::domain, "aZ9-.:[]f1", 12, "", "localhost", "localhost:5000", "a-b.c", "a-.b",
                "-a", "a.", ".a", "a:", "a:x", "[::1]", "[::1]:5000", "[]", "[::1", "a..b", "127.0.0.1:5000");
    }

    @Test
    void tagAgreesWithTheSpecsExpression() {
        agree(TAG, Grammar::tag, "aZ9_.-:", 10, "", "latest", ".x", "-x", "_x", "x".repeat(128), "x".repeat(129),
                "1.0-rc_1");
        assertTrue(Grammar.tag("x".repeat(128)));
        assertFalse(Grammar.tag("x".repeat(129)));
    }

    @Test
    void digestPartsAgreeWithTheSpecsExpressions() {
        agree(ALGORITHM, Grammar::algorithm, "az09.+_-A", 8, "", "sha256", "sha256+b64u", "a..b", "a.", ".a");
        agree(ENCODED, Grammar::encoded, "aZ09=_-:/+", 6, "", "abc=", "a/b");
        SplittableRandom r = new SplittableRandom(7);
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int len = 62 + r.nextInt(5);
            for (int j = 0; j < len; j++) {
                b.append("0123456789abcdef".charAt(r.nextInt(16)));
            }
            if (r.nextBoolean()) {
                b.setCharAt(r.nextInt(len), "gA-:/".charAt(r.nextInt(5)));
            }
            String s = b.toString();
            boolean expected = HEX64.matcher(s).matches();
            valid += expected ? 1 : 0;
            assertEquals(expected, Grammar.lowerHex(s, 64, 64), s);
        }
        assertTrue(valid > 1000 && valid < 19_000, "valid " + valid);
    }

    @Test
    void containerNamesAgreeWithDockersRule() {
        agree(NAME, Grammar::containerName, "aZ9_.-/ ", 8, "", "a", "ab", "_ab", "a_b", "web-1", "a b");
    }
}
