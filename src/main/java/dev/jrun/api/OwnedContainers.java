package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.linux.ProcessSignals;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.NoSuchContainerException;
import dev.jrun.store.StoreLock;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;

/**
 * Cleanup without a reaper: a container started through the embeddable API carries the pid and start time
 * of the JVM that owns it as labels. The owner removes its containers when it exits normally (a shutdown
 * hook); when it was killed, the next API start or jrun command finds the owner gone (no such pid, or a
 * different process under the reused pid, told apart by its start time) and removes them.
 */
public final class OwnedContainers {
    /** The owning process's pid. */
    public static final String OWNER_PID = "dev.jrun.owner.pid";
    /** The owning process's start time, epoch milliseconds. */
    public static final String OWNER_START = "dev.jrun.owner.start";

    /** Probes whether a process with this pid and start time still runs. */
    @FunctionalInterface
    interface Liveness {
        boolean alive(int pid, long startMillis);
    }

    private OwnedContainers() {
    }

    /** The labels naming this JVM as a container's owner. */
    public static Map<String, String> ownedByThisProcess() {
        ProcessHandle me = ProcessHandle.current();
        long start = me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return Map.of(OWNER_PID, Long.toString(me.pid()), OWNER_START, Long.toString(start));
    }

    /** True when labels name an owner that no longer runs; false without owner labels or with bad ones. */
    static boolean orphaned(Map<String, String> labels, Liveness liveness) {
        if (labels == null || !labels.containsKey(OWNER_PID)) {
            return false;
        }
        try {
            int pid = Integer.parseInt(labels.get(OWNER_PID));
            long start = Long.parseLong(labels.getOrDefault(OWNER_START, "0"));
            return !liveness.alive(pid, start);
        } catch (NumberFormatException e) {
            return false; // not ours to judge: someone else set the label
        }
    }

    /** True when c was started through the API by a process that is gone. */
    public static boolean orphaned(Container c) {
        Map<String, String> labels = c.record().labels();
        if (labels == null || !labels.containsKey(OWNER_PID)) {
            return false; // most containers: no method reference linked at every command's start
        }
        return orphaned(labels, ProcessSignals::alive);
    }

    /** Removes every container whose owner is gone; returns how many. */
    public static int removeOrphans(Jrun jrun) {
        int n = 0;
        for (Container c : jrun.containers().list()) {
            if (orphaned(c)) {
                n += remove(jrun, c.id()) ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * rm -f: kills the container if it runs, removes its mount, cgroup and directory. False if it was
     * already gone (another jrun removed it meanwhile).
     */
    public static boolean remove(Jrun jrun, String id) {
        if (!Files.exists(jrun.paths().containerConfig(id))) {
            return false;
        }
        try (StoreLock l = jrun.containers().lock(id)) {
            Container fresh = jrun.containers().resolve(id);
            jrun.reconciler().kill(fresh);
            jrun.containers().delete(id);
            return true;
        } catch (NoSuchContainerException e) {
            return false;
        } catch (JrunException e) {
            if (!Files.exists(jrun.paths().containerConfig(id))) {
                return false;
            }
            throw new JrunException("remove container " + id + ": " + e.getMessage(), e);
        }
    }
}
