package dev.jrun.build;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams the lines a RUN writes to its stdout and stderr files while it runs (polled every 50 ms),
 * and the rest when closed, so a long RUN shows progress as docker's does.
 */
public final class OutputTail implements AutoCloseable {
    private final List<Path> files;
    private final Consumer<String> sink;
    private final long[] offsets;
    private final StringBuilder[] partial;
    private final Thread thread;
    private volatile boolean stop;

    public OutputTail(List<Path> files, Consumer<String> sink) {
        this.files = List.copyOf(files);
        this.sink = sink;
        this.offsets = new long[files.size()];
        this.partial = new StringBuilder[files.size()];
        for (int i = 0; i < partial.length; i++) {
            partial[i] = new StringBuilder();
        }
        this.thread = new Thread(this::loop, "jrun-run-output");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stop) {
            drain(false);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void drain(boolean last) {
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            if (!Files.exists(f)) {
                continue;
            }
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
                long len = raf.length();
                if (len > offsets[i]) {
                    byte[] buf = new byte[(int) Math.min(len - offsets[i], 1 << 20)];
                    raf.seek(offsets[i]);
                    raf.readFully(buf);
                    offsets[i] += buf.length;
                    partial[i].append(new String(buf, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                continue; // the next poll retries
            }
            List<String> lines = new ArrayList<>();
            int nl;
            while ((nl = partial[i].indexOf("\n")) >= 0) {
                lines.add(partial[i].substring(0, nl));
                partial[i].delete(0, nl + 1);
            }
            if (last && partial[i].length() > 0) {
                lines.add(partial[i].toString());
                partial[i].setLength(0);
            }
            lines.forEach(sink);
        }
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain(true);
    }
}
