package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.linux.Pipe;
import dev.jrun.linux.Signals;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerStatus;
import dev.jrun.runtime.NoSuchContainerException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * stop, kill and wait on containers that run detached or in another jrun. Signals go to the recorded
 * PID 1 after checking it is still the same process (pid and start time); exits are read from the
 * state the monitor records, refreshed from facts when no monitor is left.
 */
public final class Lifecycle {
    private static final long POLL_MS = 50;
    private final Jrun jrun;

    Lifecycle(Jrun jrun) {
        this.jrun = jrun;
    }

    /** docker kill: sig to the running container's PID 1; an error if it is not running. */
    public void kill(String nameOrId, String signal) {
        int sig = Signals.parse(signal);
        Container c = jrun.containers().resolve(nameOrId);
        if (!Reconciler.alive(c.state()) || !Pipe.kill(c.state().pid(), sig)) {
            throw new JrunException("cannot kill container " + nameOrId + ": container " + c.id()
                    + " is not running");
        }
    }

    /**
     * docker stop: the image's StopSignal (else SIGTERM), SIGKILL after timeoutSeconds (negative: wait
     * forever), then waits until the exit is recorded. A container that is not running is left as it is.
     */
    public void stop(String nameOrId, int timeoutSeconds) {
        Container c = jrun.containers().resolve(nameOrId);
        if (!Reconciler.alive(c.state())) {
            return;
        }
        String stopSignal = c.record().stopSignal();
        int sig = stopSignal == null || stopSignal.isBlank() ? 15 : Signals.parse(stopSignal);
        long pid = c.state().pid();
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return;
        }
        Pipe.kill(pid, sig);
        if (!exits(h.get(), timeoutSeconds < 0 ? Long.MAX_VALUE : timeoutSeconds * 1000L)) {
            Pipe.kill(pid, 9);
            if (!exits(h.get(), 10_000)) {
                throw new JrunException("container " + nameOrId + " (pid " + pid + ") did not die within 10 s of SIGKILL");
            }
        }
        waitExit(c.id());
    }

    private static boolean exits(ProcessHandle h, long millis) {
        try {
            h.onExit().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted while stopping pid " + h.pid(), e);
        }
    }

    /**
     * docker wait: blocks until the container has exited and returns its exit code. The monitor records
     * it; a container nobody watches is reconciled (exit 255). Throws if it is removed meanwhile (--rm).
     */
    public int waitExit(String nameOrId) {
        String id = jrun.containers().resolve(nameOrId).id();
        while (true) {
            Container c;
            try {
                c = jrun.containers().resolve(id);
            } catch (NoSuchContainerException e) {
                throw new JrunException("container " + nameOrId + " was removed (--rm) before its exit code was read");
            }
            if (c.state().status() == ContainerStatus.EXITED) {
                return c.state().exitCode();
            }
            if (c.state().status() == ContainerStatus.RUNNING && !Reconciler.alive(c.state())) {
                jrun.reconciler().reconcileAll();
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JrunException("interrupted while waiting for container " + nameOrId, e);
            }
        }
    }
}
