package dev.jrun.oci;

import dev.jrun.PlainFiles;
import dev.jrun.linux.Launcher;
import dev.jrun.linux.Pending;
import dev.jrun.linux.Pipe;
import dev.jrun.linux.ProcessSignals;
import dev.jrun.store.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * runc's create/start split through an exec fifo in the state dir: create launches the container
 * whose last steps before exec write a byte to a ready pipe, then open the fifo for writing, which
 * blocks; create returns once it has read that byte (as runc's create waits on its init pipe). start opens the fifo for
 * reading, which lets the process go on to exec, and removes the fifo (its absence means started).
 * The launching thread of create stays blocked in clone3 (CLONE_VFORK) until then: the create command's
 * JVM exits with it still blocked, which leaves the child alone.
 */
final class ExecFifo {
    static final String NAME = "exec.fifo";
    private static final long TIMEOUT_NANOS = 10_000_000_000L;
    private final OciRuntime rt;

    ExecFifo(OciRuntime rt) {
        this.rt = rt;
    }

    /**
     * Creates the container; returns the launch, which completes with the running container once
     * start has released it (a foreground run waits on it; create's JVM just exits).
     */
    Pending<Launcher.Started> create(BundleConfig config, String id, OciCgroup cgroup, Path pidFile,
            Path consoleSocket) {
        StateDir states = rt.states();
        Path dir = states.claim(id);
        Path fifo = dir.resolve(NAME);
        Pending<Launcher.Started> launch = new Pending<>();
        int pid = -1;
        try (Console console = Console.open(config.spec().process().terminalOrFalse(), consoleSocket); Pipe ready = Pipe.open()) {
            ProcessSignals.mkfifo(fifo, 0622);
            dev.jrun.Timing.mark("oci create: fifo made");
            new LaunchThread(config, id, cgroup, console, ready, fifo, launch).start();
            awaitReady(id, ready, launch);
            dev.jrun.Timing.mark("oci create: child ready");
            pid = containerPid(id, cgroup);
            cgroup.fs().writeDeviceRules(cgroup.existing(), config.deviceRules());
            dev.jrun.Timing.mark("oci create: device rules written");
            console.handOver();
            OciState s = new OciState(config.spec().ociVersion(), id, pid, OciState.Status.created,
                    config.bundle().toString(), config.rootfs().toString(), OciState.rfc3339(Instant.now()),
                    config.spec().annotations(), ProcessSignals.startMillis(pid), cgroup.path());
            states.write(s);
            dev.jrun.Timing.mark("oci create: state written");
            if (pidFile != null) {
                AtomicFiles.writeVolatile(pidFile.toAbsolutePath(), Integer.toString(pid).getBytes());
            }
            return launch;
        } catch (IOException | RuntimeException e) {
            if (pid > 0) {
                ProcessSignals.send(pid, 9);
                try {
                    launch.join();
                } catch (RuntimeException | Error ended) {
                    // it is gone: what matters here is e
                }
            }
            try {
                cgroup.fs().remove(cgroup.existing());
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            states.remove(id);
            throw e instanceof OciException oe ? oe : new OciException("create " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns once the child has written its ready byte: every step before the exec fifo succeeded
     * and it is about to block opening it. End of file instead means the child is gone: the launch's
     * error says why.
     */
    private static void awaitReady(String id, Pipe ready, Pending<Launcher.Started> launch)
            throws IOException {
        if (ready.in().read() >= 0) {
            return;
        }
        try {
            Launcher.Started s = launch.get(TIMEOUT_NANOS);
            s.close();
            throw new OciException("container " + id + " exec'd without waiting for start");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new OciException(String.valueOf(c.getMessage()), c);
        } catch (TimeoutException e) {
            throw new OciException("container " + id + " closed its ready pipe without a word", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted", e);
        }
    }

    /** The one process of the container's cgroup: the child joined it before saying it was ready. */
    private static int containerPid(String id, OciCgroup cgroup) {
        List<Integer> pids = ProcessSignals.cgroupPids(cgroup.existing());
        if (pids.size() != 1) {
            throw new OciException("container " + id + ": expected its one waiting process in its cgroup, found " + pids);
        }
        return pids.get(0);
    }

    void start(String id) {
        OciState s = rt.state(id);
        if (s.status() != OciState.Status.created) {
            throw new OciException("cannot start a container that is " + s.status() + " (only a created one)");
        }
        Path fifo = rt.states().dir(id).resolve(NAME);
        // Opening for reading blocks until the child opens it for writing (it may be on its way there
        // still), then lets the child go on to exec. In case it died just now, a watchdog thread opens
        // the fifo read-write after 10 s, which ends the wait. (A plain thread: the common pool of a
        // CompletableFuture costs more; a read-write open alone could come before the child's open.
        // java.io's open: FileChannel's first use loads ~40 classes; the watchdog's rare one may.)
        Watchdog watchdog = new Watchdog(fifo);
        watchdog.start();
        try {
            PlainFiles.open(fifo).close();
            watchdog.interrupt();
            if (watchdog.timedOut) {
                throw new OciException("container " + id + " did not take its start signal within 10 s");
            }
            if (!fifo.toFile().delete()) {
                Files.delete(fifo); // java.io's delete is the cheaper call; this one says why it failed
            }
        } catch (NoSuchFileException e) {
            throw new OciException("cannot start container " + id + ": it was started meanwhile");
        } catch (IOException e) {
            throw new OciException("start " + id + ": open " + fifo + ": " + e, e);
        }
    }

    /**
     * create's launching thread: it stays in clone3 (CLONE_VFORK) until start. A class, not a lambda: the first
     * lambda's bootstrap (LambdaMetafactory, the class-file API) is milliseconds of an interpreted create.
     */
    private static final class LaunchThread extends Thread {
        private final BundleConfig config;
        private final OciCgroup cgroup;
        private final Console console;
        private final Pipe ready;
        private final Path fifo;
        private final Pending<Launcher.Started> launch;

        LaunchThread(BundleConfig config, String id, OciCgroup cgroup, Console console, Pipe ready, Path fifo,
                Pending<Launcher.Started> launch) {
            super("jrun-create-" + id);
            this.config = config;
            this.cgroup = cgroup;
            this.console = console;
            this.ready = ready;
            this.fifo = fifo;
            this.launch = launch;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                // the launcher names the cgroup after its id argument: the cgroup's name, not always the container's id
                launch.complete(new Launcher(cgroup.fs()).start(config.spec(), config.rootfs(), cgroup.name(),
                        console.stdio(), fifo, ready.writeFd(), false)); // create exits; start releases
            } catch (Throwable e) {
                launch.fail(e);
            } finally {
                // the child has its own copy: once it is gone, the read below ends
                ready.closeWrite();
            }
        }
    }

    /**
     * start's watchdog. A class, not a lambda and an AtomicBoolean: start runs no other lambda, and the first
     * one's bootstrap (LambdaMetafactory, the class-file API, var handles: ~100 classes) was a third of
     * start's cost above a bare JVM.
     */
    private static final class Watchdog extends Thread {
        private final Path fifo;
        private final Object lock = new Object();
        volatile boolean timedOut;

        Watchdog(Path fifo) {
            super("jrun-start-watchdog");
            this.fifo = fifo;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                // Object.wait, not Thread.sleep: sleep's first call loads its JFR event classes, which no
                // CDS archive holds, from the JDK's modules image
                long deadline = System.nanoTime() + TIMEOUT_NANOS;
                synchronized (lock) {
                    for (long left = TIMEOUT_NANOS; left > 0; left = deadline - System.nanoTime()) {
                        lock.wait(Math.max(1, left / 1_000_000));
                    }
                }
                timedOut = true;
                FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
            } catch (InterruptedException | IOException e) {
                // started in time, or the fifo is gone
            }
        }
    }
}
