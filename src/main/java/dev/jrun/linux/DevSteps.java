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

    static void add(SyscallTable t, NativeMemory mem, Path rootfs) {
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
