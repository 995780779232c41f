package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupLayoutTest {
    /** This machine's mountinfo (Debian 12 guest, kernel 6.18): v1 controllers plus cgroup2 at .../unified. */
    static final String HYBRID = """
            22 27 0:21 / /proc rw,relatime - proc proc rw
            23 27 0:22 / /sys rw,relatime - sysfs sysfs rw
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
            37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    /** A typical pure-v2 host (systemd, Debian 12 / Ubuntu 22.04 and later). */
    static final String V2 = """
            24 29 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
            25 29 0:23 / /proc rw,nosuid,nodev,noexec,relatime shared:13 - proc proc rw
            29 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro
            30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 \
            rw,nsdelegate,memory_recursiveprot
            31 24 0:27 / /sys/fs/pstore rw,nosuid,nodev,noexec,relatime shared:10 - pstore pstore rw
            """;

    /** An older v1-only host (CentOS 7 style), with cpu,cpuacct co-mounted and a second mount of memory. */
    static final String V1 = """
            18 62 0:17 / /sys rw,nosuid,nodev,noexec,relatime shared:6 - sysfs sysfs rw
            24 18 0:20 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:7 - tmpfs tmpfs ro,mode=755
            25 24 0:21 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:8 - cgroup cgroup \
            rw,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd
            28 24 0:24 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup \
            rw,cpu,cpuacct
            29 24 0:25 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,memory
            99 24 0:25 / /mnt/memory\\040again rw,relatime shared:12 - cgroup cgroup rw,memory
            30 24 0:26 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,pids
            """;

    @Test
    void hybridLayoutOfThisKindOfMachine() {
        CgroupLayout layout = CgroupLayout.parse(HYBRID,
                Map.of("/sys/fs/cgroup/unified", "hugetlb\n")::get);
        assertEquals(CgroupLayout.Mode.HYBRID, layout.mode());
        assertEquals(10, layout.hierarchies().size());
        assertEquals("/sys/fs/cgroup/memory", layout.v1Hierarchy("memory").mountPoint());
        assertEquals("/sys/fs/cgroup/pids", layout.v1Hierarchy("pids").mountPoint());
        assertEquals(new CgroupLayout.Hierarchy(1, "/sys/fs/cgroup/systemd", List.of(), "systemd"),
                layout.hierarchies().get(8));
        assertEquals(new CgroupLayout.Hierarchy(2, "/sys/fs/cgroup/unified", List.of("hugetlb"), ""), layout.unified());
    }

    @Test
    void pureV2ReadsControllersOfTheUnifiedMount() {
        CgroupLayout layout = CgroupLayout.parse(V2,
                Map.of("/sys/fs/cgroup", "cpuset cpu io memory hugetlb pids rdma misc\n")::get);
        assertEquals(CgroupLayout.Mode.V2, layout.mode());
        assertEquals(1, layout.hierarchies().size());
        assertEquals(List.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"),
                layout.unified().controllers());
        assertNull(layout.v1Hierarchy("memory"));
    }

    @Test
    void v2WithUnreadableControllersHasNone() {
        CgroupLayout layout = CgroupLayout.parse(V2, mountPoint -> null);
        assertEquals(CgroupLayout.Mode.V2, layout.mode());
        assertEquals(List.of(), layout.unified().controllers());
    }

    @Test
    void v1CoMountedControllersOptionsAndDuplicateMounts() {
        CgroupLayout layout = CgroupLayout.parse(V1, mountPoint -> {
            throw new AssertionError("no cgroup2 mount to read, asked for " + mountPoint);
        });
        assertEquals(CgroupLayout.Mode.V1, layout.mode());
        assertEquals(4, layout.hierarchies().size(), "the second mount of the memory hierarchy is the same one");
        assertEquals(List.of("cpu", "cpuacct"), layout.v1Hierarchy("cpuacct").controllers());
        assertEquals("/sys/fs/cgroup/cpu,cpuacct", layout.v1Hierarchy("cpu").mountPoint());
        CgroupLayout.Hierarchy systemd = layout.hierarchies().get(0);
        assertEquals("systemd", systemd.name());
        assertEquals(List.of(), systemd.controllers(), "xattr and release_agent= are options, not controllers");
        assertNull(layout.unified());
    }

    @Test
    void noCgroupMounts() {
        CgroupLayout layout = CgroupLayout.parse("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n", m -> null);
        assertEquals(CgroupLayout.Mode.NONE, layout.mode());
        assertEquals(List.of(), layout.hierarchies());
    }
}
