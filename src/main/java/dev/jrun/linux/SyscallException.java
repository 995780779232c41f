package dev.jrun.linux;

import dev.jrun.JrunException;

/** A system call failed: "mount proc on /proc: EPERM (Operation not permitted)"; errno() for callers to branch on. */
public class SyscallException extends JrunException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public SyscallException(String what, long errno) {
        super(what + ": " + Errno.describe(errno));
        this.errno = (int) errno;
    }

    /** For callers that already have the C library's text for the error (strerror). */
    public SyscallException(String what, int errno, String errorText) {
        super(what + ": " + (Errno.describe(errno).contains("(") ? Errno.describe(errno)
                : Errno.describe(errno) + " (" + errorText + ")"));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
