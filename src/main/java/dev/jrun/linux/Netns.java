package dev.jrun.linux;

import dev.jrun.JrunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A container's network namespace handle: /proc/PID/ns/net bind-mounted on a file (as {@code ip netns}
 * does), so CNI plugins can enter it and it outlives nothing but the handle. Also the one sysctl bridge
 * networking needs.
 */
public final class Netns {
    private static final long MS_BIND = 4096;
    private static final int MNT_DETACH = 2;
    private static final int EINVAL = 22;
    private static final int ENOENT = 2;
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private Netns() {
    }

    /** Bind-mounts the network namespace of pid on handle (created empty, its directory too). */
    public static void bind(int pid, Path handle) {
        try {
            Files.createDirectories(handle.getParent());
            if (!Files.exists(handle)) {
                Files.createFile(handle);
            }
        } catch (IOException e) {
            throw new JrunException("create netns handle " + handle + ": " + e.getMessage(), e);
        }
        String src = "/proc/" + pid + "/ns/net";
        try (NativeMemory mem = new NativeMemory()) {
            long r = NativeCalls.syscall(Sys.MOUNT.nr(), mem.cstring(src), mem.cstring(handle.toString()), 0, MS_BIND);
            if (r < 0) {
                throw new SyscallException("bind mount " + src + " on " + handle, (int) -r);
            }
        }
    }

    /** Unmounts and deletes handle; nothing to do if it is gone or not mounted. */
    public static void release(Path handle) {
        if (!Files.exists(handle)) {
            return;
        }
        try (NativeMemory mem = new NativeMemory()) {
            long r = NativeCalls.syscall(Sys.UMOUNT2.nr(), mem.cstring(handle.toString()), MNT_DETACH, 0, 0);
            if (r < 0 && r != -EINVAL && r != -ENOENT) {
                throw new SyscallException("unmount netns handle " + handle, (int) -r);
            }
        }
        try {
            Files.deleteIfExists(handle);
        } catch (IOException e) {
            throw new JrunException("delete netns handle " + handle + ": " + e.getMessage(), e);
        }
    }

    /** True once net.ipv4.ip_forward is 1; sets it if not (the bridge's NAT needs it). */
    public static boolean enableForwarding() {
        try {
            if (Files.readString(IP_FORWARD).strip().equals("1")) {
                return false;
            }
            Files.writeString(IP_FORWARD, "1\n");
            return true;
        } catch (IOException e) {
            throw new JrunException("enable IPv4 forwarding (write 1 to " + IP_FORWARD + "): " + e.getMessage(), e);
        }
    }
}
