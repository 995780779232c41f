package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.runtime.Container;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code run -d} and {@code start}: hands a created container to a monitor process of its own
 * ({@code jrun container-monitor ID}: the same JVM and class path, a 16 MB heap, interpreter only (6 MB
 * less than C1; JRUN_MONITOR_OPTS=-Xmixed brings the JIT back), serial GC),
 * started in a new session by setsid so it outlives the CLI, and waits until the monitor reports the
 * container running or why it could not start.
 */
public final class Detacher {
    /** Small-footprint flags of the monitor JVM (they come after the CLI's own, so they win). */
    static final List<String> MONITOR_FLAGS = List.of("-Xint", "-Xmx16m", "-Xms4m", "-Xss256k", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=8m", "-XX:MaxMetaspaceSize=48m",
            "-XX:-UsePerfData", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-Xshare:auto");

    private final Jrun jrun;

    Detacher(Jrun jrun) {
        this.jrun = jrun;
    }

    /** run -d: creates the container, starts it under a monitor, returns it once it runs. */
    public Container run(ContainerRunner.Request r) {
        Container c = jrun.runner().create(r);
        Monitor.writeRunFile(jrun, c.id(), new Monitor.RunFile(r.options(), r.remove()));
        start(c);
        return c;
    }

    /** Starts the created or exited container c under a new monitor; throws with the monitor's error. */
    public void start(Container c) {
        // setsid without -f: jrun's child is no group leader, so setsid execs the monitor in place and p is
        // the monitor itself (with -f, p would exit at once and the JDK would close p's stdout pipe on exit)
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        cmd.addAll(monitorCommand(jrun.paths().root(), c.id()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MALLOC_ARENA_MAX", "1"); // one malloc arena: the monitor's few threads rarely allocate
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        jrun.paths().container(c.id()).resolve("monitor.err").toFile()));
        String line;
        try {
            Process p = pb.start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                line = in.readLine(); // the monitor closes its stdout after reporting
            }
        } catch (IOException e) {
            throw new JrunException("start the monitor of container " + c.name() + " (" + String.join(" ", cmd.subList(0, 2))
                    + "...): " + e.getMessage(), e);
        }
        if (line == null) {
            throw new JrunException("the monitor of container " + c.name() + " exited before starting it; see "
                    + jrun.paths().container(c.id()).resolve("monitor.err"));
        }
        if (line.startsWith("error ")) {
            String[] parts = line.split(" ", 3);
            int code = parts[1].matches("[0-9]+") ? Integer.parseInt(parts[1]) : 125;
            throw new ContainerStartException(parts.length > 2 ? parts[2] : line, code);
        }
        if (!line.equals("ok")) {
            throw new JrunException("the monitor of container " + c.name() + " said: " + line);
        }
    }

    /** The java command line of a monitor for container id in the store at root. */
    static List<String> monitorCommand(Path root, String id) {
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
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.jrun.cli.Main", "--root",
                root.toString(), "container-monitor", id));
        return cmd;
    }

    /** The CLI's JVM flags the monitor keeps: not heap, GC, JIT or agent ones, nor archive recording. */
    static boolean keep(String a) {
        return !(a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xss") || a.startsWith("-Xshare")
                || a.matches("-XX:[+-]Use\\w*GC") || a.startsWith("-XX:TieredStopAtLevel")
                || a.startsWith("-XX:CICompilerCount") || a.startsWith("-XX:ArchiveClassesAtExit")
                || a.startsWith("-XX:AOTMode") || a.startsWith("-XX:AOTCacheOutput") || a.startsWith("-agentlib")
                || a.startsWith("-javaagent") || a.startsWith("-XX:ReservedCodeCacheSize")
                || a.startsWith("-XX:MaxMetaspaceSize"));
    }
}
