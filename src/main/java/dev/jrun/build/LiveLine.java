package dev.jrun.build;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The last line of a terminal, rewritten in place: the running step with its elapsed time, redrawn
 * every 100 ms by a daemon thread; lines printed {@link #above} it scroll up. Cut to the terminal's
 * width ($COLUMNS, else 80) so that a carriage return always reaches its start.
 */
final class LiveLine {
    private static final String CLEAR = "\r\033[K";
    private final PrintStream out;
    private final int width;
    private String text;
    private long since;
    private Thread ticker;

    LiveLine(PrintStream out) {
        this(out, columns());
    }

    LiveLine(PrintStream out, int width) {
        this.out = out;
        this.width = Math.max(20, width);
    }

    private static int columns() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** Starts showing text with a timer from since (System.nanoTime). */
    synchronized void show(String text, long since) {
        this.text = text;
        this.since = since;
        draw();
        if (ticker == null) {
            ticker = new Thread(this::tick, "jrun-build-progress");
            ticker.setDaemon(true);
            ticker.start();
        }
    }

    /** Prints a line above the live one. */
    synchronized void above(String line) {
        if (text == null) {
            out.println(line);
            return;
        }
        out.print(CLEAR);
        out.println(line);
        draw();
    }

    /** Replaces the live line with its final form (with the elapsed time when since is not null). */
    synchronized void end(String finalText, Long since) {
        out.print(CLEAR);
        out.println(since == null ? fit(finalText, "") : fit(finalText, seconds(since)));
        text = null;
        out.flush();
    }

    synchronized void close() {
        if (text != null) {
            end(text, since);
        }
        if (ticker != null) {
            ticker.interrupt();
            ticker = null;
        }
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (text != null) {
                    draw();
                }
            }
        }
    }

    private void draw() {
        out.print(CLEAR + fit(text, seconds(since)));
        out.flush();
    }

    private static String seconds(long since) {
        return String.format(Locale.ROOT, "%.1fs", (System.nanoTime() - since) / 1e9);
    }

    /** text, cut with an ellipsis so that text + " " + suffix fits the width. */
    String fit(String text, String suffix) {
        int room = width - 1 - (suffix.isEmpty() ? 0 : suffix.length() + 1);
        String t = text.replace('\n', ' ');
        if (t.length() > room) {
            t = t.substring(0, Math.max(0, room - 3)) + "...";
        }
        return suffix.isEmpty() ? t : t + " " + suffix;
    }
}
