package dev.jrun.linux;

import dev.jrun.JrunException;
import dev.jrun.runtime.CgroupLayout;
import dev.jrun.runtime.HostFacts;
import dev.jrun.runtime.KernelVersion;
import dev.jrun.runtime.MountInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the files that tell what this Linux host offers (jrun info); the parsing is in runtime/. */
public final class HostProbe {
    /** Where Debian's containernetworking-plugins and the CNI reference installs put plugin binaries. */
    public static final List<Path> CNI_DIRS = List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));

    private HostProbe() {}

    public static HostFacts probe(Path storeRoot) {
        KernelVersion kernel = KernelVersion.parse(read(Path.of("/proc/sys/kernel/osrelease")));
        var filesystems = HostFacts.parseFilesystems(read(Path.of("/proc/filesystems")));
        CgroupLayout cgroups = CgroupLayout.parse(read(Path.of("/proc/self/mountinfo")),
                mountPoint -> readOrNull(Path.of(mountPoint, "cgroup.controllers")));
        int euid = HostFacts.parseEffectiveUid(read(Path.of("/proc/self/status")));
        HostFacts.Jdk jdk = new HostFacts.Jdk(System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("java.home"));
        return new HostFacts(kernel, filesystems, cgroups, cniPlugins(CNI_DIRS), jdk, euid, storeRoot.toString());
    }

    /** This process's mount table. */
    public static List<MountInfo> mounts() {
        return MountInfo.parse(read(Path.of("/proc/self/mountinfo")));
    }

    static List<HostFacts.CniPlugin> cniPlugins(List<Path> dirs) {
        List<HostFacts.CniPlugin> plugins = new ArrayList<>();
        for (String name : HostFacts.CNI_PLUGINS) {
            String path = "";
            for (Path dir : dirs) {
                Path p = dir.resolve(name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    path = p.toString();
                    break;
                }
            }
            plugins.add(new HostFacts.CniPlugin(name, path));
        }
        return plugins;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JrunException("read " + p + ": " + e.getMessage(), e);
        }
    }

    private static String readOrNull(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
