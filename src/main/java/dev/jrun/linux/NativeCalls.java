package dev.jrun.linux;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;

/**
 * The few libc calls the parent side needs (open, close, waitid, raw syscall), through jffi's
 * low-level Invoker: no jnr-ffi interface binding on the launch path. Each is tested.
 */
final class NativeCalls {
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int O_APPEND = 02000;
    static final int O_NONBLOCK = 04000;
    static final int O_DIRECTORY = 0200000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    static final int P_PIDFD = 3;
    static final int WEXITED = 4;

    private static final Invoker INVOKER = Invoker.getInstance();
    private static final Library LIBC = Library.getCachedInstance("libc.so.6", Library.LAZY | Library.GLOBAL);
    private static final long OPEN = symbol("open");
    private static final long CLOSE = symbol("close");
    private static final long WAITID = symbol("waitid");
    private static final long SYSCALL = symbol("syscall");
    private static final CallContext INT_PTR_INT_INT = CallContexts.intPtrIntInt();
    private static final CallContext INT_INT = CallContexts.intInt();
    private static final CallContext WAITID_CTX = CallContexts.waitid();
    private static final CallContext SYSCALL4 = CallContexts.syscall4();
    private static final CallContext SYSCALL5 = CallContexts.syscall5();

    private NativeCalls() {
    }

    private static long symbol(String name) {
        if (LIBC == null) {
            throw new LinuxUnavailableException("cannot load libc.so.6: " + Library.getLastError());
        }
        long a = LIBC.getSymbolAddress(name);
        if (a == 0) {
            throw new LinuxUnavailableException("libc.so.6 has no symbol " + name);
        }
        return a;
    }

    static int errno() {
        return LastError.getInstance().get();
    }

    /** open(2); the error names the path. */
    static int open(String path, int flags, int mode) {
        try (NativeMemory mem = new NativeMemory()) {
            int fd = (int) INVOKER.invokeL3(INT_PTR_INT_INT, OPEN, mem.cstring(path), flags, mode);
            if (fd < 0) {
                throw new SyscallException("open " + path, errno());
            }
            return fd;
        }
    }

    static void close(int fd) {
        if (fd >= 0) {
            INVOKER.invokeL1(INT_INT, CLOSE, fd);
        }
    }

    /** waitid(P_PIDFD, pidfd, WEXITED), retried on EINTR; returns the exit code, or 128+signal. */
    static int waitPidfd(int pidfd) {
        try (NativeMemory mem = new NativeMemory()) {
            long info = mem.allocate(128);
            while (true) {
                long r = INVOKER.invokeL4(WAITID_CTX, WAITID, P_PIDFD, pidfd, info, WEXITED);
                if ((int) r == 0) {
                    break;
                }
                int e = errno();
                if (e != Errno.EINTR) {
                    throw new SyscallException("waitid on pidfd " + pidfd, e);
                }
            }
            int code = NativeMemory.getInt(info + 8);
            int status = NativeMemory.getInt(info + 24);
            return code == 1 ? status : 128 + status; // CLD_EXITED, else CLD_KILLED/CLD_DUMPED
        }
    }

    /** syscall(nr, a, b, c, d, e): -errno on failure, as the kernel returns it. */
    static long syscall(long nr, long a, long b, long c, long d, long e) {
        long r = INVOKER.invokeL6(SYSCALL5, SYSCALL, nr, a, b, c, d, e);
        return r == -1 ? -errno() : r;
    }

    /** syscall(nr, a, b, c, d): -errno on failure, as the kernel returns it. */
    static long syscall(long nr, long a, long b, long c, long d) {
        long r = INVOKER.invokeL5(SYSCALL4, SYSCALL, nr, a, b, c, d);
        return r == -1 ? -errno() : r;
    }
}
