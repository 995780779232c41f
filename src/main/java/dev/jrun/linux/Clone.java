package dev.jrun.linux;

import dev.jrun.JrunException;

/**
 * Runs a SyscallTable in a new process through the trampoline: builds clone_args (struct
 * clone_args of linux/sched.h, 88 bytes with the cgroup field), gives the child its own stack,
 * and returns once the child has exec'd or died (CLONE_VFORK).
 */
public final class Clone {
    public static final long CLONE_VM = 0x100;
    public static final long CLONE_VFORK = 0x4000;
    public static final long CLONE_PIDFD = 0x1000;
    public static final long CLONE_PARENT = 0x8000;
    public static final long CLONE_NEWNS = 0x20000;
    public static final long CLONE_NEWCGROUP = 0x02000000;
    public static final long CLONE_NEWUTS = 0x04000000;
    public static final long CLONE_NEWIPC = 0x08000000;
    public static final long CLONE_NEWPID = 0x20000000;
    public static final long CLONE_NEWNET = 0x40000000L;
    public static final long CLONE_CLEAR_SIGHAND = 0x100000000L;
    public static final long CLONE_INTO_CGROUP = 0x200000000L;
    static final int SIGCHLD = 17;
    static final long STACK_SIZE = 64 * 1024;
    static final long ARGS_SIZE = 88;
    static final long ARGS_SIZE_VER0 = 64;

    /** A started child: its pid, a pidfd for it, and how long clone3 to exec took. */
    public record Child(int pid, int pidfd, long cloneToExecNanos) {
    }

    private Clone() {
    }

    /**
     * @param flags    CLONE_NEW* and CLONE_INTO_CGROUP; VM, VFORK, PIDFD and CLEAR_SIGHAND are always added
     * @param cgroupFd directory fd of a cgroup v2 for CLONE_INTO_CGROUP, or -1
     * @throws ChildFailedException when a step of the table failed (the child exited 127)
     */
    public static Child run(SyscallTable table, long flags, int cgroupFd) {
        return run(table, flags, cgroupFd, false);
    }

    /**
     * As {@link #run(SyscallTable, long, int)} for a table with a fork step (see {@link #forkArgs}): the
     * first child (which joins namespaces and cgroups) forks and exits; returns the forked process, a
     * child of this JVM through CLONE_PARENT, once it has exec'd. The first child is reaped here.
     */
    public static Child runForked(SyscallTable table, long flags, int cgroupFd) {
        return run(table, flags, cgroupFd, true);
    }

    /** clone_args for a fork step: CLONE_VM|CLONE_VFORK|CLONE_PARENT, no own stack (the child never uses one). */
    static long forkArgs(NativeMemory mem) {
        // exit_signal must be 0 with CLONE_PARENT: the child then signals as its creator does (SIGCHLD)
        return mem.longs(CLONE_VM | CLONE_VFORK | CLONE_PARENT, 0, 0, 0, 0, 0, 0, 0);
    }

    private static Child run(SyscallTable table, long flags, int cgroupFd, boolean forked) {
        try (NativeMemory mem = new NativeMemory()) {
            long all = flags | CLONE_VM | CLONE_VFORK | CLONE_PIDFD | CLONE_CLEAR_SIGHAND
                    | (cgroupFd >= 0 ? CLONE_INTO_CGROUP : 0);
            long pidfdSlot = mem.allocate(8);
            long stack = mem.allocate(STACK_SIZE);
            long args = mem.longs(all, pidfdSlot, 0, 0, SIGCHLD, stack, STACK_SIZE, 0, 0, 0,
                    cgroupFd >= 0 ? cgroupFd : 0);
            long header = table.write(mem, args, ARGS_SIZE);
            long t0 = System.nanoTime();
            long pid = Trampoline.get().call(header);
            long took = System.nanoTime() - t0;
            if (pid == -Errno.ENOSYS) {
                throw new LinuxUnavailableException("this kernel has no clone3 system call: jrun needs Linux 5.7 or newer");
            }
            if (pid < 0) {
                throw new SyscallException("clone3 with flags 0x" + Long.toHexString(all), -pid);
            }
            int pidfd = NativeMemory.getInt(pidfdSlot);
            if (forked) {
                return reapFirst(table, header, (int) pid, pidfd, took);
            }
            SyscallTable.Failure f = table.failure(header);
            if (f != null) {
                int code = NativeCalls.waitPidfd(pidfd);
                NativeCalls.close(pidfd);
                throw new ChildFailedException(f, code);
            }
            return new Child((int) pid, pidfd, took);
        }
    }

    /** Reaps the first child of a forked launch and returns its fork, or throws what failed. */
    private static Child reapFirst(SyscallTable table, long header, int firstPid, int firstPidfd, long took) {
        int firstCode;
        try {
            firstCode = NativeCalls.waitPidfd(firstPidfd);
        } finally {
            NativeCalls.close(firstPidfd);
        }
        int pid = SyscallTable.forkedPid(header);
        SyscallTable.Failure f = table.failure(header);
        if (pid <= 0) {
            if (f != null) {
                throw new ChildFailedException(f, firstCode);
            }
            throw new JrunException("the launcher's first child (pid " + firstPid + ") exited " + firstCode
                    + " without forking");
        }
        // our own unreaped child (CLONE_PARENT): its pid cannot be reused before we wait for it
        long pidfd = NativeCalls.syscall(Sys.PIDFD_OPEN.nr(), pid, 0, 0, 0);
        if (pidfd < 0) {
            throw new SyscallException("pidfd_open of the forked process " + pid, -pidfd);
        }
        if (f != null) {
            int code = NativeCalls.waitPidfd((int) pidfd);
            NativeCalls.close((int) pidfd);
            throw new ChildFailedException(f, code);
        }
        return new Child(pid, (int) pidfd, took);
    }
}
