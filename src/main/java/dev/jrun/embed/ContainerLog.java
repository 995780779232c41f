package dev.jrun.embed;

import dev.jrun.JrunException;
import dev.jrun.api.JsonLog;
import dev.jrun.api.Monitor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A container's json-file log, read whole ({@link #read}) or a bit at a time ({@link #readNew}). */
final class ContainerLog {
    private final List<JsonLog.Entry> entries;

    private ContainerLog(List<JsonLog.Entry> entries) {
        this.entries = entries;
    }

    static Path path(dev.jrun.api.Jrun engine, String id) {
        return Monitor.logPath(engine, id);
    }

    /** Everything logged so far; empty once the container is removed. */
    static ContainerLog read(dev.jrun.api.Jrun engine, String id) {
        List<JsonLog.Entry> out = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(path(engine, id).toFile(), "r")) {
            JsonLog.readNew(f, new StringBuilder(), out);
        } catch (java.io.FileNotFoundException e) {
            return new ContainerLog(List.of());
        } catch (IOException e) {
            throw new JrunException("read the log of container " + id + ": " + e.getMessage(), e);
        }
        return new ContainerLog(out);
    }

    /** The log's text, stdout and stderr interleaved as written. */
    String text() {
        StringBuilder sb = new StringBuilder();
        entries.forEach(e -> sb.append(e.log()));
        return sb.toString();
    }

    /** The last n lines, without their newlines. */
    List<String> tail(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = Math.max(0, entries.size() - n); i < entries.size(); i++) {
            lines.add(strip(entries.get(i).log()));
        }
        return lines;
    }

    /** The tail as an error message ends: "; last log lines:\n  ...", or "; the log is empty". */
    static String describeTail(List<String> lines) {
        if (lines.isEmpty()) {
            return "; the container's log is empty";
        }
        StringBuilder sb = new StringBuilder("; last " + lines.size() + " log line" + (lines.size() == 1 ? "" : "s") + ":");
        lines.forEach(l -> sb.append("\n  ").append(l));
        return sb.toString();
    }

    static String strip(String line) {
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }
}
