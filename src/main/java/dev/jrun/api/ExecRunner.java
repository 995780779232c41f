package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.image.Json;
import dev.jrun.linux.ContainerExec;
import dev.jrun.linux.Launcher;
import dev.jrun.linux.Stdio;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.ExecSpec;
import dev.jrun.runtime.SpecBuilder;
import dev.jrun.runtime.spec.Process;
import dev.jrun.runtime.spec.Spec;
import dev.jrun.store.AtomicFiles;
import dev.jrun.store.Image;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jrun exec}: runs a command in a running container, in its namespaces and cgroups, with the
 * container's env, user, capabilities and no_new_privs (changed by exec's flags, see ExecSpec). The
 * container's process is saved when it starts (process.json), so exec uses exactly what its PID 1 got.
 */
public final class ExecRunner {
    static final String PROCESS_FILE = "process.json";
    private final Jrun jrun;

    ExecRunner(Jrun jrun) {
        this.jrun = jrun;
    }

    /** What to run where; explain (or null) receives the steps before the launch. */
    public record Request(String container, ExecSpec.Options options, PrintStream explain) {
    }

    /**
     * Records the process of container id's runtime spec as it starts, for exec (only the process: reading a
     * whole spec's types costs exec ~200 ms more): renamed into place whole, not fsynced
     * (every start writes it again, so it need not survive a crash; this keeps run fast).
     */
    static void saveProcess(Jrun jrun, String id, Spec spec) {
        Path target = jrun.paths().container(id).resolve(PROCESS_FILE);
        try {
            AtomicFiles.writeVolatile(target, Json.bytes(spec.process()));
        } catch (IOException e) {
            throw new JrunException("write the process of container " + id + ": " + e.getMessage(), e);
        }
    }

    /** Runs the command to its end and returns its exit code (128+signal when killed). */
    public int run(Request r, Stdio stdio, SignalForwarder signals) {
        return run(r, stdio, signals, () -> { });
    }

    /** As {@link #run(Request, Stdio, SignalForwarder)}; afterStart runs once the process exists. */
    public int run(Request r, Stdio stdio, SignalForwarder signals, Runnable afterStart) {
        // forwarding starts before the process does: it may run (and be signalled) before start returns
        signals.hold();
        try (Launcher.Started p = start(r, stdio)) {
            dev.jrun.Timing.mark("exec'd");
            signals.target(p::signal);
            afterStart.run();
            int code = p.waitFor();
            dev.jrun.Timing.mark("exited");
            return code;
        } finally {
            signals.stop();
        }
    }

    /** exec -t: on a new pseudo-terminal, jrun's own terminal raw meanwhile. */
    public int runTty(Request r) {
        return TtySession.session(pty -> run(r, Stdio.terminal(pty.slave()), SignalForwarder.process(),
                pty::closeSlave));
    }

    /** exec -d: starts the command and leaves it running; returns its pid on the host. */
    public int detach(Request r, Stdio stdio) {
        Launcher.Started p = start(r, stdio);
        p.release();
        return p.pid();
    }

    private Launcher.Started start(Request r, Stdio stdio) {
        Container c = jrun.containers().resolve(r.container());
        if (!Reconciler.alive(c.state())) {
            throw new JrunException("container " + r.container() + " is not running");
        }
        int pid = (int) c.state().pid();
        dev.jrun.Timing.mark("container found running");
        Path root = Path.of("/proc/" + pid + "/root"); // the container's filesystem as its PID 1 sees it
        Process process = ExecSpec.process(containerProcess(c, root), r.options(),
                ContainerRunner.readImageFile(root, "passwd"), ContainerRunner.readImageFile(root, "group"),
                System.getenv());
        dev.jrun.Timing.mark("process built");
        if (r.explain() != null) {
            r.explain().println("exec in container " + c.name() + " (" + c.id().substring(0, 12) + "), PID 1 = " + pid);
            ContainerExec.explain(pid, process).forEach(r.explain()::println);
        }
        try {
            return ContainerExec.start(pid, c.state().pidStartTime(), process, stdio);
        } catch (ContainerExec.NotRunningException e) {
            throw new JrunException("container " + r.container() + " is not running: " + e.getMessage(), e);
        }
    }

    /** The process the container was started with: as saved, else rebuilt from its run flags and image. */
    private Process containerProcess(Container c, Path root) {
        Path saved = jrun.paths().container(c.id()).resolve(PROCESS_FILE);
        if (Files.exists(saved)) {
            try {
                return Json.read(Files.readAllBytes(saved), Process.class, saved.toString());
            } catch (IOException e) {
                throw new JrunException("read " + saved + ": " + e.getMessage(), e);
            }
        }
        Image img = jrun.images().resolve(c.record().image());
        SpecBuilder.ImageFiles files = new SpecBuilder.ImageFiles(ContainerRunner.readImageFile(root, "passwd"),
                ContainerRunner.readImageFile(root, "group"));
        return SpecBuilder.build(img.config().configOrEmpty(), Monitor.runFile(jrun, c).options(), c.id(), files,
                System.getenv()).process();
    }
}
