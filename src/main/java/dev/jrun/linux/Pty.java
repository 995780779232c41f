package dev.jrun.linux;

/**
 * A pseudo-terminal pair for {@code run -t}: the container gets the slave as stdin/out/err (its
 * controlling terminal); jrun copies bytes between the master and its own terminal.
 */
public final class Pty implements AutoCloseable {
    private static final int O_NOCTTY = 0400;
    private static final long TIOCSPTLCK = 0x40045431L;
    private static final long TIOCGPTN = 0x80045430L;
    private static final long TIOCGWINSZ = 0x5413L;
    private static final long TIOCSWINSZ = 0x5414L;
    private static final int EINTR = 4;

    private final int master;
    private final String slavePath;
    private int slave;
    private final NativeMemory mem = new NativeMemory();
    private final long readBuf = mem.allocate(8192);

    private Pty(int master, int slave, String slavePath) {
        this.master = master;
        this.slave = slave;
        this.slavePath = slavePath;
    }

    public static Pty open() {
        int m = NativeCalls.open("/dev/ptmx", NativeCalls.O_RDWR | O_NOCTTY | NativeCalls.O_CLOEXEC, 0);
        try (NativeMemory tmp = new NativeMemory()) {
            long n = tmp.ints(0);
            check(NativeCalls.syscall(Sys.IOCTL.nr(), m, TIOCSPTLCK, n, 0), "unlock pty");
            check(NativeCalls.syscall(Sys.IOCTL.nr(), m, TIOCGPTN, n, 0), "get pty number");
            String path = "/dev/pts/" + NativeMemory.getInt(n);
            int s = NativeCalls.open(path, NativeCalls.O_RDWR | O_NOCTTY | NativeCalls.O_CLOEXEC, 0);
            return new Pty(m, s, path);
        } catch (RuntimeException e) {
            NativeCalls.close(m);
            throw e;
        }
    }

    private static void check(long r, String what) {
        if (r < 0) {
            throw new SyscallException(what, -r);
        }
    }

    public int slave() {
        return slave;
    }

    /** The master's fd, e.g. to hand over a console socket. */
    public int master() {
        return master;
    }

    /** The slave's path on the host, /dev/pts/N. */
    public String slavePath() {
        return slavePath;
    }

    /** Sets the terminal's size (process.consoleSize); false if the kernel refused. */
    public boolean resize(int rows, int cols) {
        try (NativeMemory tmp = new NativeMemory()) {
            long ws = tmp.allocate(8);
            NativeMemory.IO.putShort(ws, (short) rows);
            NativeMemory.IO.putShort(ws + 2, (short) cols);
            return NativeCalls.syscall(Sys.IOCTL.nr(), master, TIOCSWINSZ, ws, 0) == 0;
        }
    }

    /** Copies the window size of the terminal on fd (jrun's own stdin) to the pty; false if fd is no terminal. */
    public boolean copyWindowSize(int fd) {
        try (NativeMemory tmp = new NativeMemory()) {
            long ws = tmp.allocate(8);
            if (NativeCalls.syscall(Sys.IOCTL.nr(), fd, TIOCGWINSZ, ws, 0) < 0) {
                return false;
            }
            return NativeCalls.syscall(Sys.IOCTL.nr(), master, TIOCSWINSZ, ws, 0) == 0;
        }
    }

    /** Reads what the container wrote; -1 once every slave fd is closed (EIO). Blocks. */
    public int read(byte[] b) {
        while (true) {
            long r = NativeCalls.syscall(Sys.READ.nr(), master, readBuf, Math.min(b.length, 8192), 0);
            if (r == -EINTR) {
                continue;
            }
            if (r <= 0) {
                return -1;
            }
            NativeMemory.IO.getByteArray(readBuf, b, 0, (int) r);
            return (int) r;
        }
    }

    /** Sends keyboard input to the container. */
    public void write(byte[] b, int len) {
        try (NativeMemory tmp = new NativeMemory()) {
            long buf = tmp.allocate(len);
            NativeMemory.IO.putByteArray(buf, b, 0, len);
            long off = 0;
            while (off < len) {
                long r = NativeCalls.syscall(Sys.WRITE.nr(), master, buf + off, len - off, 0);
                if (r == -EINTR) {
                    continue;
                }
                if (r < 0) {
                    throw new SyscallException("write to pty", -r);
                }
                off += r;
            }
        }
    }

    /** Closes jrun's copy of the slave once the container has it, so that reads end when the container does. */
    public void closeSlave() {
        if (slave >= 0) {
            NativeCalls.close(slave);
            slave = -1;
        }
    }

    @Override
    public void close() {
        closeSlave();
        NativeCalls.close(master);
        mem.close();
    }
}
