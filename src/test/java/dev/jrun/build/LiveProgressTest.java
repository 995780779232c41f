package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tty progress: the running step redrawn in place with its time, output above it, final lines kept. */
class LiveProgressTest {
    @Test
    void runningStepTicksAndOutputScrollsAboveIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (BuildProgress p = new BuildProgress(out, BuildProgress.Mode.TTY)) {
            p.step("", 1, 2, 1, 2, "FROM busybox");
            p.cached("abc");
            p.step("", 2, 2, 2, 2, "RUN sleep 1");
            Thread.sleep(350);
            p.output("hello");
            p.done("def");
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("\r\033[K=> CACHED [1/2] FROM busybox\n"), s);
        long redraws = s.split("=> \\[2/2\\] RUN sleep 1 ", -1).length - 1;
        assertTrue(redraws >= 3, "redrawn while running: " + s);
        assertTrue(s.contains("\r\033[K   hello\n\r\033[K=> [2/2] RUN sleep 1 0."), "output above, step redrawn: " + s);
        String last = s.substring(s.lastIndexOf("\r\033[K") + 4);
        assertTrue(last.matches("=> \\[2/2\\] RUN sleep 1 0\\.\\ds\n"), "the step's final line: " + last);
    }

    @Test
    void longLinesAreCutToTheWidth() {
        LiveLine l = new LiveLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 80);
        String fitted = l.fit("=> [1/1] RUN " + "x".repeat(200), "1.0s");
        assertTrue(fitted.length() <= 79, fitted);
        assertTrue(fitted.endsWith("... 1.0s"), fitted);
        assertEquals("short 1.0s", l.fit("short", "1.0s"));
    }
}
