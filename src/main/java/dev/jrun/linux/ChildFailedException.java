package dev.jrun.linux;

/**
 * A step of the child's table failed: "mount proc on /proc: EPERM (Operation not permitted)".
 * A failed execve (or the check a held child makes before it waits for start) maps to docker's exit
 * codes: 127 when the file is missing, 126 when it cannot be executed; any other step is an engine
 * error (125).
 */
public class ChildFailedException extends SyscallException {
    private static final long serialVersionUID = 1L;
    private final transient SyscallTable.Failure failure;
    private final int childStatus;

    public ChildFailedException(SyscallTable.Failure failure, int childStatus) {
        super(failure.step().description(), failure.errno());
        this.failure = failure;
        this.childStatus = childStatus;
    }

    public SyscallTable.Failure failure() {
        return failure;
    }

    /** What the child itself exited with (127 from the trampoline). */
    public int childStatus() {
        return childStatus;
    }

    @Override
    public int exitCode() {
        if (failure.step().sys() == Sys.EXECVE || failure.step().sys() == Sys.FACCESSAT) {
            return failure.errno() == Errno.ENOENT || failure.errno() == 20 ? 127 : 126;
        }
        return 125;
    }
}
