package dev.jrun.linux;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The per-file calls of layer unpacking (openat, write, fchown, fchmod, futimens, close,
 * symlinkat) through jffi's Invoker: tens of thousands of them per layer, so no jnr-ffi binding
 * (whose reflective fallback bin/jrun selects) and no java.nio channel objects per file.
 * Errors are FileSystemExceptions naming the path and the errno, safe to call from any thread.
 */
final class AtCalls {
    private static final int O_EXCL = 0200;
    private static final int O_NOCTTY = 0400;
    private static final int O_NOFOLLOW = 0400000;
    private static final int CREATE_NEW = NativeCalls.O_WRONLY | NativeCalls.O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY
            | NativeCalls.O_CLOEXEC;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int EINTR = 4;
    private static final int EEXIST = 17;
    private static final int ENOENT = 2;

    private static final Invoker INVOKER = Invoker.getInstance();
    private static final MemoryIO IO = MemoryIO.getInstance();
    private static final Library LIBC = Library.getCachedInstance("libc.so.6", Library.LAZY | Library.GLOBAL);
    private static final long OPENAT = address("openat");
    private static final long WRITE = address("write");
    private static final long FCHOWN = address("fchown");
    private static final long FCHMOD = address("fchmod");
    private static final long FUTIMENS = address("futimens");
    private static final long CLOSE = address("close");
    private static final long SYMLINKAT = address("symlinkat");
    private static final long UTIMENSAT = address("utimensat");
    private static final long LGETXATTR = address("lgetxattr");
    private static final long CHMOD = address("chmod");
    private static final CallContext I_IPII = callContext(Type.SINT32, Type.SINT32, Type.POINTER, Type.SINT32, Type.SINT32);
    private static final CallContext L_IPL = callContext(Type.SINT64, Type.SINT32, Type.POINTER, Type.SINT64);
    private static final CallContext I_III = callContext(Type.SINT32, Type.SINT32, Type.SINT32, Type.SINT32);
    private static final CallContext I_II = callContext(Type.SINT32, Type.SINT32, Type.SINT32);
    private static final CallContext I_IP = callContext(Type.SINT32, Type.SINT32, Type.POINTER);
    private static final CallContext I_IPPI = callContext(Type.SINT32, Type.SINT32, Type.POINTER, Type.POINTER, Type.SINT32);
    private static final CallContext I_I = callContext(Type.SINT32, Type.SINT32);
    private static final CallContext I_PI = callContext(Type.SINT32, Type.POINTER, Type.SINT32);
    private static final CallContext I_PIP = callContext(Type.SINT32, Type.POINTER, Type.SINT32, Type.POINTER);
    private static final CallContext L_PPPL = callContext(Type.SINT64, Type.POINTER, Type.POINTER, Type.POINTER,
            Type.SINT64);
    private static final int ENODATA = 61;
    private static final int ERANGE = 34;

    private AtCalls() {
    }

    private static long address(String name) {
        long a = LIBC == null ? 0 : LIBC.getSymbolAddress(name);
        if (a == 0) {
            throw new LinuxUnavailableException("libc.so.6 lacks " + name + ": " + Library.getLastError());
        }
        return a;
    }

    private static CallContext callContext(Type ret, Type... params) {
        return CallContext.getCallContext(ret, params, CallingConvention.DEFAULT, true);
    }

    /** openat(AT_FDCWD, path, O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode): a new file, never through a link. */
    static int createExclusive(String path, int mode) throws FileSystemException {
        long name = cstring(path);
        try {
            int fd = (int) INVOKER.invokeL4(I_IPII, OPENAT, AT_FDCWD, name, CREATE_NEW, mode);
            if (fd < 0) {
                throw error("open", path, LastError.getInstance().get());
            }
            return fd;
        } finally {
            IO.freeMemory(name);
        }
    }

    /** Writes all of b[off, off+len) to fd through a native copy, retrying short writes and EINTR. */
    static void writeFully(int fd, byte[] b, int off, int len, String path) throws FileSystemException {
        if (len == 0) {
            return;
        }
        long buf = IO.allocateMemory(len, false);
        if (buf == 0) {
            throw new OutOfMemoryError("native buffer of " + len + " bytes for " + path);
        }
        try {
            IO.putByteArray(buf, b, off, len);
            long done = 0;
            while (done < len) {
                long n = INVOKER.invokeL3(L_IPL, WRITE, fd, buf + done, len - done);
                if (n < 0) {
                    int errno = LastError.getInstance().get();
                    if (errno == EINTR) {
                        continue;
                    }
                    throw error("write", path, errno);
                }
                done += n;
            }
        } finally {
            IO.freeMemory(buf);
        }
    }

    static void fchown(int fd, int uid, int gid, String path) throws FileSystemException {
        check((int) INVOKER.invokeL3(I_III, FCHOWN, fd, uid, gid), "fchown", path);
    }

    static void fchmod(int fd, int mode, String path) throws FileSystemException {
        check((int) INVOKER.invokeL2(I_II, FCHMOD, fd, mode & 07777), "fchmod", path);
    }

    /** futimens(fd, {atime, mtime}), times in nanoseconds since the epoch. */
    static void futimens(int fd, long atimeNanos, long mtimeNanos, String path) throws FileSystemException {
        long times = timespecs(atimeNanos, mtimeNanos);
        try {
            check((int) INVOKER.invokeL2(I_IP, FUTIMENS, fd, times), "futimens", path);
        } finally {
            IO.freeMemory(times);
        }
    }

    /**
     * chmod(path, mode): all 12 bits; follows a symlink, so only for paths the caller made or checked.
     * Here rather than in jnr-ffi's LibC because an unpack's deferred directory modes were its only
     * LibC call, and binding LibC (~150 ms of CPU) came at the very end of every unpack.
     */
    static void chmod(String path, int mode) throws FileSystemException {
        long name = cstring(path);
        try {
            check((int) INVOKER.invokeL2(I_PI, CHMOD, name, mode & 07777), "chmod", path);
        } finally {
            IO.freeMemory(name);
        }
    }

    /** utimensat(AT_FDCWD, path, {atime, mtime}, AT_SYMLINK_NOFOLLOW). */
    static void setTimesNoFollow(String path, long atimeNanos, long mtimeNanos) throws FileSystemException {
        long times = timespecs(atimeNanos, mtimeNanos);
        long name = cstring(path);
        try {
            check((int) INVOKER.invokeL4(I_IPPI, UTIMENSAT, AT_FDCWD, name, times, AT_SYMLINK_NOFOLLOW), "utimensat", path);
        } finally {
            IO.freeMemory(times);
            IO.freeMemory(name);
        }
    }

    private static long timespecs(long atimeNanos, long mtimeNanos) {
        long times = IO.allocateMemory(32, false);
        if (times == 0) {
            throw new OutOfMemoryError("native timespecs");
        }
        IO.putLong(times, Math.floorDiv(atimeNanos, 1_000_000_000L));
        IO.putLong(times + 8, Math.floorMod(atimeNanos, 1_000_000_000L));
        IO.putLong(times + 16, Math.floorDiv(mtimeNanos, 1_000_000_000L));
        IO.putLong(times + 24, Math.floorMod(mtimeNanos, 1_000_000_000L));
        return times;
    }

    /** close(2); an error here (delayed write failure on some file systems) is reported. */
    static void close(int fd, String path) throws FileSystemException {
        check((int) INVOKER.invokeL1(I_I, CLOSE, fd), "close", path);
    }

    /** symlinkat(target, AT_FDCWD, path). */
    static void symlink(String target, String path) throws FileSystemException {
        long t = cstring(target);
        long p = cstring(path);
        try {
            check((int) INVOKER.invokeL3(I_PIP, SYMLINKAT, t, AT_FDCWD, p), "symlink", path);
        } finally {
            IO.freeMemory(t);
            IO.freeMemory(p);
        }
    }

    /**
     * lgetxattr(2): the value of extended attribute {@code name} of {@code path} (not following a last
     * symlink), or null when it has none (ENODATA). Build commits ask this of every directory of a RUN's
     * upper dir, so it is here rather than on the jnr-ffi LibC, whose first binding costs ~100 ms.
     */
    static byte[] lgetxattr(String path, String name) throws FileSystemException {
        long p = cstring(path);
        long n = cstring(name);
        int size = 256;
        try {
            while (true) {
                long buf = IO.allocateMemory(size, false);
                if (buf == 0) {
                    throw new OutOfMemoryError("native buffer of " + size + " bytes for " + path);
                }
                try {
                    long len = INVOKER.invokeL4(L_PPPL, LGETXATTR, p, n, buf, size);
                    if (len >= 0) {
                        byte[] value = new byte[(int) len];
                        IO.getByteArray(buf, value, 0, value.length);
                        return value;
                    }
                    int errno = LastError.getInstance().get();
                    if (errno == ENODATA) {
                        return null;
                    }
                    if (errno != ERANGE || size >= 1 << 20) {
                        throw error("lgetxattr " + name, path, errno);
                    }
                    size *= 8;
                } finally {
                    IO.freeMemory(buf);
                }
            }
        } finally {
            IO.freeMemory(p);
            IO.freeMemory(n);
        }
    }

    private static long cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        long a = IO.allocateMemory(b.length + 1L, false);
        if (a == 0) {
            throw new OutOfMemoryError("native copy of a path of " + b.length + " bytes");
        }
        IO.putZeroTerminatedByteArray(a, b, 0, b.length);
        return a;
    }

    private static void check(int rc, String op, String path) throws FileSystemException {
        if (rc != 0) {
            throw error(op, path, LastError.getInstance().get());
        }
    }

    private static FileSystemException error(String op, String path, int errno) {
        String reason = op + ": " + (errno == 122 ? "EDQUOT (Disk quota exceeded)" : Errno.describe(errno));
        return switch (errno) {
            case EEXIST -> new FileAlreadyExistsException(path, null, reason);
            case ENOENT -> new NoSuchFileException(path, null, reason);
            default -> new FileSystemException(path, null, reason);
        };
    }
}
