package dev.jrun.linux;

import dev.jrun.runtime.spec.Linux;

/**
 * Makes a container's cgroup on a thread of its own while the launching thread builds the child's syscall
 * table (see Launcher.start); {@link #await} returns it or throws what made it fail. A Thread subclass and a
 * monitor: no lambda or executor to bootstrap in a short JVM.
 */
final class CgroupMaker extends Thread {
    private final CgroupFs cgroups;
    private final String id;
    private final Linux.Resources resources;
    private final Pending<CgroupFs.Cgroup> made = new Pending<>();

    CgroupMaker(CgroupFs cgroups, String id, Linux.Resources resources) {
        super("jrun-cgroup-" + id);
        this.cgroups = cgroups;
        this.id = id;
        this.resources = resources;
        setDaemon(true);
    }

    @Override
    public void run() {
        try {
            made.complete(cgroups.create(id, resources));
        } catch (Throwable x) {
            made.fail(x);
        }
    }

    /** The cgroup once made; rethrows its creation's error (the same object at every call). */
    CgroupFs.Cgroup await() {
        return made.join();
    }
}
