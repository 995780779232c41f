package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostFactsTest {
    static final String FILESYSTEMS = "nodev\tsysfs\nnodev\ttmpfs\nnodev\tcgroup\nnodev\tcgroup2\n\text4\nnodev\toverlay\n";

    static HostFacts facts(String kernel, Set<String> fs, List<HostFacts.CniPlugin> cni, int euid) {
        CgroupLayout cgroups = CgroupLayout.parse(CgroupLayoutTest.V2, Map.of("/sys/fs/cgroup", "cpu memory pids")::get);
        return new HostFacts(KernelVersion.parse(kernel), fs, cgroups, cni,
                new HostFacts.Jdk("17.0.15", "Debian", "/usr/lib/jvm/java-17-openjdk-amd64"), euid, "/var/lib/jrun");
    }

    static List<HostFacts.CniPlugin> allCni() {
        return HostFacts.CNI_PLUGINS.stream().map(n -> new HostFacts.CniPlugin(n, "/usr/lib/cni/" + n)).toList();
    }

    @Test
    void parsesFilesystems() {
        Set<String> fs = HostFacts.parseFilesystems(FILESYSTEMS);
        assertEquals(Set.of("sysfs", "tmpfs", "cgroup", "cgroup2", "ext4", "overlay"), fs);
    }

    @Test
    void parsesEffectiveUid() {
        String status = "Name:\tjava\nUmask:\t0022\nState:\tR (running)\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n";
        assertEquals(0, HostFacts.parseEffectiveUid(status));
        assertEquals(-1, HostFacts.parseEffectiveUid("Name:\tjava\n"));
    }

    @Test
    void aCompleteHostLacksNothing() {
        HostFacts f = facts("6.1.0-18-amd64", HostFacts.parseFilesystems(FILESYSTEMS), allCni(), 0);
        assertTrue(f.overlay());
        assertTrue(f.root());
        assertEquals(List.of(), f.problems());
    }

    @Test
    void anOldKernelWithoutOverlayOrPluginsSaysWhatIsMissing() {
        List<HostFacts.CniPlugin> cni = HostFacts.CNI_PLUGINS.stream()
                .map(n -> new HostFacts.CniPlugin(n, n.equals("bridge") ? "/opt/cni/bin/bridge" : "")).toList();
        HostFacts f = facts("5.4.0-150-generic", Set.of("ext4", "cgroup2"), cni, 1000);
        assertFalse(f.overlay());
        List<String> problems = f.problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("CLONE_INTO_CGROUP (needs 5.7)")), problems.toString());
        assertTrue(problems.stream().noneMatch(p -> p.contains("waitid")), problems.toString());
        assertTrue(problems.contains(
                "CNI plugins missing: host-local, portmap, loopback, firewall (install containernetworking-plugins):"
                        + " --network bridge and -p need them"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("no overlay")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("euid 1000")), problems.toString());
    }
}
