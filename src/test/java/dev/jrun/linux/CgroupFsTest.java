package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import dev.jrun.runtime.spec.Linux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout detection from mountinfo text, and the files CgroupFs writes, against temp dirs. */
class CgroupFsTest {
    static final String HYBRID = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;
    static final String V2 = """
            22 1 0:21 / / rw - ext4 /dev/sda1 rw
            30 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
            """;
    static final String V1 = """
            32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct
            35 31 0:32 / /sys/fs/cgroup/my\\040memory rw,relatime - cgroup cgroup rw,memory,clone_children
            """;

    @Test
    void detectsTheLayouts() {
        CgroupLayout h = CgroupLayout.parse(HYBRID);
        assertEquals(CgroupLayout.Kind.HYBRID, h.kind());
        assertEquals(Path.of("/sys/fs/cgroup/memory"), h.v1().get("memory"));
        assertEquals(Path.of("/sys/fs/cgroup/unified"), h.unified());
        assertFalse(h.v1().containsKey("systemd"));
        CgroupLayout v2 = CgroupLayout.parse(V2);
        assertEquals(CgroupLayout.Kind.V2, v2.kind());
        assertEquals(Path.of("/sys/fs/cgroup"), v2.unified());
        CgroupLayout v1 = CgroupLayout.parse(V1);
        assertEquals(CgroupLayout.Kind.V1, v1.kind());
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), v1.v1().get("cpuacct"));
        assertEquals(Path.of("/sys/fs/cgroup/my memory"), v1.v1().get("memory"));
        assertNull(v1.unified());
        assertThrows(JrunException.class, () -> CgroupLayout.parse("22 1 0:21 / / rw - ext4 /dev/sda1 rw\n"));
    }

    /** parse reads only the cgroup lines: the same layout as splitting every line, on the samples and this host. */
    @Test
    void parsesAsSplittingEveryLine() throws Exception {
        String host = LinuxSupport.readProc("/proc/self/mountinfo");
        for (String m : new String[] {HYBRID, V2, V1, host, "1 2 0:1 / /x rw - cgroup2 cgroup2 rw", HYBRID.strip(),
            "1 2 0:1 / /c rw - cgroup cgroup rw,,memory,\n", "1 2 0:1 /\n3 4 0:2 / /d rw - cgroup c\n", "short - cgroup a b\n",
            "5 6 0:3 / /sys/fs/cgroup rw - cgroup2 c rw\n6 7 0:4 / /u rw - cgroup2 c rw\n"}) {
            assertEquals(outcome(() -> splitEveryLine(m)), outcome(() -> CgroupLayout.parse(m)), m);
        }
    }

    private static String outcome(java.util.function.Supplier<CgroupLayout> parse) {
        try {
            return parse.get().toString();
        } catch (JrunException e) {
            return e.getMessage();
        }
    }

    /** The parser before it skipped lines, as the reference. */
    private static CgroupLayout splitEveryLine(String mountinfo) {
        Map<String, Path> v1 = new java.util.LinkedHashMap<>();
        Path unified = null;
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            Path mountpoint = Path.of(CgroupLayout.unescape(left[4]));
            if (right[0].equals("cgroup2")) {
                if (unified == null || mountpoint.toString().equals("/sys/fs/cgroup")) {
                    unified = mountpoint;
                }
            } else if (right[0].equals("cgroup")) {
                for (String opt : right[2].split(",")) {
                    if (CgroupLayout.CONTROLLERS.contains(opt)) {
                        v1.putIfAbsent(opt, mountpoint);
                    }
                }
            }
        }
        return new CgroupLayout(v1, unified);
    }

    static Linux.Resources limits() {
        return new Linux.Resources(new Linux.Memory(32L << 20, null), new Linux.Cpu(1024L, 150_000L, 100_000L),
                new Linux.Pids(10));
    }

    @Test
    void v1WritesEachControllerAndRemoves(@TempDir Path root) throws Exception {
        Map<String, Path> mounts = Map.of("memory", root.resolve("memory"), "cpu", root.resolve("cpu"),
                "pids", root.resolve("pids"));
        for (Path p : mounts.values()) {
            Files.createDirectories(p);
        }
        Files.createDirectories(root.resolve("memory/jrun/c1"));
        Files.writeString(root.resolve("memory/jrun/c1/memory.memsw.limit_in_bytes"), "max");
        CgroupFs fs = new CgroupFs(new CgroupLayout(mounts, null));
        CgroupFs.Cgroup cg = fs.create("c1", limits());
        assertEquals(3, cg.v1Dirs().size());
        assertNull(cg.v2Dir());
        assertEquals(String.valueOf(32 << 20), Files.readString(root.resolve("memory/jrun/c1/memory.limit_in_bytes")));
        assertEquals(String.valueOf(64 << 20), Files.readString(root.resolve("memory/jrun/c1/memory.memsw.limit_in_bytes")));
        assertEquals("150000", Files.readString(root.resolve("cpu/jrun/c1/cpu.cfs_quota_us")));
        assertEquals("100000", Files.readString(root.resolve("cpu/jrun/c1/cpu.cfs_period_us")));
        assertEquals("1024", Files.readString(root.resolve("cpu/jrun/c1/cpu.shares")));
        assertEquals("10", Files.readString(root.resolve("pids/jrun/c1/pids.max")));
        emptyFiles(root);
        fs.remove(cg);
        assertFalse(Files.exists(root.resolve("memory/jrun/c1")));
        assertTrue(Files.exists(root.resolve("memory/jrun")));
    }

    @Test
    void v2EnablesControllersThenWrites(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        CgroupFs fs = new CgroupFs(new CgroupLayout(Map.of(), root));
        CgroupFs.Cgroup cg = fs.create("c2", limits());
        assertEquals(root.resolve("jrun/c2"), cg.v2Dir());
        assertEquals("+memory +cpu +pids", Files.readString(root.resolve("cgroup.subtree_control")));
        assertEquals("+memory +cpu +pids", Files.readString(root.resolve("jrun/cgroup.subtree_control")));
        assertEquals(String.valueOf(32 << 20), Files.readString(root.resolve("jrun/c2/memory.max")));
        assertEquals(String.valueOf(32 << 20), Files.readString(root.resolve("jrun/c2/memory.swap.max")));
        assertEquals("150000 100000", Files.readString(root.resolve("jrun/c2/cpu.max")));
        assertEquals("39", Files.readString(root.resolve("jrun/c2/cpu.weight")));
        assertEquals("10", Files.readString(root.resolve("jrun/c2/pids.max")));
        emptyFiles(root.resolve("jrun/c2"));
        fs.remove(cg);
        assertFalse(Files.exists(root.resolve("jrun/c2")));
    }

    @Test
    void v2EnablesControllersAtEveryLevelOfADeepParent(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        CgroupFs fs = new CgroupFs(new CgroupLayout(Map.of(), root), "kubepods/burstable/pod1");
        CgroupFs.Cgroup cg = fs.create("ctr", limits());
        assertEquals(root.resolve("kubepods/burstable/pod1/ctr"), cg.v2Dir());
        for (String level : new String[] {"", "kubepods", "kubepods/burstable", "kubepods/burstable/pod1"}) {
            assertEquals("+memory +cpu +pids", Files.readString(root.resolve(level).resolve("cgroup.subtree_control")),
                    "subtree_control of /" + level);
        }
        assertFalse(Files.exists(cg.v2Dir().resolve("cgroup.subtree_control")), "not the container's own");
        emptyFiles(cg.v2Dir());
        fs.remove(cg);
    }

    @Test
    void missingControllersAreNamedAndNothingIsLeft(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "hugetlb\n");
        CgroupFs v2 = new CgroupFs(new CgroupLayout(Map.of(), root));
        JrunException e = assertThrows(JrunException.class, () -> v2.create("c3", limits()));
        assertTrue(e.getMessage().contains("memory cgroup v2 controller is not available"), e.getMessage());
        assertFalse(Files.exists(root.resolve("jrun/c3")));
        Files.createDirectories(root.resolve("cpu"));
        CgroupFs v1 = new CgroupFs(new CgroupLayout(Map.of("cpu", root.resolve("cpu")), null));
        e = assertThrows(JrunException.class, () -> v1.create("c4", limits()));
        assertTrue(e.getMessage().contains("--memory needs the memory cgroup controller"), e.getMessage());
        assertFalse(Files.exists(root.resolve("cpu/jrun/c4")));
    }

    @Test
    void noLimitsStillMakesTheCgroups(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("pids"));
        CgroupFs fs = new CgroupFs(new CgroupLayout(Map.of("pids", root.resolve("pids")), root.resolve("unified")));
        CgroupFs.Cgroup cg = fs.create("c5", null);
        assertTrue(Files.isDirectory(root.resolve("pids/jrun/c5")));
        assertTrue(Files.isDirectory(root.resolve("unified/jrun/c5")));
        fs.remove(cg);
        assertFalse(Files.exists(root.resolve("unified/jrun/c5")));
    }

    /** A real cgroupfs lets rmdir remove its knob files; in a temp dir the test deletes them. */
    static void emptyFiles(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
    }
}
