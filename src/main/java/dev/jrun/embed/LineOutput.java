package dev.jrun.embed;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A PrintStream that hands each line written to it (without the newline) to a consumer. */
final class LineOutput extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Consumer<String> sink;

    private LineOutput(Consumer<String> sink) {
        this.sink = sink;
    }

    static PrintStream to(Consumer<String> sink) {
        return new PrintStream(new LineOutput(sink), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            sink.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            write('\n');
        }
    }
}
