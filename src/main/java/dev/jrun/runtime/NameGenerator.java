package dev.jrun.runtime;

import java.util.Set;

/** Names like docker's: adjective_surname of a scientist or engineer, unique among existing names. */
final class NameGenerator {
    /**
     * The adjectives, separated by single spaces: one string constant, where an array of ~330 literals cost
     * every run's interpreted class initialization ~0.5 ms resolving them one by one.
     */
    static final String LEFT = "admiring adoring affectionate agitated amazing angry awesome beautiful blissful bold boring brave "
        + "busy charming clever compassionate competent condescending confident cool cranky crazy dazzling "
        + "determined distracted dreamy eager ecstatic elastic elated elegant eloquent epic exciting fervent "
        + "festive flamboyant focused friendly frosty funny gallant gifted goofy gracious great happy "
        + "hardcore heuristic hopeful hungry infallible inspiring intelligent interesting jolly jovial keen "
        + "kind laughing loving lucid magical modest musing mystifying naughty nervous nice nifty nostalgic "
        + "objective optimistic peaceful pedantic pensive practical priceless quirky quizzical recursing "
        + "relaxed reverent romantic sad serene sharp silly sleepy stoic strange stupefied suspicious sweet "
        + "tender thirsty trusting unruffled upbeat vibrant vigilant vigorous wizardly wonderful xenodochial "
        + "youthful zealous zen";
    static final int LEFT_COUNT = 108;
        /** The surnames, as LEFT. */
    static final String RIGHT = "albattani allen almeida archimedes ardinghelli babbage banach bardeen bartik bell benz bhabha "
        + "black blackwell bohr booth borg bose brattain brown carson cerf chandrasekhar clarke curie darwin "
        + "davinci diffie dijkstra dirac driscoll easley einstein elion engelbart euclid euler faraday fermat "
        + "fermi feynman franklin galileo gates goldberg goldstine golick goodall hamilton hawking heisenberg "
        + "hermann hodgkin hoover hopper hugle hypatia jackson jang jennings jepsen johnson joliot jones "
        + "kalam kapitsa keldysh keller kepler khorana kilby kirch knuth kowalevski lalande lamarr lamport "
        + "leakey leavitt lederberg lehmann lewin lichterman liskov lovelace lumiere mahavira margulis "
        + "matsumoto maxwell mayer mccarthy mcclintock meitner mendel merkle minsky mirzakhani montalcini "
        + "moore morse murdock napier nash neumann newton nightingale nobel noether northcutt noyce panini "
        + "pare pascal pasteur payne perlman pike poincare poitras ptolemy raman ramanujan ride ritchie "
        + "robinson roentgen rosalind rubin saha sammet shannon shaw shirley shockley sinoussi snyder spence "
        + "stallman stonebraker swanson swartz swirles tesla thompson torvalds turing varahamihira "
        + "visvesvaraya volhard wescoff wiles williams wilson wing wozniak wright yalow yonath";
    static final int RIGHT_COUNT = 159;
    /**
     * splitmix64's state. Names need no secrecy (ids do) nor a good generator (a taken name is retried):
     * SecureRandom's first use costs ~10 ms of start-up, and SplittableRandom's class initialization
     * (java.util.random's support classes) ~0.5 ms of every interpreted run.
     */
    private static long state = System.nanoTime() ^ System.currentTimeMillis() * 0x9E3779B97F4A7C15L;

    private NameGenerator() {
    }

    /** A number in [0, bound) from splitmix64 (the bias of the modulo is immaterial for ~100-name lists). */
    static synchronized int below(int bound) {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) Long.remainderUnsigned(z, bound);
    }

    /** The n-th (from 0) space-separated word of words. */
    static String word(String words, int n) {
        int from = 0;
        for (int i = 0; i < n; i++) {
            from = words.indexOf(' ', from) + 1;
        }
        int end = words.indexOf(' ', from);
        return words.substring(from, end < 0 ? words.length() : end);
    }

    static String generate(Set<String> taken) {
        for (int attempt = 0; ; attempt++) {
            String name = word(LEFT, below(LEFT_COUNT)) + "_" + word(RIGHT, below(RIGHT_COUNT));
            if (attempt > 10) {
                name += below(10);
            }
            if (!taken.contains(name)) {
                return name;
            }
        }
    }
}
