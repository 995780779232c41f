package dev.jrun.linux;

import dev.jrun.JrunException;

/** A system call failed; keeps errno for callers to branch on. */
public class SyscallException extends JrunException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public SyscallException(String what, int errno, String errorText) {
        super(what + ": " + errorText + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
