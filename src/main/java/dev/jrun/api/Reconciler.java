package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.linux.CgroupFs;
import dev.jrun.linux.Launcher;
import dev.jrun.linux.ProcessSignals;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerState;
import dev.jrun.runtime.ContainerStatus;
import dev.jrun.store.StoreLock;
import java.time.Instant;

/**
 * Refreshes containers' state from facts: a container recorded as running whose process is gone (or is a
 * different process that reuses the pid, told apart by its start time) has exited while nobody watched;
 * what a killed jrun left for it (overlay mount, cgroup) is removed, and with --rm the container too.
 */
public final class Reconciler {
    private final Jrun jrun;

    Reconciler(Jrun jrun) {
        this.jrun = jrun;
    }

    /**
     * True if the recorded process of c is alive and is the same process (start time compared, since pids
     * are reused), and not a zombie: an orphaned container is reparented to the host's PID 1, which may
     * never reap it.
     */
    public static boolean alive(ContainerState s) {
        if (s.status() != ContainerStatus.RUNNING || s.pid() <= 0) {
            return false;
        }
        return ProcessSignals.alive((int) s.pid(), s.pidStartTime());
    }

    /** Reconciles every container; returns how many were found dead and cleaned. */
    public int reconcileAll() {
        int n = OwnedContainers.removeOrphans(jrun); // started through the API by a JVM that was killed
        n += jrun.containers().sweepUnfinished(); // directories of creates killed before their end
        for (Container c : jrun.containers().list()) {
            if (c.state().status() == ContainerStatus.RUNNING && !alive(c.state()) && !Monitor.watched(jrun, c.id())
                    && reconcileDead(c.id())) {
                n++;
            } else if (c.state().status() != ContainerStatus.RUNNING && ContainerNetwork.read(jrun, c.id()) != null) {
                n += cleanupInterruptedStart(c);
            }
        }
        return n;
    }

    /**
     * Under the container's lock: if container id is recorded as running but its process is gone, records
     * the exit as lost (255) and cleans up. False if it runs, exited properly, or was removed meanwhile.
     */
    boolean reconcileDead(String id) {
        try (StoreLock l = jrun.containers().lock(id)) {
            Container fresh = jrun.containers().resolve(id);
            if (fresh.state().status() == ContainerStatus.RUNNING && !alive(fresh.state())) {
                cleanupDead(fresh);
                return true;
            }
            return false;
        } catch (JrunException e) {
            return false; // removed meanwhile by another jrun
        }
    }

    /**
     * A container that is not running but still has a network record: the jrun starting it was killed
     * after recording the network and before the container ran (a start in progress holds the lock, so
     * once we have it, whatever is left is a leftover). Its child, held before exec, is killed, and its
     * network, mount and cgroup removed.
     */
    private int cleanupInterruptedStart(Container c) {
        try (StoreLock l = jrun.containers().lock(c.id())) {
            Container fresh = jrun.containers().resolve(c.id());
            if (fresh.state().status() == ContainerStatus.RUNNING || ContainerNetwork.read(jrun, c.id()) == null) {
                return 0;
            }
            CgroupFs cg = Launcher.forThisHost().cgroups();
            if (cg != null) {
                CgroupFs.Cgroup group = cg.existing(c.id());
                for (int i = 0; i < 100 && !ProcessSignals.cgroupPids(group).isEmpty(); i++) {
                    ProcessSignals.cgroupPids(group).forEach(pid -> ProcessSignals.send(pid, 9));
                    sleep(20);
                }
            }
            ContainerNetwork.release(jrun, fresh);
            jrun.filesystem().unmount(fresh);
            removeCgroup(c.id());
            return 1;
        } catch (JrunException e) {
            return 0; // removed meanwhile by another jrun
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cleanupDead(Container c) {
        ContainerNetwork.release(jrun, c);
        jrun.filesystem().unmount(c);
        removeCgroup(c.id());
        if (c.record().autoRemove()) {
            jrun.containers().delete(c.id());
        } else {
            // the exit status of a process nobody reaped is lost: docker shows such containers as 255
            jrun.containers().saveState(c.id(), c.state().exited(255, Instant.now().toString()));
        }
    }

    /**
     * rm -f of a running container: SIGKILL its PID 1 (which takes the whole PID namespace with it), wait
     * for it to go, then remove its mount and cgroup. The caller holds the container's lock.
     */
    public void kill(Container c) {
        if (alive(c.state())) {
            ProcessHandle.of(c.state().pid()).ifPresent(h -> {
                h.destroyForcibly();
                try {
                    h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new JrunException("container " + c.name() + " (pid " + c.state().pid()
                            + ") did not die within 10 s of SIGKILL", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        ContainerNetwork.release(jrun, c);
        jrun.filesystem().unmount(c);
        removeCgroup(c.id());
    }

    static void removeCgroup(String id) {
        CgroupFs cg = Launcher.forThisHost().cgroups();
        if (cg != null) {
            cg.remove(cg.existing(id));
        }
    }
}
