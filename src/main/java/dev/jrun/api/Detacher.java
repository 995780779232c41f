package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.runtime.Container;
import dev.jrun.store.StoreLock;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code run -d} and {@code start}: asks the store's one monitor ({@link SharedMonitor}, over
 * containers/monitor.sock) to start a created container and waits until it reports the container running
 * or why it could not start. When no monitor answers, starts one ({@code jrun container-monitor}: the same
 * JVM and class path without picocli, a small heap, interpreter only, serial GC) in a new session by setsid, so it
 * outlives the CLI; the spawn lock keeps two CLIs from starting two.
 */
public final class Detacher {
    /**
     * Small-footprint flags of the monitor JVM (they come after the CLI's own, so they win). No class-data
     * archive: it starts faster with jrun's, but the JDK relocates the mapped archive (ASLR), which dirties
     * all of it: measured 47 MB PSS with it, 40-43 MB without (scripts/bench/monitor).
     */
    static final List<String> MONITOR_FLAGS = List.of("-Xint", "-Xmx16m", "-Xms4m", "-Xss256k", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=8m", "-XX:MaxMetaspaceSize=48m",
            "-XX:-UsePerfData", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-Xshare:off");
    /** Tries at the request: a monitor that is leaving answers nothing, and the next try starts a new one. */
    private static final int ATTEMPTS = 3;

    private final Jrun jrun;

    Detacher(Jrun jrun) {
        this.jrun = jrun;
    }

    /** run -d: creates the container, starts it under the monitor, returns it once it runs. */
    public Container run(ContainerRunner.Request r) {
        Container c = jrun.runner().create(r);
        Monitor.writeRunFile(jrun, c.id(), new Monitor.RunFile(r.options(), r.remove()));
        start(c);
        return c;
    }

    /** Starts the created or exited container c under the monitor; throws with the monitor's error. */
    public void start(Container c) {
        String reply = null;
        IOException last = null;
        for (int i = 0; i < ATTEMPTS && reply == null; i++) {
            try {
                reply = ask(c.id());
            } catch (IOException e) {
                last = e;
            }
            if (reply == null) {
                try (StoreLock l = StoreLock.exclusive(jrun.paths().monitorSpawnLock())) {
                    try {
                        reply = ask(c.id()); // another CLI may have started one meanwhile
                    } catch (IOException e) {
                        spawn();
                    }
                }
            }
        }
        if (reply == null) {
            throw new JrunException("start container " + c.name() + ": the monitor on " + jrun.paths().monitorSocket()
                    + " did not answer" + (last == null ? "" : " (" + last.getMessage() + ")") + "; see "
                    + jrun.paths().monitorErrors());
        }
        if (reply.startsWith("error ")) {
            String[] parts = reply.split(" ", 3);
            int code = parts[1].matches("[0-9]+") ? Integer.parseInt(parts[1]) : 125;
            throw new ContainerStartException(parts.length > 2 ? parts[2] : reply, code);
        }
        if (!reply.equals("ok")) {
            throw new JrunException("the monitor of container " + c.name() + " said: " + reply);
        }
    }

    /**
     * Asks the monitor to start container id; its one-line answer, or null if it closed the connection
     * without one (it was leaving). Throws if there is no monitor to connect to.
     */
    private String ask(String id) throws IOException {
        try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(jrun.paths().monitorSocket()))) {
            s.write(ByteBuffer.wrap(("start " + id + "\n").getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(s),
                    StandardCharsets.UTF_8));
            try {
                return in.readLine();
            } catch (IOException e) {
                return null; // reset: the monitor closed its socket before accepting us
            }
        }
    }

    /** Starts the store's monitor and waits until it listens; throws with its error. */
    private void spawn() {
        // setsid without -f: jrun's child is no group leader, so setsid execs the monitor in place and p is
        // the monitor itself (with -f, p would exit at once and the JDK would close p's stdout pipe on exit)
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        cmd.addAll(monitorCommand(jrun.paths().root()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MALLOC_ARENA_MAX", "1"); // one malloc arena: the monitor's threads rarely allocate
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.appendTo(jrun.paths().monitorErrors().toFile()));
        String line;
        try {
            Process p = pb.start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                line = in.readLine(); // the monitor closes its stdout after reporting
            }
        } catch (IOException e) {
            throw new JrunException("start the container monitor (" + String.join(" ", cmd.subList(0, 2)) + "...): "
                    + e.getMessage(), e);
        }
        if (line == null) {
            throw new JrunException("the container monitor exited before listening; see " + jrun.paths().monitorErrors());
        }
        if (!line.equals("ready")) {
            throw new JrunException("start the container monitor: " + line.replaceFirst("^error [0-9]+ ", ""));
        }
    }

    /** The java command line of the monitor of the store at root. */
    static List<String> monitorCommand(Path root) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (keep(a)) {
                cmd.add(a);
            }
        }
        cmd.addAll(MONITOR_FLAGS);
        String extra = System.getenv("JRUN_MONITOR_OPTS"); // e.g. -Xmixed: the JIT back, 6 MB more
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.jrun.cli.ContainerMonitorCommand", "--root",
                root.toString(), "container-monitor"));
        return cmd;
    }

    /** The CLI's JVM flags the monitor keeps: not heap, GC, JIT, agent or class-data archive ones. */
    static boolean keep(String a) {
        return !(a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xss") || a.startsWith("-Xshare")
                || a.matches("-XX:[+-]Use\\w*GC") || a.startsWith("-XX:TieredStopAtLevel")
                || a.startsWith("-XX:CICompilerCount") || a.startsWith("-XX:ArchiveClassesAtExit")
                || a.startsWith("-XX:AOTMode") || a.startsWith("-XX:AOTCache") || a.startsWith("-XX:SharedArchiveFile")
                || a.startsWith("-XX:AOTConfiguration") || a.startsWith("-XX:DumpLoadedClassList")
                || a.startsWith("-XX:SharedClassListFile") || a.startsWith("-Xlog") || a.startsWith("-agentpath")
                || a.startsWith("-agentlib")
                || a.startsWith("-javaagent") || a.startsWith("-XX:ReservedCodeCacheSize")
                || a.startsWith("-XX:MaxMetaspaceSize"));
    }
}
