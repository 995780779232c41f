package dev.jrun.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * How cgroups are mounted on this host: v1 (one hierarchy per controller set), v2 (one unified hierarchy) or
 * hybrid (v1 controllers plus a cgroup2 mount, as systemd's hybrid mode and our machines have). Pure: built from
 * the mountinfo text and, for each cgroup2 mount, the content of its cgroup.controllers file.
 */
public record CgroupLayout(Mode mode, List<Hierarchy> hierarchies) {
    public enum Mode { V1, V2, HYBRID, NONE }

    /**
     * One mounted hierarchy. {@code name} is a v1 named hierarchy (name=systemd), empty otherwise;
     * {@code controllers} is empty for a v2 mount whose cgroup.controllers could not be read.
     */
    public record Hierarchy(int version, String mountPoint, List<String> controllers, String name) {
        public Hierarchy {
            controllers = List.copyOf(controllers);
            name = name == null ? "" : name;
        }
    }

    /** v1 mount options that are not controllers. */
    private static final Set<String> V1_OPTIONS = Set.of("rw", "ro", "noprefix", "clone_children", "xattr",
            "cpuset_v2_mode", "favordynmods");

    public CgroupLayout {
        hierarchies = List.copyOf(hierarchies);
    }

    /**
     * @param mountinfo the mountinfo table of this process
     * @param v2Controllers content of cgroup.controllers for a cgroup2 mount point, or null if unreadable
     */
    public static CgroupLayout parse(String mountinfo, Function<String, String> v2Controllers) {
        List<Hierarchy> found = new ArrayList<>();
        Set<String> seenDevices = new HashSet<>();
        for (MountInfo m : MountInfo.parse(mountinfo)) {
            boolean v1 = m.fsType().equals("cgroup");
            if (!v1 && !m.fsType().equals("cgroup2")) {
                continue;
            }
            if (!seenDevices.add(m.device())) {
                continue; // the same hierarchy mounted again (bind mounts, nested mount namespaces)
            }
            if (v1) {
                List<String> controllers = new ArrayList<>();
                String name = "";
                for (String o : m.superOptions()) {
                    if (o.startsWith("name=")) {
                        name = o.substring(5);
                    } else if (!V1_OPTIONS.contains(o) && !o.contains("=")) {
                        controllers.add(o);
                    }
                }
                found.add(new Hierarchy(1, m.mountPoint(), controllers, name));
            } else {
                String content = v2Controllers.apply(m.mountPoint());
                List<String> controllers = content == null || content.isBlank()
                        ? List.of() : List.of(content.strip().split("\\s+"));
                found.add(new Hierarchy(2, m.mountPoint(), controllers, ""));
            }
        }
        boolean hasV1 = found.stream().anyMatch(h -> h.version() == 1);
        boolean hasV2 = found.stream().anyMatch(h -> h.version() == 2);
        Mode mode = hasV1 && hasV2 ? Mode.HYBRID : hasV1 ? Mode.V1 : hasV2 ? Mode.V2 : Mode.NONE;
        return new CgroupLayout(mode, found);
    }

    /** The v1 hierarchy that has {@code controller}, or null. */
    public Hierarchy v1Hierarchy(String controller) {
        return hierarchies.stream().filter(h -> h.version() == 1 && h.controllers().contains(controller))
                .findFirst().orElse(null);
    }

    /** The unified (cgroup2) hierarchy, or null. */
    public Hierarchy unified() {
        return hierarchies.stream().filter(h -> h.version() == 2).findFirst().orElse(null);
    }
}
