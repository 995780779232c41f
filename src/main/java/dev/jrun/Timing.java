package dev.jrun;

/**
 * Start-up tracing for performance work: with JRUN_TRACE_TIMES=1, {@link #mark} prints the milliseconds
 * since the JVM started to stderr. Costs one static check otherwise.
 */
public final class Timing {
    private static final boolean ON = "1".equals(System.getenv("JRUN_TRACE_TIMES"));
    private static final long START = ON ? ProcessHandle.current().info().startInstant()
            .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis()) : 0;

    private Timing() {
    }

    public static void mark(String what) {
        if (ON) {
            System.err.println("[jrun +" + (System.currentTimeMillis() - START) + " ms] " + what);
        }
    }
}
