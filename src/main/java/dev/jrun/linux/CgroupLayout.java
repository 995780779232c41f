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
        v1 = Map.copyOf(v1);
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

    /** The layout of this machine. */
    public static CgroupLayout current() {
        try {
            return parse(LinuxSupport.readProc("/proc/self/mountinfo"));
        } catch (java.io.IOException e) {
            throw new JrunException("read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    /**
     * Parses mountinfo lines: "id parent maj:min root mountpoint opts [optional...] - fstype source superopts".
     * Only cgroup lines are split: every runc verb parses this table, interpreted (bin/jrun runs them -Xint),
     * and a host has far more other mounts than cgroup ones.
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
            String[] left = mountinfo.substring(start, dash).split(" ");
            String[] right = mountinfo.substring(dash + 3, end).split(" ");
            start = end + 1;
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            if (right[0].equals("cgroup2")) {
                Path mountpoint = Path.of(unescape(left[4]));
                if (unified == null || mountpoint.toString().equals("/sys/fs/cgroup")) {
                    unified = mountpoint;
                }
            } else if (right[0].equals("cgroup")) {
                Path mountpoint = null;
                for (String opt : right[2].split(",")) {
                    if (CONTROLLERS.contains(opt)) {
                        if (mountpoint == null) {
                            mountpoint = Path.of(unescape(left[4]));
                        }
                        v1.putIfAbsent(opt, mountpoint);
                    }
                }
            }
        }
        return new CgroupLayout(v1, unified);
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
