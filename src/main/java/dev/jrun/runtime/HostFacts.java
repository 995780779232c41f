package dev.jrun.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the host offers jrun and what it lacks (jrun info). The reading of files is linux.HostProbe's job;
 * this record and its parsers work on contents only, so tests feed them samples.
 *
 * @param filesystems the file system types the kernel knows (the kernel's filesystems table)
 * @param cniPlugins one entry per plugin jrun uses, found or not
 * @param euid the effective uid of this process
 */
public record HostFacts(KernelVersion kernel, Set<String> filesystems, CgroupLayout cgroups, List<CniPlugin> cniPlugins,
        Jdk jdk, int euid, String storeRoot) {

    /** The CNI plugins jrun's bridge network calls. */
    public static final List<String> CNI_PLUGINS = List.of("bridge", "host-local", "portmap", "loopback", "firewall");

    /** A CNI plugin binary; {@code path} is empty when none of the plugin directories has it. */
    public record CniPlugin(String name, String path) {
        public boolean found() {
            return !path.isEmpty();
        }
    }

    public record Jdk(String version, String vendor, String home) {}

    public HostFacts {
        filesystems = Set.copyOf(filesystems);
        cniPlugins = List.copyOf(cniPlugins);
    }

    public boolean overlay() {
        return filesystems.contains("overlay");
    }

    public boolean root() {
        return euid == 0;
    }

    /** What jrun needs and this host lacks, one sentence each (empty when nothing is missing). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        for (KernelFeature f : KernelFeature.values()) {
            if (!f.availableOn(kernel)) {
                p.add("kernel " + kernel.release() + " lacks " + f.title() + " (needs " + f.since() + "), used for "
                        + f.neededFor());
            }
        }
        if (!overlay()) {
            p.add("the kernel has no overlay file system (modprobe overlay): containers need it for their rootfs");
        }
        if (cgroups.mode() == CgroupLayout.Mode.NONE) {
            p.add("no cgroup file system is mounted: resource limits (--memory, --cpus, --pids-limit) cannot work");
        }
        List<String> missing = cniPlugins.stream().filter(c -> !c.found()).map(CniPlugin::name).toList();
        if (!missing.isEmpty()) {
            p.add("CNI plugins missing: " + String.join(", ", missing)
                    + " (install containernetworking-plugins): --network bridge and -p need them");
        }
        if (!root()) {
            p.add("not running as root (euid " + euid + "): containers need root or a user namespace");
        }
        return p;
    }

    /** Parses the kernel's filesystems table ("nodev\tcgroup2\n\text4\n"): the type names. */
    public static Set<String> parseFilesystems(String content) {
        Set<String> types = new LinkedHashSet<>();
        for (String line : content.split("\n")) {
            String[] f = line.strip().split("\\s+");
            String type = f[f.length - 1];
            if (!type.isEmpty()) {
                types.add(type);
            }
        }
        return types;
    }

    /** The effective uid from a process status file (the "Uid:" line: real, effective, saved, fs), -1 if absent. */
    public static int parseEffectiveUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).strip().split("\\s+");
                if (f.length >= 2) {
                    return Integer.parseInt(f[1]);
                }
            }
        }
        return -1;
    }
}
