package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.PlainFiles;
import dev.jrun.image.ImageConfig;
import dev.jrun.linux.ProcessSignals;
import dev.jrun.linux.HeldLaunch;
import dev.jrun.linux.Launcher;
import dev.jrun.linux.Stdio;
import dev.jrun.runtime.Timestamps;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerState;
import dev.jrun.runtime.EtcFiles;
import dev.jrun.runtime.RunOptions;
import dev.jrun.runtime.SpecBuilder;
import dev.jrun.runtime.spec.Spec;
import dev.jrun.store.Image;
import dev.jrun.store.StoreLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code jrun run} in the foreground: a container record, its overlay rootfs, the runtime spec made from
 * the image config and the flags, the launch, the wait, and the cleanup on every path (the rootfs is
 * unmounted, the cgroup removed, and with --rm the container deleted).
 */
public final class ContainerRunner {
    private final Jrun jrun;

    ContainerRunner(Jrun jrun) {
        this.jrun = jrun;
    }

    /** What to run: the image, the container's name, the flags, --rm, and where --explain writes (or null). */
    public record Request(String image, String name, RunOptions options, boolean remove, PrintStream explain) {
    }

    /** Runs the container to its end and returns its exit code (128+signal when it was killed). */
    public int run(Request r, Stdio stdio, SignalForwarder signals) {
        return run(r, stdio, signals, () -> { });
    }

    /** As {@link #run(Request, Stdio, SignalForwarder)}; afterStart runs once the container's process exists. */
    public int run(Request r, Stdio stdio, SignalForwarder signals, Runnable afterStart) {
        return runCreated(create(r), r, stdio, signals, afterStart, () -> { });
    }

    /** The container record for r (its image's layers unpacked), not started. */
    public Container create(Request r) {
        return create(r, java.util.Map.of());
    }

    /** As {@link #create(Request)}, with labels added to the image's. */
    public Container create(Request r, java.util.Map<String, String> labels) {
        Container c = jrun.factory().create(new ContainerFactory.Request(r.image(), r.name(), r.options().command(),
                r.options().entrypoint() == null ? null : List.of(r.options().entrypoint()), r.options().env(),
                r.options().workdir(), r.options().user(), r.options().hostname(), r.remove()), labels);
        dev.jrun.Timing.mark("container created");
        return c;
    }

    /**
     * Runs the created (or exited: start) container c to its end, on its existing writable layer.
     * afterStart runs once its process exists, afterExit once it has exited, before the exit is recorded.
     */
    public int runCreated(Container c, Request r, Stdio stdio, SignalForwarder signals, Runnable afterStart,
                          Runnable afterExit) {
        // caught from before the start: a signal while the container starts is delivered once it exists
        signals.hold();
        Started s;
        try {
            s = startCreated(c, r, stdio);
        } catch (RuntimeException | Error e) {
            signals.stop();
            throw e;
        }
        return finish(s, () -> {
            afterStart.run();
            signals.target(s.process::signal);
            try {
                s.process.waitFor();
                dev.jrun.Timing.mark("container exited");
            } finally {
                signals.stop();
            }
        }, afterExit);
    }

    /** A container started by {@link #startCreated}, until {@link #finishCreated} records its exit. */
    public static final class Started {
        private final Container container;
        private final Request request;
        private final Launcher.Started process;
        private final long startTime;
        private final String startedAt;

        private Started(Container container, Request request, Launcher.Started process, long startTime,
                        String startedAt) {
            this.container = container;
            this.request = request;
            this.process = process;
            this.startTime = startTime;
            this.startedAt = startedAt;
        }

        public Container container() {
            return container;
        }

        /** A pidfd of the container's PID 1: readable once it has exited (for a poller of many containers). */
        public int pidfd() {
            return process.pidfd();
        }
    }

    /**
     * Starts the created (or exited) container c and returns at once; the caller must call
     * {@link #finishCreated} (which blocks until it exits). If the start fails, records why, cleans up
     * and throws.
     */
    public Started startCreated(Container c, Request r, Stdio stdio) {
        Image img = jrun.images().resolve(c.record().image());
        try {
            String started = Timestamps.format(Instant.now());
            // the container's lock is held while it changes state, not while it runs, so rm -f can act
            try (StoreLock l = jrun.containers().lock(c.id())) {
                Launcher.Started p = start(c, img, r, stdio);
                long startTime = Math.max(0, ProcessSignals.startMillis(p.pid()));
                jrun.containers().saveState(c.id(), c.state().running(p.pid(), startTime, null, started));
                return new Started(c, r, p, startTime, started);
            }
        } catch (RuntimeException e) {
            try {
                if (e instanceof JrunException && Files.exists(jrun.paths().containerConfig(c.id()))) {
                    jrun.containers().saveState(c.id(), c.state().failed(e.getMessage(), Timestamps.format(Instant.now())));
                }
            } finally {
                cleanup(c, r.remove(), null);
            }
            throw e;
        }
    }

    /**
     * Waits for the container s to exit (at once if it has), runs afterExit, records the exit code and
     * cleans up (unmount, --rm). Returns the code (128+signal when it was killed).
     */
    public int finishCreated(Started s, Runnable afterExit) {
        return finish(s, () -> { }, afterExit);
    }

    private int finish(Started s, Runnable whileRunning, Runnable afterExit) {
        Container c = s.container;
        ContainerState exitToRecord = null;
        try (Launcher.Started p = s.process) {
            whileRunning.run();
            int code = p.waitFor();
            afterExit.run();
            dev.jrun.Timing.mark("exit seen");
            ContainerState exited = c.state().running(p.pid(), s.startTime, null, s.startedAt)
                    .exited(code, Timestamps.format(Instant.now()));
            if (s.request.remove()) {
                // removed in a moment: cleanup records the exit only if the container stays after all
                exitToRecord = exited;
            } else {
                try (StoreLock l = jrun.containers().lock(c.id())) {
                    if (Files.exists(jrun.paths().containerConfig(c.id()))) {
                        jrun.containers().saveState(c.id(), exited);
                    }
                }
                dev.jrun.Timing.mark("exit recorded");
            }
            return code;
        } catch (JrunException e) {
            if (Files.exists(jrun.paths().containerConfig(c.id()))) {
                jrun.containers().saveState(c.id(), c.state().failed(e.getMessage(), Timestamps.format(Instant.now())));
            }
            throw e;
        } finally {
            cleanup(c, s.request.remove(), exitToRecord);
        }
    }

    private Launcher.Started start(Container c, Image img, Request r, Stdio stdio) {
        ContainerFilesystem fs = jrun.filesystem();
        ImageConfig.ContainerConfig cc = img.config().configOrEmpty();
        // a bridge network's ports and record (and the JSON classes they load) are prepared on a thread of
        // their own while the rootfs is mounted and the spec built; joined before anything else happens
        Side<ContainerNetwork> prepared = new Side<>("jrun-net-prepare") {
            @Override
            ContainerNetwork work() {
                return ContainerNetwork.prepare(jrun, c, r.options(), cc.exposedPorts(), r.explain());
            }
        };
        if ("bridge".equals(r.options().network())) {
            prepared.start();
        } else {
            prepared.run();
        }
        Path rootfs;
        Spec spec;
        try {
            rootfs = fs.mount(c);
            dev.jrun.Timing.mark("rootfs mounted");
            SpecBuilder.ImageFiles files = new SpecBuilder.ImageFiles(readImageFile(rootfs, "passwd"),
                    readImageFile(rootfs, "group"));
            spec = SpecBuilder.build(cc, r.options(), c.id(), files, hostEnvFor(r.options()));
            spec = withEtcFiles(spec, c, r.options());
        } finally {
            settled(prepared); // its record exists before cleanup looks for it
        }
        ContainerNetwork net = joined(prepared);
        Launcher launcher = Launcher.forThisHost();
        dev.jrun.Timing.mark("spec built");
        if (r.explain() != null) {
            Explainer.print(r.explain(), fs.mountedLowersTopFirst(c), jrun.paths().containerUpper(c.id()), rootfs,
                    launcher.explain(spec, rootfs, c.id()));
        }
        ExecRunner.saveProcess(jrun, c.id(), spec);
        dev.jrun.Timing.mark("launching");
        if (net == null) {
            return launcher.start(spec, rootfs, c.id(), stdio);
        }
        String hostname = spec.hostname();
        return HeldLaunch.start(launcher, spec, rootfs, c.id(), stdio, jrun.paths().container(c.id()).resolve("exec.fifo"),
                pid -> {
                    net.attach(pid);
                    writeHosts(c, hostname, r.options(), net.record().address().ip());
                    dev.jrun.Timing.mark("network attached");
                });
    }

    /**
     * Work for a thread of its own, or run on this one (run()), with its outcome kept for {@link #joined}.
     * Not a FutureTask: its class initialization makes the run's first var handles (~1 ms interpreted), and
     * a foreground run --network none has nothing else that needs them.
     */
    private abstract static class Side<T> extends Thread {
        final dev.jrun.linux.Pending<T> outcome = new dev.jrun.linux.Pending<>();

        Side(String name) {
            super(name);
            setDaemon(true);
        }

        abstract T work();

        @Override
        public void run() {
            try {
                outcome.complete(work());
            } catch (Throwable e) {
                outcome.fail(e);
            }
        }
    }

    /**
     * The host's environment when a -e NAME (no value) takes its value from there, else none: reading it
     * builds the JDK's map of it (~1 ms interpreted). The CLI hands over NAME=value pairs only.
     */
    static java.util.Map<String, String> hostEnvFor(RunOptions o) {
        for (String e : o.env()) {
            if (e.indexOf('=') <= 0) {
                return System.getenv();
            }
        }
        return java.util.Map.of();
    }

    /** The value of a side's work once it has run (waited for through interrupts); its own exception as thrown. */
    private static <T> T joined(Side<T> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.outcome.get();
                } catch (InterruptedException e) {
                    interrupted = true; // it finishes soon (it writes a file): its record must exist before cleanup
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable x = e.getCause();
                    if (x instanceof RuntimeException re) {
                        throw re;
                    }
                    if (x instanceof Error err) {
                        throw err;
                    }
                    throw new JrunException(String.valueOf(x.getMessage()), x);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for task to have run, whatever its outcome (that is for {@link #joined}). */
    private static void settled(Side<?> task) {
        try {
            joined(task);
        } catch (RuntimeException | Error ignored) {
            // reported by the joined() after the step that was under way
        }
    }

    /**
     * Unmounts and releases the network; removes the container when asked and both worked. exited, when
     * not null, is the exit of a --rm container that finish did not write: it is recorded whenever the
     * container stays (a teardown failed), so that ps and the next jrun see how it ended.
     */
    private void cleanup(Container c, boolean remove, ContainerState exited) {
        if (!Files.exists(jrun.paths().containerConfig(c.id()))) {
            return; // removed meanwhile (rm -f from another jrun), which also cleaned up
        }
        try (StoreLock l = jrun.containers().lock(c.id())) {
            boolean removed = false;
            try {
                removed = teardown(c, remove);
            } finally {
                if (!removed && exited != null) {
                    jrun.containers().saveState(c.id(), exited);
                }
            }
        }
    }

    /** cleanup's work, under the container's lock; true when the container was removed. */
    private boolean teardown(Container c, boolean remove) {
        boolean released = true;
        // the network's teardown (CNI DEL: plugin processes) and the rootfs's unmount are independent:
        // both run at once, the teardown on a thread of its own when there is one
        Side<Void> teardown = new Side<>("jrun-net-release") {
            @Override
            Void work() {
                ContainerNetwork.release(jrun, c);
                dev.jrun.Timing.mark("network released");
                return null;
            }
        };
        if (Files.exists(ContainerNetwork.recordPath(jrun, c.id()))) {
            teardown.start();
        } else {
            teardown.run();
        }
        try {
            jrun.filesystem().unmount(c);
            dev.jrun.Timing.mark("rootfs unmounted");
        } finally {
            try {
                joined(teardown);
            } catch (JrunException e) {
                // the record stays (and so does the container, even with --rm): the next jrun's Reconciler
                // tries again; the exit code is still the container's
                System.err.println("jrun: network teardown of container " + c.name() + ": " + e.getMessage());
                released = false;
            }
        }
        if (remove && released) {
            jrun.containers().delete(c.id());
            dev.jrun.Timing.mark("container removed");
            return true;
        }
        return false;
    }

    /** /etc/hostname, /etc/hosts and /etc/resolv.conf written in the container's dir and bound over the image's. */
    private Spec withEtcFiles(Spec spec, Container c, RunOptions o) {
        Path dir = jrun.paths().container(c.id());
        String hostname = spec.hostname() != null ? spec.hostname() : c.id().substring(0, 12);
        try {
            Path h = PlainFiles.writeString(dir.resolve("hostname"), EtcFiles.hostname(hostname));
            Path hosts = writeHosts(c, hostname, o, null);
            Path resolv = PlainFiles.writeString(dir.resolve("resolv.conf"), EtcFiles.withDns(
                    EtcFiles.resolvConf(o.network(), readHost("/etc/resolv.conf")), o.networkFlags().dns()));
            return EtcFiles.mounts(spec, h, hosts, resolv);
        } catch (IOException e) {
            throw new JrunException("write /etc files of container " + c.name() + ": " + e.getMessage(), e);
        }
    }

    /** /etc/hosts, rewritten in place (it is bind-mounted) once the container has its address. */
    private Path writeHosts(Container c, String hostname, RunOptions o, String address) {
        Path hosts = jrun.paths().container(c.id()).resolve("hosts");
        String aliases = c.name().isEmpty() || c.name().equals(hostname) ? hostname : hostname + " " + c.name();
        try {
            return PlainFiles.writeString(hosts, EtcFiles.withHosts(EtcFiles.hosts(o.network(), readHost("/etc/hosts"),
                    aliases, address), o.networkFlags().addHosts()));
        } catch (IOException e) {
            throw new JrunException("write /etc/hosts of container " + c.name() + ": " + e.getMessage(), e);
        }
    }

    private static String readHost(String path) {
        try {
            return PlainFiles.readString(Path.of(path));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The image's /etc/passwd or /etc/group, read through the mounted rootfs. A symlink there could point
     * at a host file, so it is not followed: such an image simply has no user database.
     */
    static String readImageFile(Path rootfs, String name) {
        Path etc = rootfs.resolve("etc");
        Path f = etc.resolve(name);
        // not following links, /etc must be a directory and the file a regular file: two lookups that say
        // false for a missing file (isSymbolicLink's readAttributes throws an exception for one)
        if (!Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return PlainFiles.readString(f);
        } catch (IOException e) {
            return null;
        }
    }
}
