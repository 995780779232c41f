package dev.jrun.oci;

import dev.jrun.linux.CgroupFs;
import dev.jrun.linux.HeldLaunch;
import dev.jrun.linux.Launcher;
import dev.jrun.linux.ProcessSignals;
import dev.jrun.linux.Stdio;
import dev.jrun.store.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * runc's create/start split through an exec fifo in the state dir: create launches the container
 * whose last step before exec opens the fifo for writing, which blocks; create returns once the
 * process waits there (found in the container's cgroup, blocked in openat). start opens the fifo for
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

    void create(BundleConfig config, String id, Path pidFile) {
        StateDir states = rt.states();
        Path dir = states.claim(id);
        Path fifo = dir.resolve(NAME);
        CompletableFuture<Launcher.Started> launch = new CompletableFuture<>();
        int pid = -1;
        try {
            ProcessSignals.mkfifo(fifo, 0622);
            Thread t = new Thread(() -> {
                try {
                    launch.complete(new Launcher(OciRuntime.cgroupFs()).start(config.spec(), config.rootfs(), id,
                            Stdio.inherit(), fifo));
                } catch (Throwable e) {
                    launch.completeExceptionally(e);
                }
            }, "jrun-create-" + id);
            t.setDaemon(true);
            t.start();
            pid = waitUntilBlocked(id, launch);
            OciState s = new OciState(config.spec().ociVersion(), id, pid, OciState.Status.created,
                    config.bundle().toString(), config.rootfs().toString(), Instant.now().toString(),
                    config.spec().annotations(), ProcessSignals.startMillis(pid));
            states.write(s);
            if (pidFile != null) {
                AtomicFiles.write(pidFile.toAbsolutePath(), Integer.toString(pid).getBytes());
            }
        } catch (IOException | RuntimeException e) {
            if (pid > 0) {
                ProcessSignals.send(pid, 9);
                launch.handle((x, y) -> null).join();
            }
            CgroupFs fs = OciRuntime.cgroupFs();
            try {
                fs.remove(fs.existing(id));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            states.remove(id);
            throw e instanceof OciException oe ? oe : new OciException("create " + id + ": " + e.getMessage(), e);
        }
    }

    /** The container's pid once it waits in the fifo's open; the launch's error if it failed first. */
    private static int waitUntilBlocked(String id, CompletableFuture<Launcher.Started> launch) {
        return HeldLaunch.waitUntilBlocked(OciRuntime.cgroupFs(), id, launch, TIMEOUT_NANOS);
    }

    void start(String id) {
        OciState s = rt.state(id);
        if (s.status() != OciState.Status.created) {
            throw new OciException("cannot start a container that is " + s.status() + " (only a created one)");
        }
        Path fifo = rt.states().dir(id).resolve(NAME);
        // opening blocks until the writer is there; it is, unless it died just now: bounded by a timeout
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                in.readAllBytes();
            } catch (IOException e) {
                throw new OciException("open " + fifo + ": " + e, e);
            }
        });
        try {
            read.get(10, TimeUnit.SECONDS);
            Files.deleteIfExists(fifo);
        } catch (TimeoutException e) {
            throw new OciException("container " + id + " did not take its start signal within 10 s");
        } catch (ExecutionException e) {
            throw new OciException("start " + id + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted", e);
        } catch (IOException e) {
            throw new OciException("remove " + fifo + ": " + e, e);
        }
        rt.states().write(s.withStatus(OciState.Status.running));
    }
}
