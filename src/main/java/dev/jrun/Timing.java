package dev.jrun;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up tracing for performance work: with JRUN_TRACE_TIMES=1, {@link #mark} prints to stderr the
 * milliseconds since the process started (bin/jrun's exec of the JVM included). The start is read once
 * from /proc (clock ticks since boot against /proc/uptime: 10 ms resolution); later marks are exact
 * differences of System.nanoTime, printed to a tenth of a millisecond. Costs one static check otherwise.
 */
public final class Timing {
    private static final boolean ON = on();
    private static final long NANO0 = System.nanoTime();
    /** Milliseconds between the process's start and NANO0. */
    private static final long UP_AT_NANO0 = ON ? upMillis() : 0;

    private Timing() {
    }

    public static void mark(String what) {
        if (ON) {
            long tenths = UP_AT_NANO0 * 10 + (System.nanoTime() - NANO0) / 100_000;
            System.err.println("[jrun +" + tenths / 10 + "." + tenths % 10 + " ms] " + what);
        }
    }

    /** JRUN_TRACE_TIMES=1, without building the JDK's environment map (see StartEnv). */
    private static boolean on() {
        return "1".equals(StartEnv.get("JRUN_TRACE_TIMES"));
    }

    private static long upMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(f[19]); // field 22: starttime, in clock ticks (USER_HZ, 100 here)
            String up = Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII);
            double upSeconds = Double.parseDouble(up.substring(0, up.indexOf(' ')));
            return Math.round(upSeconds * 1000) - startTicks * 10;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }
}
