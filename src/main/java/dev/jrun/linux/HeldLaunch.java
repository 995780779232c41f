package dev.jrun.linux;

import dev.jrun.JrunException;
import dev.jrun.runtime.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * Starts a container held just before its exec (on an exec fifo), runs something with its pid while
 * it waits there (CNI ADD into its network namespace), then lets it exec. If that something fails, the
 * child is killed before it ever runs the container's command.
 */
public final class HeldLaunch {
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private HeldLaunch() {
    }

    /**
     * Launches with fifo (created here, removed after) as the exec fifo; beforeExec gets the child's pid
     * once it waits on it. Returns the started container, which has exec'd its command.
     */
    public static Launcher.Started start(Launcher launcher, Spec spec, Path rootfs, String id, Stdio stdio, Path fifo,
                                         IntConsumer beforeExec) {
        if (launcher.cgroups() == null) {
            throw new JrunException("container " + id + ": a held start finds its child through its cgroup; none given");
        }
        // writable by all: the child opens it after dropping to the container user (the directory guards it)
        ProcessSignals.mkfifo(fifo, 0622);
        CompletableFuture<Launcher.Started> launch = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                launch.complete(launcher.start(spec, rootfs, id, stdio, fifo));
            } catch (Throwable e) {
                launch.completeExceptionally(e);
            }
        }, "jrun-launch-" + id.substring(0, Math.min(12, id.length())));
        t.setDaemon(true);
        t.start();
        try {
            int pid = waitUntilBlocked(launcher.cgroups(), id, launch, TIMEOUT_NANOS);
            try {
                beforeExec.accept(pid);
            } catch (RuntimeException e) {
                ProcessSignals.send(pid, 9);
                launch.handle((s, x) -> {
                    if (s != null) {
                        s.close();
                    }
                    return null;
                }).join();
                throw e;
            }
            release(fifo);
            return launch.get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw cause(e);
        } catch (TimeoutException e) {
            throw new JrunException("container " + id + " did not exec within 10 s of its release");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted while starting container " + id, e);
        } finally {
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException ignored) {
                // a fifo left in the container's dir goes with it
            }
        }
    }

    /** Opens the fifo for reading: the child blocked opening it for writing goes on to exec. */
    private static void release(Path fifo) {
        int fd = NativeCalls.open(fifo.toString(), NativeCalls.O_RDONLY | NativeCalls.O_CLOEXEC, 0);
        NativeCalls.close(fd);
    }

    /** The container's pid once it waits in the fifo's open; the launch's error if it failed first. */
    public static int waitUntilBlocked(CgroupFs cgroups, String id, CompletableFuture<Launcher.Started> launch,
                                       long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            if (launch.isDone()) {
                try {
                    launch.get().close();
                    throw new JrunException("container " + id + " exec'd without waiting on its exec fifo");
                } catch (ExecutionException e) {
                    throw cause(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new JrunException("interrupted", e);
                }
            }
            List<Integer> pids = ProcessSignals.cgroupPids(cgroups.existing(id));
            if (pids.size() == 1 && ProcessSignals.waitingOnFifo(pids.get(0))) {
                // seen twice 5 ms apart with the launch still pending: not a passing openat of another step
                sleep(5);
                if (!launch.isDone() && ProcessSignals.waitingOnFifo(pids.get(0))) {
                    return pids.get(0);
                }
                continue;
            }
            sleep(1);
        }
        throw new JrunException("container " + id + " did not reach its exec fifo within "
                + timeoutNanos / 1_000_000_000L + " s");
    }

    private static RuntimeException cause(ExecutionException e) {
        Throwable c = e.getCause();
        return c instanceof RuntimeException re ? re : new JrunException(String.valueOf(c.getMessage()), c);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted", e);
        }
    }
}
