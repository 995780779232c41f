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
     * once it has said, by a byte on a ready pipe, that every step before the fifo succeeded (as
     * {@code jrun oci create} waits). Returns the started container, which has exec'd its command.
     */
    public static Launcher.Started start(Launcher launcher, Spec spec, Path rootfs, String id, Stdio stdio, Path fifo,
                                         IntConsumer beforeExec) {
        if (launcher.cgroups() == null) {
            throw new JrunException("container " + id + ": a held start finds its child through its cgroup; none given");
        }
        // writable by all: the child opens it after dropping to the container user (the directory guards it)
        ProcessSignals.mkfifo(fifo, 0622);
        CompletableFuture<Launcher.Started> launch = new CompletableFuture<>();
        try (Pipe ready = Pipe.open()) {
            Thread t = new Thread(() -> {
                try {
                    launch.complete(launcher.start(spec, rootfs, id, stdio, fifo, ready.writeFd(), true));
                } catch (Throwable e) {
                    launch.completeExceptionally(e);
                } finally {
                    // the child has its own copy: once it is gone too, the read below ends
                    ready.closeWrite();
                }
            }, "jrun-launch-" + id.substring(0, Math.min(12, id.length())));
            t.setDaemon(true);
            t.start();
            awaitReady(id, ready, launch);
            int pid = containerPid(launcher.cgroups(), id, launch);
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
            int reader = openForRelease(fifo);
            try {
                return launch.get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
            } finally {
                NativeCalls.close(reader);
            }
        } catch (ExecutionException e) {
            throw cause(e);
        } catch (TimeoutException e) {
            throw new JrunException("container " + id + " did not exec within 10 s of its release");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted while starting container " + id, e);
        } catch (IOException e) {
            throw new JrunException("container " + id + ": read its ready pipe: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException ignored) {
                // a fifo left in the container's dir goes with it
            }
        }
    }

    /**
     * Opens the fifo for reading, which lets the child blocked opening it for writing go on to exec. Without
     * O_NONBLOCK the open would wait for a writer, for ever if the child died after its ready byte. The
     * caller keeps the fd open until the child has exec'd: a writer that arrives while no reader has the
     * fifo open waits for the next reader, so a reader opened and closed before the child got to its open
     * would not release it.
     */
    private static int openForRelease(Path fifo) {
        return NativeCalls.open(fifo.toString(), NativeCalls.O_RDONLY | NativeCalls.O_NONBLOCK | NativeCalls.O_CLOEXEC, 0);
    }

    /**
     * Returns once the child has written its ready byte (it is about to block opening the fifo); end of
     * file instead means it is gone without it: the launch's error says why.
     */
    private static void awaitReady(String id, Pipe ready, CompletableFuture<Launcher.Started> launch)
            throws IOException, InterruptedException, ExecutionException {
        if (ready.in().read() >= 0) {
            return;
        }
        try {
            launch.get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS).close();
            throw new JrunException("container " + id + " exec'd without waiting on its exec fifo");
        } catch (TimeoutException e) {
            throw new JrunException("container " + id + " closed its ready pipe without a word");
        }
    }

    /** The one process of the container's cgroup: the child joined it before it wrote its ready byte. */
    private static int containerPid(CgroupFs cgroups, String id, CompletableFuture<Launcher.Started> launch) {
        List<Integer> pids = ProcessSignals.cgroupPids(cgroups.existing(id));
        if (pids.size() != 1) {
            pids.forEach(p -> ProcessSignals.send(p, 9));
            launch.handle((s, x) -> null).join();
            throw new JrunException("container " + id + ": expected its one waiting process in its cgroup, found "
                    + pids);
        }
        return pids.get(0);
    }

    private static RuntimeException cause(ExecutionException e) {
        Throwable c = e.getCause();
        return c instanceof RuntimeException re ? re : new JrunException(String.valueOf(c.getMessage()), c);
    }
}
