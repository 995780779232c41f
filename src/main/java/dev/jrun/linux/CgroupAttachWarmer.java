package dev.jrun.linux;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Keeps the kernel's cgroup attach lock warm while a container is being set up on cgroup v1.
 *
 * <p>Writing to a v1 cgroup.procs takes cgroup_threadgroup_rwsem for writing, a per-CPU rwsem whose writer
 * first waits for an RCU grace period (rcu_sync_enter: 5-16 ms here) unless another writer left it less than
 * a grace period ago. The container's child joins its v1 cgroups that way, right on create's critical
 * path. This thread moves this process into the cgroup it is already in (a no-op for the kernel's
 * accounting) from the start of the set-up, and again every 2 ms, so that the grace period is waited for
 * here, beside the rest of the set-up, and the child's writes find the lock warm.
 */
public final class CgroupAttachWarmer extends Thread {
    private final Path procs;
    private volatile boolean done;

    private CgroupAttachWarmer(Path procs) {
        super("jrun-cgroup-warmer");
        this.procs = procs;
        setDaemon(true);
    }

    /** Starts it for layout's first v1 hierarchy this process is in; null (nothing started) on a v2-only host. */
    public static CgroupAttachWarmer start(CgroupLayout layout) {
        if (layout.v1().isEmpty()) {
            return null;
        }
        Map<String, String> self;
        try {
            self = ProcCgroups.parse(LinuxSupport.readProc("/proc/self/cgroup"));
        } catch (IOException e) {
            return null;
        }
        for (Map.Entry<String, String> h : self.entrySet()) {
            Path mount = layout.v1().get(h.getKey().split(",")[0]);
            if (mount != null && h.getValue().startsWith("/")) {
                CgroupAttachWarmer w = new CgroupAttachWarmer(mount.resolve(h.getValue().substring(1)).resolve("cgroup.procs"));
                w.start();
                return w;
            }
        }
        return null;
    }

    @Override
    public void run() {
        byte[] self = {'0'};
        // one open file for all the writes (each write is a move of its own): opening and closing it every
        // time doubled this thread's CPU, which the set-up on the main thread competes with
        try (FileOutputStream out = new FileOutputStream(procs.toString())) {
            while (!done) {
                out.write(self);
                // parkNanos, not Thread.sleep: sleep's first call loads its JFR event classes, which no CDS
                // archive holds, from the JDK's modules image
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                if (Thread.interrupted()) {
                    return;
                }
            }
        } catch (IOException e) {
            // only a speed-up: a host that refuses it sets up as before
        }
    }

    /** The cgroup.procs it writes to: this process's own cgroup in one v1 hierarchy. */
    Path procs() {
        return procs;
    }

    /** Ends the loop (the child has joined its cgroups). */
    public void finish() {
        done = true;
    }
}
