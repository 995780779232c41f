package dev.jrun.linux;

import dev.jrun.JrunException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where the cgroup hierarchies are mounted, read from /proc/self/mountinfo's content: v1
 * controllers each at their own mount point, a cgroup2 ("unified") mount, or both (hybrid, as on
 * our machines: v1 controllers plus a cgroup2 at /sys/fs/cgroup/unified holding only hugetlb).
 */
public record CgroupLayout(Map<String, Path> v1, Path unified) {
    public enum Kind { V1, V2, HYBRID }

    static final Set<String> CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
            "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc");

    public CgroupLayout {
        // sorted by controller: the hierarchies are mounted, and --explain lists them, in the same order at
        // every run (Map.copyOf's order changes with each JVM's hash salt)
        v1 = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(v1));
        if (v1.isEmpty() && unified == null) {
            throw new JrunException("no cgroup filesystem is mounted (looked for cgroup and cgroup2 in mountinfo)");
        }
    }

    public Kind kind() {
        if (v1.isEmpty()) {
            return Kind.V2;
        }
        return unified == null ? Kind.V1 : Kind.HYBRID;
    }

    /** Read once per process (a run asks at its start and again at its launch). */
    private static volatile CgroupLayout current;

    /**
     * The layout of this machine, read once per process: cgroup hierarchies are mounted at boot, and a
     * run asks at its start and again when it launches (mountinfo read and parsed, ~1 ms interpreted).
     */
    public static CgroupLayout current() {
        CgroupLayout c = current;
        if (c == null) {
            try {
                c = parse(LinuxSupport.readProc("/proc/self/mountinfo"));
            } catch (java.io.IOException e) {
                throw new JrunException("read /proc/self/mountinfo: " + e.getMessage(), e);
            }
            current = c;
        }
        return c;
    }

    /**
     * Parses mountinfo lines: "id parent maj:min root mountpoint opts [optional...] - fstype source superopts".
     * Only cgroup lines are read, field by field with indexOf: every runc verb parses this table, interpreted
     * (bin/jrun runs them -Xint), where String.split's lists and copies cost more than the reading.
     */
    public static CgroupLayout parse(String mountinfo) {
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path unified = null;
        int start = 0;
        while (start < mountinfo.length()) {
            int nl = mountinfo.indexOf('\n', start);
            int end = nl < 0 ? mountinfo.length() : nl;
            int dash = mountinfo.indexOf(" - cgroup", start);
            if (dash < 0) {
                break; // no cgroup line from here on
            }
            if (dash >= end) {
                start = mountinfo.lastIndexOf('\n', dash) + 1; // the line that has it
                continue;
            }
            // fields by hand, not split: "id parent maj:min root mountpoint ..." and "fstype source superopts"
            int mp = nthField(mountinfo, start, dash, 4);
            int type = dash + 3;
            int source = nthField(mountinfo, type, end, 1);
            int opts = nthField(mountinfo, type, end, 2);
            start = end + 1;
            if (mp < 0 || opts < 0) {
                continue;
            }
            String fsType = mountinfo.substring(type, source - 1);
            if (fsType.equals("cgroup2")) {
                Path mountpoint = Path.of(unescape(mountinfo.substring(mp, fieldEnd(mountinfo, mp, dash))));
                if (unified == null || mountpoint.toString().equals("/sys/fs/cgroup")) {
                    unified = mountpoint;
                }
            } else if (fsType.equals("cgroup")) {
                Path mountpoint = null;
                int optsEnd = fieldEnd(mountinfo, opts, end);
                for (int o = opts; o <= optsEnd; ) {
                    int comma = mountinfo.indexOf(',', o);
                    int oEnd = comma < 0 || comma > optsEnd ? optsEnd : comma;
                    String opt = mountinfo.substring(o, oEnd);
                    if (CONTROLLERS.contains(opt)) {
                        if (mountpoint == null) {
                            mountpoint = Path.of(unescape(mountinfo.substring(mp, fieldEnd(mountinfo, mp, dash))));
                        }
                        v1.putIfAbsent(opt, mountpoint);
                    }
                    o = oEnd + 1;
                }
            }
        }
        return new CgroupLayout(v1, unified);
    }

    /** Where the n-th (from 0) space-separated field of s[from, to) starts, or -1 when it has fewer (or it is empty at the end). */
    private static int nthField(String s, int from, int to, int n) {
        int i = from;
        for (int k = 0; k < n; k++) {
            int sp = s.indexOf(' ', i);
            if (sp < 0 || sp >= to) {
                return -1;
            }
            i = sp + 1;
        }
        return i < to ? i : -1;
    }

    /** The end of the field of s that starts at from: the next space, or to. */
    private static int fieldEnd(String s, int from, int to) {
        int sp = s.indexOf(' ', from);
        return sp < 0 || sp > to ? to : sp;
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && isOctal(s.charAt(i + 1)) && isOctal(s.charAt(i + 2))
                    && isOctal(s.charAt(i + 3))) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
