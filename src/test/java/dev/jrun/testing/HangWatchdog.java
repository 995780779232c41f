package dev.jrun.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Ends a hung test run with a report instead of letting it eat CI's time limit. When no test has started
 * or finished for {@code jrun.test.hangMinutes} minutes (10 by default; a system property or the
 * environment variable JRUN_TEST_HANG_MINUTES), it writes which tests are running, every thread of this
 * JVM with the locks it holds and waits for, and every process on the host with its state and kernel wait
 * channel, to the JVM's own stderr (Maven prints it) and to target/hang-watchdog-*.txt, then halts the JVM:
 * Surefire reports a crashed fork and the build fails with the report above it.
 *
 * <p>Stop 4's CI run hung here for over an hour: three containers started in parallel, each held
 * before its exec, and the JDK's fork of an iptables child waiting for end of file on a pipe a held child
 * had inherited. The processes are read from /proc, not with ps: a hang in process spawning is one of
 * the hangs this has to report.
 */
public final class HangWatchdog implements TestExecutionListener {
    private final Map<TestIdentifier, Long> running = new ConcurrentHashMap<>();
    private volatile long lastEvent = System.nanoTime();
    private final long limitNanos = (long) (limitMinutes() * 60e9);

    static double limitMinutes() {
        String v = System.getProperty("jrun.test.hangMinutes", System.getenv("JRUN_TEST_HANG_MINUTES"));
        return v == null || v.isBlank() ? 10 : Double.parseDouble(v.trim());
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        Thread t = new Thread(this::watch, "jrun-test-hang-watchdog");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        lastEvent = System.nanoTime();
        running.put(id, System.currentTimeMillis());
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        lastEvent = System.nanoTime();
        running.remove(id);
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        lastEvent = System.nanoTime();
    }

    private void watch() {
        while (true) {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                return;
            }
            long quiet = System.nanoTime() - lastEvent;
            if (quiet > limitNanos) {
                String report = report(running, TimeUnit.NANOSECONDS.toSeconds(quiet));
                PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
                err.println(report);
                try {
                    Path dir = Files.createDirectories(Path.of("target"));
                    Path f = dir.resolve("hang-watchdog-" + System.currentTimeMillis() + ".txt");
                    Files.writeString(f, report);
                    err.println("hang watchdog: report written to " + f.toAbsolutePath());
                } catch (IOException e) {
                    err.println("hang watchdog: could not write the report file: " + e);
                }
                err.flush();
                Runtime.getRuntime().halt(70);
            }
        }
    }

    /** The report: running tests, this JVM's threads with their locks, the host's processes. */
    static String report(Map<TestIdentifier, Long> running, long quietSeconds) {
        StringBuilder b = new StringBuilder();
        b.append("==== jrun test hang watchdog: no test started or finished for ").append(quietSeconds)
                .append(" s; halting the test JVM ").append(ProcessHandle.current().pid()).append(" ====\n");
        b.append("-- running:\n");
        running.forEach((id, since) -> b.append("  ").append(id.getUniqueId()).append(" since ")
                .append(Instant.ofEpochMilli(since)).append('\n'));
        b.append("-- threads:\n");
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            b.append(threadText(t));
        }
        b.append("-- processes (pid ppid state wchan cmdline):\n");
        appendProcesses(b);
        return b.toString();
    }

    /** ThreadInfo.toString cuts stacks at 8 frames; this prints them whole. */
    private static String threadText(ThreadInfo t) {
        StringBuilder b = new StringBuilder();
        b.append("\"").append(t.getThreadName()).append("\" ").append(t.getThreadState());
        if (t.getLockName() != null) {
            b.append(" on ").append(t.getLockName());
        }
        if (t.getLockOwnerName() != null) {
            b.append(" owned by \"").append(t.getLockOwnerName()).append('"');
        }
        b.append('\n');
        for (StackTraceElement e : t.getStackTrace()) {
            b.append("    at ").append(e).append('\n');
        }
        for (var m : t.getLockedSynchronizers()) {
            b.append("    holds ").append(m).append('\n');
        }
        return b.toString();
    }

    private static void appendProcesses(StringBuilder b) {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : procs) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').trim();
                    if (cmd.isEmpty()) {
                        continue; // kernel threads
                    }
                    String wchan = Files.readString(p.resolve("wchan")).trim();
                    b.append("  ").append(p.getFileName()).append(' ').append(f[1]).append(' ').append(f[0]).append(' ')
                            .append(wchan.isEmpty() ? "-" : wchan).append(' ')
                            .append(cmd.length() > 200 ? cmd.substring(0, 200) + "..." : cmd).append('\n');
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            b.append("  (cannot list /proc: ").append(e).append(")\n");
        }
    }
}
