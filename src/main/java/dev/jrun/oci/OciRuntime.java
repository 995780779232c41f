package dev.jrun.oci;

import dev.jrun.JrunException;
import dev.jrun.linux.CgroupFs;
import dev.jrun.linux.ContainerExec;
import dev.jrun.linux.Launcher;
import dev.jrun.linux.NativeWarmUp;
import dev.jrun.linux.Pending;
import dev.jrun.linux.ProcessSignals;
import dev.jrun.linux.Stdio;
import dev.jrun.runtime.spec.Process;
import dev.jrun.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import sun.misc.Signal;

/**
 * runc's operations on OCI bundles: run (foreground or detached), state, list, kill, delete. A
 * container's cgroup is where config.json's cgroupsPath says, else under "jrun-runc/", apart from the
 * docker-like commands' "jrun/" (see {@link OciCgroup}); state.json records it.
 */
public final class OciRuntime {
    /**
     * v1 hierarchies a container joins: the limits', the device filter's, the freezer's (pause) and
     * the accounting ones runc also binds into /sys/fs/cgroup (cpuset is left out: a new cpuset
     * cgroup takes no process until cpus and mems are copied into it).
     */
    static final List<String> CONTROLLERS = List.of("memory", "cpu", "cpuacct", "pids", "devices", "freezer", "blkio");
    private static final String[] FORWARDED = {"INT", "TERM", "HUP", "QUIT", "USR2", "WINCH"};
    private final StateDir states;

    public OciRuntime(Path root) {
        this.states = new StateDir(root);
    }

    public StateDir states() {
        return states;
    }

    /**
     * Creates and starts the container of the bundle. Detached: create then start, as runc does;
     * returns 0 once it runs, its process outlives this JVM and keeps this JVM's stdio (or the
     * terminal sent to consoleSocket). Foreground: waits, forwards signals, deletes the container
     * after it exits and returns its exit code.
     */
    public int run(Path bundle, String id, boolean detach, Path pidFile, Path consoleSocket) {
        if (!detach && consoleSocket != null) {
            throw new OciException("cannot use console socket if jrun will not detach");
        }
        Pending<Launcher.Started> launch = create(bundle, id, pidFile, consoleSocket);
        start(id);
        if (detach) {
            return 0;
        }
        Launcher.Started s;
        try {
            s = launch.get();
        } catch (ExecutionException e) {
            states.remove(id);
            Throwable c = e.getCause();
            throw c instanceof OciException oe ? oe : new OciException(String.valueOf(c.getMessage()), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted", e);
        }
        forwardSignals(s);
        try {
            return s.waitFor();
        } finally {
            states.remove(id);
        }
    }

    private static void forwardSignals(Launcher.Started s) {
        for (String n : FORWARDED) {
            try {
                Signal.handle(new Signal(n), x -> s.signal(x.getNumber()));
            } catch (IllegalArgumentException reserved) {
                // the JVM keeps some signals for itself
            }
        }
    }

    /** The process of a container's config.json (what exec changes when no process.json is given). */
    Process bundleProcess(String id) {
        return BundleConfig.load(Path.of(states.read(id).bundle())).spec().process();
    }

    /**
     * exec: runs process in the created or running container id, with this JVM's stdio or the console's
     * terminal (its master sent to the console socket once the process holds the slave). Detached: returns 0
     * once it runs (its parent is then whoever reaps this JVM's orphans: the caller's subreaper, as conmon and
     * containerd's shim are). Foreground: forwards signals and returns its exit code.
     */
    public int exec(String id, Process process, boolean detach, Path pidFile, Console console) {
        OciState s = state(id);
        if (s.status() == OciState.Status.stopped) {
            throw new OciException("cannot exec in a stopped container");
        }
        Launcher.Started p;
        try {
            p = ContainerExec.start(s.pid(), s.pidStartTime() == null ? 0 : s.pidStartTime(), process, console.stdio());
        } catch (ContainerExec.NotRunningException e) {
            throw new OciException("cannot exec in a stopped container", e);
        } catch (JrunException e) {
            throw new OciException(execFailure(process, e), e);
        }
        try {
            console.handOver();
            if (pidFile != null) {
                AtomicFiles.write(pidFile.toAbsolutePath(), Integer.toString(p.pid()).getBytes());
            }
        } catch (IOException | RuntimeException e) {
            p.close();
            throw new OciException("exec in " + id + ": " + (e instanceof IOException ? "write pid file " + pidFile + ": "
                    : "") + e.getMessage(), e);
        }
        if (detach) {
            p.release();
            return 0;
        }
        forwardSignals(p);
        return p.waitFor();
    }

    /** runc's wording, which podman and containerd read to tell 127 and 126 from other failures. */
    static String execFailure(Process process, JrunException e) {
        String cmd = process.args().get(0);
        if (e.exitCode() == 127) {
            return "exec failed: unable to start container process: exec: \"" + cmd
                    + "\": executable file not found in $PATH (no such file or directory)";
        }
        if (e.exitCode() == 126) {
            return "exec failed: unable to start container process: exec: \"" + cmd + "\": permission denied";
        }
        return "exec failed: " + e.getMessage();
    }

    /** Checks the id and the bundle before anything is made. */
    BundleConfig prepare(Path bundle, String id) {
        StateDir.checkId(id);
        if (states.exists(id)) {
            throw new OciException("container with id exists: " + id);
        }
        return BundleConfig.load(bundle.toAbsolutePath().normalize());
    }

    /** create: the container set up, its process waiting before exec until {@link #start}. */
    public Pending<Launcher.Started> create(Path bundle, String id, Path pidFile, Path consoleSocket) {
        // jffi's first use (~30 ms cold: its library, its platform probe's first regex) on a second core while
        // this thread reads config.json and claims the id; the pipe and the launch then find it loaded
        NativeWarmUp.start();
        BundleConfig config = prepare(bundle, id);
        OciCgroup cgroup = OciCgroup.of(states.root(), id, config.spec().linux().cgroupsPath());
        dev.jrun.Timing.mark("oci create: bundle read");
        return new ExecFifo(this).create(config, id, cgroup, pidFile, consoleSocket);
    }

    /** start: lets a created container's process exec its program. */
    public void start(String id) {
        new ExecFifo(this).start(id);
    }

    /** The state refreshed from facts: a running container whose process is gone is stopped. */
    public OciState state(String id) {
        OciState s = states.read(id);
        if (s.status() != OciState.Status.stopped
                && !ProcessSignals.alive(s.pid(), s.pidStartTime() == null ? 0 : s.pidStartTime())) {
            return s.withStatus(OciState.Status.stopped);
        }
        if (s.status() == OciState.Status.created && !java.nio.file.Files.exists(states.dir(id).resolve(ExecFifo.NAME))) {
            return s.withStatus(OciState.Status.running);
        }
        return s;
    }

    public List<OciState> list() {
        List<OciState> out = new ArrayList<>();
        for (String id : states.ids()) {
            try {
                out.add(state(id));
            } catch (JrunException e) {
                // deleted meanwhile
            }
        }
        return out;
    }

    /** The pids of the container's processes (its cgroup's), empty once it has stopped. */
    public List<Integer> pids(String id) {
        OciState s = state(id);
        if (s.status() == OciState.Status.stopped) {
            return List.of();
        }
        return ProcessSignals.cgroupPids(s.cgroupPath().existing());
    }

    /** Sends signal to PID 1, or with all to every process of the container's cgroup. */
    public void kill(String id, int signal, boolean all) {
        OciState s = state(id);
        if (s.status() == OciState.Status.stopped) {
            throw new OciException("container not running");
        }
        if (all) {
            for (int pid : ProcessSignals.cgroupPids(s.cgroupPath().existing())) {
                ProcessSignals.send(pid, signal);
            }
        } else if (!ProcessSignals.send(s.pid(), signal)) {
            throw new OciException("container not running");
        }
    }

    /** Deletes a stopped container (a running one only with force: SIGKILL first); removes its cgroup and state. */
    public void delete(String id, boolean force) {
        StateDir.checkId(id);
        if (!states.exists(id)) {
            if (force) {
                return;
            }
            throw new OciException("container \"" + id + "\" does not exist");
        }
        OciState s = state(id);
        if (s.status() != OciState.Status.stopped) {
            if (!force && s.status() != OciState.Status.created) {
                throw new OciException("cannot delete container " + id + " that is not stopped: " + s.status());
            }
            CgroupFs.Cgroup cg = s.cgroupPath().existing();
            ProcessSignals.send(s.pid(), 9);
            for (int pid : ProcessSignals.cgroupPids(cg)) {
                ProcessSignals.send(pid, 9);
            }
            if (s.status() == OciState.Status.paused) {
                s.cgroupPath().fs().freeze(cg, false); // frozen tasks die only once thawed
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ProcessSignals.alive(s.pid(), s.pidStartTime() == null ? 0 : s.pidStartTime())) {
                if (System.nanoTime() > deadline) {
                    throw new OciException("container " + id + " (pid " + s.pid() + ") did not die within 10 s of SIGKILL");
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OciException("interrupted while waiting for container " + id + " to die", e);
                }
            }
        }
        dev.jrun.Timing.mark("oci delete: process gone");
        OciCgroup cgroup = s.cgroupPath();
        CgroupFs fs = cgroup.fs();
        fs.remove(fs.candidates(cgroup.name()));
        dev.jrun.Timing.mark("oci delete: cgroups removed");
        states.remove(id);
    }

    /** pause: freezes every process of a running container. */
    public void pause(String id) {
        OciState s = state(id);
        if (s.status() != OciState.Status.running) {
            throw new OciException("container " + id + " is not running (" + s.status() + "): only a running one can be paused");
        }
        s.cgroupPath().fs().freeze(s.cgroupPath().existing(), true);
        states.write(s.withStatus(OciState.Status.paused));
    }

    /** resume: thaws a paused container. */
    public void resume(String id) {
        OciState s = state(id);
        if (s.status() != OciState.Status.paused) {
            throw new OciException("container " + id + " is not paused (" + s.status() + ")");
        }
        s.cgroupPath().fs().freeze(s.cgroupPath().existing(), false);
        states.write(s.withStatus(OciState.Status.running));
    }

    /** update: new memory, cpu or pids limits for a created, running or paused container. */
    public void update(String id, dev.jrun.runtime.spec.Linux.Resources r) {
        OciState s = state(id);
        if (s.status() == OciState.Status.stopped) {
            throw new OciException("container " + id + " is stopped: nothing to update");
        }
        s.cgroupPath().fs().update(s.cgroupPath().existing(), r);
    }

    /** The container's resource usage in the shape of runc's "events --stats" data. */
    public java.util.Map<String, Object> stats(String id) {
        OciState s = state(id);
        if (s.status() == OciState.Status.stopped) {
            throw new OciException("container " + id + " is stopped: no stats");
        }
        return OciViews.stats(s.cgroupPath().fs(), s.cgroupPath().existing());
    }
}
