package dev.jrun.linux;

import dev.jrun.PlainFiles;
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
        // release.split("[.-]") by hand: a regex's character class bootstraps lambdas (see NativeWarmUp.start)
        int a = field(release, 0);
        int b = a < release.length() ? field(release, a + 1) : -1;
        boolean rest = false; // split drops trailing empty fields: "6." and "6.-" are [6]
        for (int i = a; i < release.length() && !rest; i++) {
            rest = release.charAt(i) != '.' && release.charAt(i) != '-';
        }
        b = rest ? b : -1;
        try {
            return new int[] {Integer.parseInt(release.substring(0, a)),
                    b < 0 ? 0 : Integer.parseInt(release.substring(a + 1, b))};
        } catch (NumberFormatException e) {
            return new int[] {0, 0};
        }
    }

    /** The end of the field of release that starts at from: the next '.' or '-', or the end. */
    private static int field(String release, int from) {
        int i = from;
        while (i < release.length() && release.charAt(i) != '.' && release.charAt(i) != '-') {
            i++;
        }
        return i;
    }

    /** /proc/self/status as first read: jrun never changes its own ids or capabilities. */
    private static volatile String status;

    /**
     * /proc/self/status, read once per process, for its ids and capabilities (which jrun never changes): a
     * run asked twice (the launcher's held capabilities, then whether it is root), ~0.3 ms interpreted each.
     */
    private static String credentials() throws IOException {
        String s = status;
        if (s == null) {
            s = readProc("/proc/self/status");
            status = s;
        }
        return s;
    }

    static long effectiveUid() {
        try {
            String uids = statusField(credentials(), "Uid:");
            return uids == null ? -1 : Long.parseLong(secondWord(uids));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The rest of the /proc/[pid]/status line that starts with key ("CapPrm:"), or null. Found by indexOf:
     * splitting the ~60 lines into strings cost an interpreted run ~0.5 ms each time.
     */
    static String statusField(String status, String key) {
        int at = status.startsWith(key) ? 0 : status.indexOf("\n" + key);
        if (at < 0) {
            return null;
        }
        int from = at == 0 ? key.length() : at + 1 + key.length();
        int end = status.indexOf('\n', from);
        return status.substring(from, end < 0 ? status.length() : end);
    }

    /** trim().split("\\s+")[1] of s by hand (see version): its second run of non-whitespace. */
    static String secondWord(String s) {
        int i = 0;
        int word = -1;
        while (i < s.length()) {
            while (i < s.length() && space(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < s.length() && !space(s.charAt(i))) {
                i++;
            }
            if (start < i && ++word == 1) {
                return s.substring(start, i);
            }
        }
        throw new ArrayIndexOutOfBoundsException("no second word in \"" + s + "\"");
    }

    /** What the regex \\s matches. */
    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
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
            String caps = statusField(credentials(), "CapPrm:");
            return caps == null ? -1L : Long.parseUnsignedLong(caps.trim(), 16);
        } catch (IOException | RuntimeException e) {
            return -1L;
        }
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
