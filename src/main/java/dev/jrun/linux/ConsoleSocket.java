package dev.jrun.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * runc's --console-socket: connect to the caller's unix socket and pass it a terminal's master fd
 * with SCM_RIGHTS (the payload is the terminal's name), as runc's utils.SendFile does; podman's
 * conmon and containerd's shim receive it so they can copy the container's terminal.
 */
public final class ConsoleSocket {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int SUN_PATH_MAX = 108;

    private ConsoleSocket() {
    }

    /** Connects to socket and sends fd with name as the message; the caller keeps its fd. */
    public static void send(Path socket, int fd, String name) {
        byte[] path = socket.toString().getBytes(StandardCharsets.UTF_8);
        if (path.length >= SUN_PATH_MAX) {
            throw new SyscallException("console socket path " + socket + " is longer than " + (SUN_PATH_MAX - 1)
                    + " bytes", 36);
        }
        long s = NativeCalls.syscall(Sys.SOCKET.nr(), AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, 0);
        if (s < 0) {
            throw new SyscallException("create a unix socket for the console socket " + socket, (int) -s);
        }
        try (NativeMemory mem = new NativeMemory()) {
            long addr = mem.allocate(2 + SUN_PATH_MAX);
            NativeMemory.IO.putShort(addr, (short) AF_UNIX);
            NativeMemory.IO.putByteArray(addr + 2, path, 0, path.length);
            long r = NativeCalls.syscall(Sys.CONNECT.nr(), s, addr, 2 + path.length + 1, 0);
            if (r < 0) {
                throw new SyscallException("connect to console socket " + socket, (int) -r);
            }
            long msg = message(mem, fd, name.getBytes(StandardCharsets.UTF_8));
            r = NativeCalls.syscall(Sys.SENDMSG.nr(), s, msg, 0, 0);
            if (r < 0) {
                throw new SyscallException("send the terminal's fd over console socket " + socket, (int) -r);
            }
        } finally {
            NativeCalls.close((int) s);
        }
    }

    /** struct msghdr (64-bit layout) with one iovec holding payload and one SCM_RIGHTS cmsghdr holding fd. */
    private static long message(NativeMemory mem, int fd, byte[] payload) {
        long data = mem.allocate(payload.length);
        NativeMemory.IO.putByteArray(data, payload, 0, payload.length);
        long iov = mem.longs(data, payload.length);
        long control = mem.allocate(24); // CMSG_SPACE(sizeof(int))
        NativeMemory.putLong(control, 20); // CMSG_LEN(sizeof(int))
        NativeMemory.IO.putInt(control + 8, SOL_SOCKET);
        NativeMemory.IO.putInt(control + 12, SCM_RIGHTS);
        NativeMemory.IO.putInt(control + 16, fd);
        // msg_name, msg_namelen, msg_iov, msg_iovlen, msg_control, msg_controllen, msg_flags
        return mem.longs(0, 0, iov, 1, control, 24, 0);
    }
}
