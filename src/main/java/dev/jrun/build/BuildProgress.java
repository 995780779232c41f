package dev.jrun.build;

import java.io.PrintStream;

/**
 * Build output. {@code classic} prints docker's {@code Step N/M : INSTRUCTION} and
 * {@code ---> Using cache}; {@code plain} prints buildkit's {@code #N [stage i/n] ...},
 * {@code #N CACHED}, and on a miss the reason; {@code tty} shows buildkit's {@code => [i/n] ...} lines
 * with the running step's elapsed time ticking in place ({@link LiveLine}) and RUN's output
 * scrolling above it; {@code quiet} prints nothing.
 */
public final class BuildProgress implements AutoCloseable {
    /** Output styles. */
    public enum Mode { CLASSIC, PLAIN, TTY, QUIET }

    private final PrintStream out;
    private final Mode mode;
    private final LiveLine live;
    private int number;
    private long started;
    private String current;

    public BuildProgress(PrintStream out, Mode mode) {
        this.out = out;
        this.mode = mode;
        this.live = mode == Mode.TTY ? new LiveLine(out) : null;
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
            case TTY -> {
                current = "[" + (stage.isEmpty() ? "" : stage + " ") + index + "/" + count + "] " + text;
                live.show("=> " + current, started);
            }
            default -> { }
        }
    }

    void cached(String id) {
        switch (mode) {
            case CLASSIC -> out.println(" ---> Using cache\n ---> " + id);
            case PLAIN -> out.println("#" + number + " CACHED");
            case TTY -> live.end("=> CACHED " + current, null);
            default -> { }
        }
    }

    void miss(String reason) {
        if (mode == Mode.PLAIN && reason != null) {
            out.println("#" + number + " cache miss: " + reason);
        } else if (mode == Mode.TTY && reason != null) {
            live.above("   cache miss: " + reason);
        }
    }

    void done(String id) {
        double secs = (System.nanoTime() - started) / 1e9;
        switch (mode) {
            case CLASSIC -> out.println(" ---> " + id);
            case PLAIN -> out.println("#" + number + " DONE " + String.format(java.util.Locale.ROOT, "%.1fs", secs));
            case TTY -> live.end("=> " + current, started);
            default -> { }
        }
    }

    /** A line of RUN output. */
    public void output(String line) {
        if (mode == Mode.CLASSIC) {
            out.println(line);
        } else if (mode == Mode.PLAIN) {
            out.println("#" + number + " " + line);
        } else if (mode == Mode.TTY) {
            live.above("   " + line);
        }
    }

    void info(String line) {
        if (mode == Mode.TTY) {
            live.above(line);
        } else if (mode != Mode.QUIET) {
            out.println(line);
        }
    }

    void warn(String line) {
        if (mode == Mode.TTY) {
            live.above("[Warning] " + line);
        } else if (mode != Mode.QUIET) {
            out.println("[Warning] " + line);
        }
    }

    /** Ends the live line, if any (a failed step leaves it with its time so far). */
    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
    }
}
