package dev.jrun.oci;

import dev.jrun.linux.Launcher;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The outcome of create's launching thread: the started container once start has released it, or the
 * launch's error. A monitor, not a CompletableFuture: its first use initializes the common ForkJoinPool
 * and its var handles (~30 classes, interpreted in a runc verb's JVM) on create's critical path.
 */
public final class PendingLaunch {
    private Launcher.Started started;
    private Throwable error;
    private boolean done;

    synchronized void complete(Launcher.Started s) {
        if (!done) {
            started = s;
            done = true;
            notifyAll();
        }
    }

    synchronized void fail(Throwable e) {
        if (!done) {
            error = e;
            done = true;
            notifyAll();
        }
    }

    /** Waits for the launch; its error comes as the ExecutionException's cause. */
    public Launcher.Started get() throws ExecutionException, InterruptedException {
        synchronized (this) {
            while (!done) {
                wait();
            }
            return result();
        }
    }

    /** As {@link #get()}, for at most timeoutNanos. */
    Launcher.Started get(long timeoutNanos) throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (this) {
            while (!done) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return result();
        }
    }

    /** Waits until the launch has ended, whatever its outcome. */
    void await() {
        boolean interrupted = false;
        synchronized (this) {
            while (!done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Launcher.Started result() throws ExecutionException {
        if (error != null) {
            throw new ExecutionException(error);
        }
        return started;
    }
}
