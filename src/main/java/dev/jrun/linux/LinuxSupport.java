package dev.jrun.linux;

import java.io.IOException;
import java.nio.file.Path;

/** Like netty's Epoll: says why the launcher cannot run here, or null when it can. */
public final class LinuxSupport {
    private LinuxSupport() {
    }

    /** null when the launcher can run, else what is missing and since which kernel it exists. */
    public static String unavailabilityCause() {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            return "jrun runs containers on Linux only (this is " + System.getProperty("os.name") + ")";
        }
        String arch = System.getProperty("os.arch");
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return "jrun's launcher supports x86_64 and aarch64, not " + arch;
        }
        String release = System.getProperty("os.version");
        int[] v = version(release);
        if (v[0] < 5 || (v[0] == 5 && v[1] < 7)) {
            return "kernel " + release + " is too old: jrun needs clone3 and pidfds (5.3), waitid(P_PIDFD) (5.4) "
                    + "and CLONE_INTO_CGROUP (5.7)";
        }
        if (effectiveUid() != 0) {
            return "running containers needs root for now (rootless mode is not implemented yet)";
        }
        return null;
    }

    static int[] version(String release) {
        String[] p = release.split("[.-]");
        try {
            return new int[] {Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 0};
        } catch (NumberFormatException e) {
            return new int[] {0, 0};
        }
    }

    static long effectiveUid() {
        try {
            for (String line : readProc("/proc/self/status").split("\n")) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Reads a /proc file by streaming it (Files.readString trusts the size, which procfs reports wrongly). */
    static String readProc(String path) throws IOException {
        return PlainFiles.readString(Path.of(path));
    }

    /**
     * The capabilities jrun itself holds (CapPrm of /proc/self/status): a container can get no
     * more, and here CAP_SYS_RESOURCE is missing, so --privileged must be cut down to this.
     */
    static long permittedCaps() {
        try {
            for (String line : readProc("/proc/self/status").split("\n")) {
                if (line.startsWith("CapPrm:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1L;
        }
        return -1L;
    }

    /** /proc/sys/kernel/cap_last_cap: the highest capability this kernel knows. */
    static int lastCap() {
        try {
            return Integer.parseInt(readProc("/proc/sys/kernel/cap_last_cap").trim());
        } catch (IOException | NumberFormatException e) {
            return 40;
        }
    }
}
