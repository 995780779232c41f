package dev.jrun.linux;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;

/**
 * An epoll set (level-triggered, EPOLLIN) over raw fds, each registered with a caller's token: lets one
 * thread watch the pipes and pidfds of many containers (the JDK's Selector takes only its own channels).
 * Reads of a ready fd go through {@link #read}. Calls through jffi's Invoker, as {@link Pipe} does.
 */
public final class Epoll implements AutoCloseable {
    private static final Invoker INVOKER = Invoker.getInstance();
    private static final Library LIBC = Library.getCachedInstance("libc.so.6", Library.LAZY | Library.GLOBAL);
    private static final CallContext INT_INT = ctx(Type.SINT32, Type.SINT32);
    private static final CallContext CTL = ctx(Type.SINT32, Type.SINT32, Type.SINT32, Type.SINT32, Type.POINTER);
    private static final CallContext WAIT = ctx(Type.SINT32, Type.SINT32, Type.POINTER, Type.SINT32, Type.SINT32);
    private static final CallContext READ = ctx(Type.SINT64, Type.SINT32, Type.POINTER, Type.UINT64);
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLLIN = 1;
    private static final int EINTR = 4;
    /** struct epoll_event is packed on x86_64 (4 + 8 bytes) and naturally aligned elsewhere (4 + pad + 8). */
    private static final int EVENT_SIZE = "aarch64".equals(System.getProperty("os.arch")) ? 16 : 12;
    private static final int DATA_OFFSET = EVENT_SIZE - 8;
    private static final int MAX_EVENTS = 64;

    private final int epfd;
    private final NativeMemory memory = new NativeMemory();
    private final long events;
    private final long ctlEvent;
    private final long readBuffer;
    private final int readBufferSize;

    private Epoll(int epfd, int readBufferSize) {
        this.epfd = epfd;
        this.events = memory.allocate((long) EVENT_SIZE * MAX_EVENTS);
        this.ctlEvent = memory.allocate(EVENT_SIZE);
        this.readBuffer = memory.allocate(readBufferSize);
        this.readBufferSize = readBufferSize;
    }

    /** epoll_create1(EPOLL_CLOEXEC); reads through this set copy at most readBufferSize bytes at a time. */
    public static Epoll open(int readBufferSize) {
        int fd = (int) INVOKER.invokeI1(INT_INT, symbol("epoll_create1"), NativeCalls.O_CLOEXEC);
        if (fd < 0) {
            throw new SyscallException("epoll_create1", NativeCalls.errno());
        }
        return new Epoll(fd, readBufferSize);
    }

    /** Watches fd for input (or hang-up); {@link #await} reports it as token. */
    public synchronized void add(int fd, long token) {
        NativeMemory.IO.putInt(ctlEvent, EPOLLIN);
        NativeMemory.putLong(ctlEvent + DATA_OFFSET, token);
        if ((int) INVOKER.invokeN4(CTL, symbol("epoll_ctl"), epfd, EPOLL_CTL_ADD, fd, ctlEvent) != 0) {
            throw new SyscallException("epoll_ctl ADD fd " + fd, NativeCalls.errno());
        }
    }

    /** Stops watching fd (closing fd does it too, once no other copy of it is open). */
    public void remove(int fd) {
        INVOKER.invokeN4(CTL, symbol("epoll_ctl"), epfd, EPOLL_CTL_DEL, fd, ctlEvent);
    }

    /**
     * Blocks up to timeoutMillis (-1: forever) for ready fds; puts their tokens in tokens and returns how
     * many (0 on timeout or signal). One thread at a time.
     */
    public int await(long[] tokens, int timeoutMillis) {
        int n = (int) INVOKER.invokeN4(WAIT, symbol("epoll_wait"), epfd, events, Math.min(tokens.length, MAX_EVENTS),
                timeoutMillis);
        if (n < 0) {
            int e = NativeCalls.errno();
            if (e == EINTR) {
                return 0;
            }
            throw new SyscallException("epoll_wait", e);
        }
        for (int i = 0; i < n; i++) {
            tokens[i] = NativeMemory.getLong(events + (long) i * EVENT_SIZE + DATA_OFFSET);
        }
        return n;
    }

    /**
     * read(2) from a ready fd into buf (at most the set's buffer size): the byte count, 0 at end of file.
     * Only from the thread that calls {@link #await}.
     */
    public int read(int fd, byte[] buf) {
        while (true) {
            long n = INVOKER.invokeN3(READ, symbol("read"), fd, readBuffer, Math.min(buf.length, readBufferSize));
            if (n >= 0) {
                NativeMemory.IO.getByteArray(readBuffer, buf, 0, (int) n);
                return (int) n;
            }
            int e = NativeCalls.errno();
            if (e != EINTR) {
                throw new SyscallException("read fd " + fd, e);
            }
        }
    }

    /** Closes an fd this set watched (or any other raw fd). */
    public static void closeFd(int fd) {
        NativeCalls.close(fd);
    }

    @Override
    public void close() {
        NativeCalls.close(epfd);
        memory.close();
    }

    private static CallContext ctx(Type ret, Type... params) {
        return CallContext.getCallContext(ret, params, CallingConvention.DEFAULT, true);
    }

    private static long symbol(String name) {
        long a = LIBC == null ? 0 : LIBC.getSymbolAddress(name);
        if (a == 0) {
            throw new LinuxUnavailableException("libc.so.6 has no symbol " + name);
        }
        return a;
    }
}
