package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** ProcessSignals.startMillis reads /proc itself; it must give exactly what ProcessHandle gives. */
class ProcessStartTest {
    @Test
    void startMillisIsProcessHandlesStartInstant() throws IOException, InterruptedException {
        ProcessHandle me = ProcessHandle.current();
        assertEquals(me.info().startInstant().orElseThrow().toEpochMilli(), ProcessSignals.startMillis((int) me.pid()));
        Process child = new ProcessBuilder("sleep", "5").start();
        try {
            long expected = child.toHandle().info().startInstant().map(Instant::toEpochMilli).orElseThrow();
            assertEquals(expected, ProcessSignals.startMillis((int) child.pid()));
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertEquals(-1, ProcessSignals.startMillis((int) child.pid()), "a reaped child has no start time");
    }
}
