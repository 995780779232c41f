package dev.jrun.linux;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps that give a container its /sys/fs/cgroup, as runc does for a spec mount of type
 * "cgroup": on cgroup v2 one cgroup2 mount; on v1 and hybrid hosts a tmpfs holding one cgroup
 * mount per hierarchy the container joined (cpu,cpuacct / memory / pids) plus the unified one.
 * The child mounts them after entering its cgroup namespace, so each shows the container's own
 * cgroup as its root, and a JVM or Go runtime inside finds its limits there.
 */
final class CgroupMountSteps {
    private CgroupMountSteps() {
    }

    static void add(SyscallTable t, NativeMemory mem, CgroupLayout layout, Path target, String dest, long flags) {
        long tgt = mem.cstring(target.toString());
        if (layout.kind() == CgroupLayout.Kind.V2) {
            t.add("mount cgroup2 on " + dest, Sys.MOUNT, mem.cstring("cgroup2"), tgt, mem.cstring("cgroup2"), flags, 0);
            return;
        }
        long rw = flags & ~MountOptions.MS_RDONLY;
        t.add("mount tmpfs on " + dest + " to hold the cgroup hierarchies", Sys.MOUNT, mem.cstring("tmpfs"), tgt,
                mem.cstring("tmpfs"), rw, mem.cstring("mode=755"));
        Map<Path, StringBuilder> hierarchies = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : layout.v1().entrySet()) {
            if (CgroupFs.V1_JOINED.contains(e.getKey()) || sharesMount(layout, e.getValue())) {
                StringBuilder b = hierarchies.get(e.getValue()); // no lambda: see NativeWarmUp.start
                if (b == null) {
                    b = new StringBuilder();
                    hierarchies.put(e.getValue(), b);
                }
                b.append(b.length() == 0 ? "" : ",").append(e.getKey());
            }
        }
        for (Map.Entry<Path, StringBuilder> h : hierarchies.entrySet()) {
            String name = h.getKey().getFileName().toString();
            String dir = target + "/" + name;
            t.addIgnoring(Errno.EEXIST, "mkdir " + dest + "/" + name, Sys.MKDIRAT, ContainerSteps.AT_FDCWD, mem.cstring(dir), 0755);
            t.add("mount the " + h.getValue() + " cgroup hierarchy on " + dest + "/" + name, Sys.MOUNT,
                    mem.cstring("cgroup"), mem.cstring(dir), mem.cstring("cgroup"), flags, mem.cstring(h.getValue().toString()));
        }
        if (layout.unified() != null) {
            String dir = target + "/" + layout.unified().getFileName();
            t.addIgnoring(Errno.EEXIST, "mkdir " + dest + "/" + layout.unified().getFileName(), Sys.MKDIRAT,
                    ContainerSteps.AT_FDCWD, mem.cstring(dir), 0755);
            t.add("mount cgroup2 on " + dest + "/" + layout.unified().getFileName(), Sys.MOUNT, mem.cstring("cgroup2"),
                    mem.cstring(dir), mem.cstring("cgroup2"), flags, 0);
        }
        if ((flags & MountOptions.MS_RDONLY) != 0) {
            t.add("make the tmpfs on " + dest + " read-only", Sys.MOUNT, mem.cstring("tmpfs"), tgt, mem.cstring("tmpfs"),
                    flags | MountOptions.MS_REMOUNT, mem.cstring("mode=755"));
        }
    }

    /**
     * Without a cgroup namespace a fresh cgroup mount would show the host's whole hierarchy: bind
     * the container's own cgroup directory of each hierarchy it joined instead, as runc does, so
     * its limits read the same inside (/sys/fs/cgroup/memory/memory.limit_in_bytes).
     */
    static void addBinds(SyscallTable t, NativeMemory mem, CgroupLayout layout, Path target, String dest, long flags,
            List<Path> joinedDirs) {
        long tgt = mem.cstring(target.toString());
        t.add("mount tmpfs on " + dest + " to hold the container's cgroups", Sys.MOUNT, mem.cstring("tmpfs"), tgt,
                mem.cstring("tmpfs"), flags & ~MountOptions.MS_RDONLY, mem.cstring("mode=755"));
        for (Path d : joinedDirs) {
            for (Path m : new java.util.LinkedHashSet<>(layout.v1().values())) {
                if (!d.startsWith(m)) {
                    continue;
                }
                String name = m.getFileName().toString();
                long dir = mem.cstring(target + "/" + name);
                t.addIgnoring(Errno.EEXIST, "mkdir " + dest + "/" + name, Sys.MKDIRAT, ContainerSteps.AT_FDCWD, dir, 0755);
                t.add("bind the container's cgroup " + d + " on " + dest + "/" + name, Sys.MOUNT, mem.cstring(d.toString()),
                        dir, 0, MountOptions.MS_BIND | MountOptions.MS_REC, 0);
                t.add("remount " + dest + "/" + name + " read-only, nosuid, nodev, noexec", Sys.MOUNT, 0, dir, 0,
                        MountOptions.MS_BIND | MountOptions.MS_REMOUNT | MountOptions.MS_RDONLY | MountOptions.MS_NOSUID
                        | MountOptions.MS_NODEV | MountOptions.MS_NOEXEC, 0);
            }
        }
        if ((flags & MountOptions.MS_RDONLY) != 0) {
            t.add("make the tmpfs on " + dest + " read-only", Sys.MOUNT, mem.cstring("tmpfs"), tgt, mem.cstring("tmpfs"),
                    flags | MountOptions.MS_REMOUNT, mem.cstring("mode=755"));
        }
    }

    /** cpuacct is mounted with cpu on many hosts: mounting one of them needs the other's name too. */
    private static boolean sharesMount(CgroupLayout layout, Path mount) {
        for (String joined : List.copyOf(CgroupFs.V1_JOINED)) {
            if (mount.equals(layout.v1().get(joined))) {
                return true;
            }
        }
        return false;
    }
}
