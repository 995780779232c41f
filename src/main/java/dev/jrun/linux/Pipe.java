package dev.jrun.linux;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A pipe whose write end goes to a container (as {@link Stdio.ToFd}) and whose read end jrun reads as
 * a stream. Both ends are O_CLOEXEC: the launcher dup2s the write end onto the child's 1 or 2 (which
 * clears the flag there) and closes every other fd, so the container never holds the read end.
 */
public final class Pipe implements AutoCloseable {
    private static final Invoker INVOKER = Invoker.getInstance();
    private static final Library LIBC = Library.getCachedInstance("libc.so.6", Library.LAZY | Library.GLOBAL);
    private static final CallContext INT_PTR_INT = CallContext.getCallContext(Type.SINT32,
            new Type[] {Type.POINTER, Type.SINT32}, CallingConvention.DEFAULT, true);
    private static final CallContext INT_INT_INT = CallContext.getCallContext(Type.SINT32,
            new Type[] {Type.SINT32, Type.SINT32}, CallingConvention.DEFAULT, true);

    private final InputStream read;
    private int readFd = -1;
    private int writeFd;

    private Pipe(InputStream read, int writeFd) {
        this.read = read;
        this.writeFd = writeFd;
    }

    /** pipe2(O_CLOEXEC); the read end is reopened through /proc/self/fd as a Java stream. */
    public static Pipe open() {
        int[] fds = pipe2();
        int r = fds[0];
        int w = fds[1];
        try {
            InputStream in = new FileInputStream("/proc/self/fd/" + r);
            return new Pipe(in, w);
        } catch (IOException e) {
            NativeCalls.close(w);
            throw new SyscallException("open read end of pipe /proc/self/fd/" + r, 9);
        } finally {
            NativeCalls.close(r);
        }
    }

    /** pipe2(O_CLOEXEC) whose read end stays a raw fd ({@link #readFd}), for an {@link Epoll} set. */
    public static Pipe openRaw() {
        int[] fds = pipe2();
        Pipe p = new Pipe(null, fds[1]);
        p.readFd = fds[0];
        return p;
    }

    private static int[] pipe2() {
        try (NativeMemory mem = new NativeMemory()) {
            long fds = mem.allocate(8);
            int rc = (int) INVOKER.invokeL2(INT_PTR_INT, symbol("pipe2"), fds, NativeCalls.O_CLOEXEC);
            if (rc != 0) {
                throw new SyscallException("pipe2", NativeCalls.errno());
            }
            return new int[] {NativeMemory.getInt(fds), NativeMemory.getInt(fds + 4)};
        }
    }

    /** The raw read end of a pipe made by {@link #openRaw}. */
    public int readFd() {
        return readFd;
    }

    /** The read end: EOF once every copy of the write end is closed. */
    public InputStream in() {
        return read;
    }

    /** The write end, for {@link Stdio.ToFd}. */
    public int writeFd() {
        return writeFd;
    }

    /** Closes jrun's copy of the write end (after the container has its own). */
    public synchronized void closeWrite() {
        if (writeFd >= 0) {
            NativeCalls.close(writeFd);
            writeFd = -1;
        }
    }

    /** Closes the raw read end of a pipe made by {@link #openRaw}. */
    public synchronized void closeRead() {
        if (readFd >= 0) {
            NativeCalls.close(readFd);
            readFd = -1;
        }
    }

    @Override
    public void close() throws IOException {
        closeWrite();
        closeRead();
        if (read != null) {
            read.close();
        }
    }

    /** kill(2): sends sig to pid; false if there is no such process (ESRCH). */
    public static boolean kill(long pid, int sig) {
        int rc = (int) INVOKER.invokeL2(INT_INT_INT, symbol("kill"), (int) pid, sig);
        if (rc == 0) {
            return true;
        }
        int e = NativeCalls.errno();
        if (e == 3) {
            return false;
        }
        throw new SyscallException("send signal " + sig + " to pid " + pid, e);
    }

    private static long symbol(String name) {
        long a = LIBC == null ? 0 : LIBC.getSymbolAddress(name);
        if (a == 0) {
            throw new LinuxUnavailableException("libc.so.6 has no symbol " + name);
        }
        return a;
    }
}
