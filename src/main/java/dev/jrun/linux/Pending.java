package dev.jrun.linux;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The outcome of work on another thread: a value or the error that stopped it (oci create's launch, the
 * cgroup a launch makes on the side). A monitor, not a CompletableFuture: its first use initializes the
 * common ForkJoinPool and its var handles (~30 classes, interpreted in a runc verb's JVM).
 */
public final class Pending<T> {
    private T value;
    private Throwable error;
    private boolean done;

    /** Sets the value, unless the outcome is already known. */
    public synchronized void complete(T v) {
        if (!done) {
            value = v;
            done = true;
            notifyAll();
        }
    }

    /** Sets the error, unless the outcome is already known. */
    public synchronized void fail(Throwable e) {
        if (!done) {
            error = e;
            done = true;
            notifyAll();
        }
    }

    /** Waits for the outcome; the error comes as the ExecutionException's cause. */
    public T get() throws ExecutionException, InterruptedException {
        synchronized (this) {
            while (!done) {
                wait();
            }
            return result();
        }
    }

    /** As {@link #get()}, for at most timeoutNanos. */
    public T get(long timeoutNanos) throws ExecutionException, InterruptedException, TimeoutException {
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

    /** Waits for the outcome without being interruptible (the interrupt is kept); rethrows an unchecked error as is. */
    public T join() {
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
        if (error instanceof RuntimeException r) {
            throw r;
        }
        if (error instanceof Error r) {
            throw r;
        }
        if (error != null) {
            throw new IllegalStateException(error);
        }
        return value;
    }

    private T result() throws ExecutionException {
        if (error != null) {
            throw new ExecutionException(error);
        }
        return value;
    }
}
