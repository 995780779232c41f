package dev.jrun.registry;

import dev.jrun.image.Descriptor;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Docker-style per-layer progress. On a terminal: one line per layer, redrawn in place with bytes,
 * total and rate. Otherwise: one plain line per state change ("Pulling fs layer", "Pull complete").
 */
public final class Progress implements ProgressListener {
    /** Which words to use. */
    public enum Kind { PULL, PUSH }

    private final PrintStream out;
    private final boolean tty;
    private final Kind kind;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, Long> starts = new LinkedHashMap<>();
    private volatile dev.jrun.image.Digest resolved;
    private int drawn;
    private long lastDraw;

    public Progress(PrintStream out, boolean tty, Kind kind) {
        this.out = out;
        this.tty = tty;
        this.kind = kind;
    }

    /** A listener that prints nothing (quiet) but still records the resolved digest. */
    public static Progress quiet() {
        return new Progress(null, false, Kind.PULL);
    }

    /** The digest the reference resolved to (an index's digest when the tag names an index). */
    public dev.jrun.image.Digest resolvedDigest() {
        return resolved;
    }

    @Override
    public void resolved(dev.jrun.image.ImageReference ref, dev.jrun.image.Digest manifestDigest) {
        resolved = manifestDigest;
    }

    private static String id(Descriptor d) {
        return d.digest().shortHex();
    }

    @Override
    public synchronized void exists(Descriptor layer) {
        set(layer, kind == Kind.PULL ? "Already exists" : "Layer already exists", true);
    }

    @Override
    public synchronized void started(Descriptor layer) {
        starts.put(id(layer), System.nanoTime());
        set(layer, kind == Kind.PULL ? "Pulling fs layer" : "Preparing", true);
    }

    @Override
    public synchronized void progress(Descriptor layer, long done, long total) {
        if (!tty || out == null) {
            return;
        }
        long now = System.nanoTime();
        Long start = starts.get(id(layer));
        double secs = start == null ? 0 : (now - start) / 1e9;
        String rate = secs > 0.05 ? "  " + human((long) (done / secs)) + "/s" : "";
        String verb = kind == Kind.PULL ? "Downloading" : "Pushing";
        lines.put(id(layer), id(layer) + ": " + verb + "  " + human(done) + "/" + human(total) + rate);
        if (now - lastDraw > 100_000_000L) {
            redraw();
        }
    }

    @Override
    public synchronized void finished(Descriptor layer) {
        set(layer, kind == Kind.PULL ? "Pull complete" : "Pushed", true);
    }

    @Override
    public synchronized void mounted(Descriptor layer, String from) {
        set(layer, "Mounted from " + from, true);
    }

    private void set(Descriptor layer, String status, boolean force) {
        String line = id(layer) + ": " + status;
        if (out == null) {
            return;
        }
        if (!tty) {
            out.println(line);
            return;
        }
        lines.put(id(layer), line);
        if (force) {
            redraw();
        }
    }

    private void redraw() {
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
            sb.append("\033[").append(drawn).append('A');
        }
        for (String l : lines.values()) {
            sb.append("\r\033[2K").append(l).append('\n');
        }
        drawn = lines.size();
        lastDraw = System.nanoTime();
        out.print(sb);
        out.flush();
    }

    static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + "B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f%s", v, units[u]);
    }
}
