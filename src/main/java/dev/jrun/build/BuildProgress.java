package dev.jrun.build;

import java.io.PrintStream;

/**
 * Build output. {@code classic} prints docker's {@code Step N/M : INSTRUCTION} and
 * {@code ---> Using cache}; {@code plain} prints buildkit's {@code #N [stage i/n] ...},
 * {@code #N CACHED}, and on a miss the reason; {@code quiet} prints nothing.
 */
public final class BuildProgress {
    /** Output styles. */
    public enum Mode { CLASSIC, PLAIN, QUIET }

    private final PrintStream out;
    private final Mode mode;
    private int number;
    private long started;

    public BuildProgress(PrintStream out, Mode mode) {
        this.out = out;
        this.mode = mode;
    }

    public static BuildProgress quiet() {
        return new BuildProgress(System.out, Mode.QUIET);
    }

    void step(String stage, int index, int count, int globalIndex, int globalCount, String text) {
        number++;
        started = System.nanoTime();
        switch (mode) {
            case CLASSIC -> out.println("Step " + globalIndex + "/" + globalCount + " : " + text);
            case PLAIN -> out.println("#" + number + " [" + (stage.isEmpty() ? "" : stage + " ") + index + "/" + count
                    + "] " + text);
            default -> { }
        }
    }

    void cached(String id) {
        switch (mode) {
            case CLASSIC -> out.println(" ---> Using cache\n ---> " + id);
            case PLAIN -> out.println("#" + number + " CACHED");
            default -> { }
        }
    }

    void miss(String reason) {
        if (mode == Mode.PLAIN && reason != null) {
            out.println("#" + number + " cache miss: " + reason);
        }
    }

    void done(String id) {
        double secs = (System.nanoTime() - started) / 1e9;
        switch (mode) {
            case CLASSIC -> out.println(" ---> " + id);
            case PLAIN -> out.println("#" + number + " DONE " + String.format(java.util.Locale.ROOT, "%.1fs", secs));
            default -> { }
        }
    }

    /** A line of RUN output. */
    public void output(String line) {
        if (mode == Mode.CLASSIC) {
            out.println(line);
        } else if (mode == Mode.PLAIN) {
            out.println("#" + number + " " + line);
        }
    }

    void info(String line) {
        if (mode != Mode.QUIET) {
            out.println(line);
        }
    }

    void warn(String line) {
        if (mode != Mode.QUIET) {
            out.println("[Warning] " + line);
        }
    }
}
