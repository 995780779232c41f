package dev.jrun.linux;

import java.nio.file.Path;

/**
 * /dev on its tmpfs: the device nodes every container gets (null, zero, full, random, urandom,
 * tty; mknod is fine as root, a rootless mode would bind them from the host as podman does) and
 * the links docker makes (fd, stdin, stdout, stderr, ptmx, core).
 */
final class DevSteps {
    private static final long S_IFCHR = 0020000;

    private DevSteps() {
    }

    /**
     * consoleFd: the terminal (a pty slave) to bind on /dev/console, or -1. The bind takes the
     * pty's path, read from /proc/self/fd here: the fd itself belongs to the host's mount
     * namespace, and binding across namespaces is EINVAL.
     */
    static void add(SyscallTable t, NativeMemory mem, Path rootfs, int consoleFd) {
        if (consoleFd >= 0) {
            String tty;
            try {
                tty = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/" + consoleFd)).toString();
            } catch (java.io.IOException e) {
                throw new dev.jrun.JrunException("find the terminal of fd " + consoleFd + ": " + e.getMessage(), e);
            }
            String console = rootfs + "/dev/console";
            t.addIgnoring(Errno.EEXIST, "create /dev/console", Sys.MKNODAT, ContainerSteps.AT_FDCWD, mem.cstring(console),
                    0100000 | 0620, 0);
            t.add("bind the terminal " + tty + " on /dev/console", Sys.MOUNT, mem.cstring(tty),
                    mem.cstring(console), 0, MountOptions.MS_BIND, 0);
        }
        String dev = rootfs + "/dev/";
        int[][] nodes = {{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}};
        String[] names = {"null", "zero", "full", "random", "urandom", "tty"};
        for (int i = 0; i < names.length; i++) {
            long devt = ((long) nodes[i][0] << 8) | nodes[i][1];
            t.addIgnoring(Errno.EEXIST, "mknod -m 666 /dev/" + names[i] + " c " + nodes[i][0] + " " + nodes[i][1],
                    Sys.MKNODAT, ContainerSteps.AT_FDCWD, mem.cstring(dev + names[i]), S_IFCHR | 0666, devt);
        }
        String[][] links = {{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
            {"/proc/self/fd/2", "stderr"}, {"pts/ptmx", "ptmx"}, {"/proc/kcore", "core"}};
        for (String[] l : links) {
            t.addIgnoring(Errno.EEXIST, "ln -s " + l[0] + " /dev/" + l[1], Sys.SYMLINKAT, mem.cstring(l[0]), ContainerSteps.AT_FDCWD,
                    mem.cstring(dev + l[1]));
        }
    }
}
