package dev.jrun.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cgroups a process is in, from the content of /proc/PID/cgroup ("ID:controllers:/path" per
 * hierarchy; "0::/path" for cgroup2), and which of them another process must join to share them:
 * what exec uses to put a new process where a container's PID 1 is.
 */
final class ProcCgroups {
    private ProcCgroups() {
    }

    /** hierarchy key (the controllers field: "memory", "cpu,cpuacct", "" for cgroup2) to path. */
    static Map<String, String> parse(String content) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : content.split("\n")) {
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            if (b < 0) {
                continue;
            }
            out.put(line.substring(a + 1, b), line.substring(b + 1));
        }
        return out;
    }

    /** What to join: the join files (CgroupFs.V1_JOIN_FILE) of v1 hierarchies and the cgroup2 directory (or null). */
    record Joins(List<Path> v1Files, Path v2Dir) {
        Joins {
            v1Files = List.copyOf(v1Files);
        }
    }

    /**
     * The container's cgroups (target) that differ from ours (self), as paths under the mount points of
     * layout; hierarchies the layout does not know (named ones such as name=systemd) are left alone.
     */
    static Joins joins(Map<String, String> target, Map<String, String> self, CgroupLayout layout) {
        List<Path> v1 = new ArrayList<>();
        Path v2 = null;
        for (Map.Entry<String, String> e : target.entrySet()) {
            String path = e.getValue();
            if (path.equals(self.get(e.getKey()))) {
                continue;
            }
            String rel = path.startsWith("/") ? path.substring(1) : path;
            if (e.getKey().isEmpty()) {
                if (layout.unified() != null) {
                    v2 = layout.unified().resolve(rel);
                }
                continue;
            }
            for (String controller : e.getKey().split(",")) {
                Path mount = layout.v1().get(controller);
                if (mount != null) {
                    Path file = mount.resolve(rel).resolve(CgroupFs.V1_JOIN_FILE);
                    if (!v1.contains(file)) {
                        v1.add(file);
                    }
                    break;
                }
            }
        }
        return new Joins(v1, v2);
    }
}
