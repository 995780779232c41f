package dev.jrun.linux;

/**
 * Runs a SyscallTable in a new process through the trampoline: builds clone_args (struct
 * clone_args of linux/sched.h, 88 bytes with the cgroup field), gives the child its own stack,
 * and returns once the child has exec'd or died (CLONE_VFORK).
 */
public final class Clone {
    public static final long CLONE_VM = 0x100;
    public static final long CLONE_VFORK = 0x4000;
    public static final long CLONE_PIDFD = 0x1000;
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
            SyscallTable.Failure f = table.failure(header);
            if (f != null) {
                int code = NativeCalls.waitPidfd(pidfd);
                NativeCalls.close(pidfd);
                throw new ChildFailedException(f, code);
            }
            return new Child((int) pid, pidfd, took);
        }
    }
}
