package dev.jrun.runtime;

/**
 * Kernel interfaces jrun's launcher relies on and the first kernel version that has them (shared/DESIGN.md).
 * Judged by version: these are syscalls and flags whose absence shows only when they are called.
 */
public enum KernelFeature {
    CLONE3("clone3", 5, 3, "the launcher's clone3 trampoline"),
    PIDFD("pidfd (CLONE_PIDFD, pidfd_open)", 5, 3, "waiting on and signalling containers without pid reuse races"),
    WAITID_P_PIDFD("waitid(P_PIDFD)", 5, 4, "reaping a container's process through its pidfd"),
    CLONE_INTO_CGROUP("CLONE_INTO_CGROUP", 5, 7, "starting a process inside its cgroup v2"),
    SETNS_PIDFD("setns with a pidfd and several namespaces", 5, 8, "jrun exec joining all namespaces at once"),
    OVERLAY_IN_USERNS("overlayfs in a user namespace", 5, 11, "rootless containers");

    private final String title;
    private final int major;
    private final int minor;
    private final String neededFor;

    KernelFeature(String title, int major, int minor, String neededFor) {
        this.title = title;
        this.major = major;
        this.minor = minor;
        this.neededFor = neededFor;
    }

    public String title() {
        return title;
    }

    /** The first kernel with this feature, "5.3". */
    public String since() {
        return major + "." + minor;
    }

    public String neededFor() {
        return neededFor;
    }

    public boolean availableOn(KernelVersion kernel) {
        return kernel.atLeast(major, minor);
    }
}
