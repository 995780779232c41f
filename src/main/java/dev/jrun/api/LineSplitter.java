package dev.jrun.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Splits a byte stream fed in chunks at '\n' (keeping it, as docker's json-file log does) into lines. */
final class LineSplitter {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(0);
    private final Consumer<String> lines;

    LineSplitter(Consumer<String> lines) {
        this.lines = lines;
    }

    /** Passes on each whole line in the first n bytes of buf, keeps the rest for the next chunk. */
    void feed(byte[] buf, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                line.write(buf, start, i + 1 - start);
                lines.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
                start = i + 1;
            }
        }
        line.write(buf, start, n - start);
    }

    /** At end of stream: passes on a last line without '\n', if any. */
    void flush() {
        if (line.size() > 0) {
            lines.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
