package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which cgroups exec joins, from /proc/PID/cgroup contents: pure, no root needed. */
class ProcCgroupsTest {
    static final CgroupLayout HYBRID = new CgroupLayout(Map.of("memory", Path.of("/sys/fs/cgroup/memory"),
            "cpu", Path.of("/sys/fs/cgroup/cpu,cpuacct"), "cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct"),
            "pids", Path.of("/sys/fs/cgroup/pids")), Path.of("/sys/fs/cgroup/unified"));

    @Test
    void joinsTheHierarchiesWhereTheContainerIsElsewhere() {
        Map<String, String> target = ProcCgroups.parse(
                "12:name=systemd:/\n5:pids:/jrun/c1\n4:memory:/jrun/c1\n3:cpu,cpuacct:/jrun/c1\n2:blkio:/\n0::/jrun/c1\n");
        Map<String, String> self = ProcCgroups.parse(
                "12:name=systemd:/\n5:pids:/user\n4:memory:/jrun/c1\n3:cpu,cpuacct:/\n2:blkio:/\n0::/\n");
        ProcCgroups.Joins j = ProcCgroups.joins(target, self, HYBRID);
        assertEquals(List.of(Path.of("/sys/fs/cgroup/pids/jrun/c1/tasks"),
                Path.of("/sys/fs/cgroup/cpu,cpuacct/jrun/c1/tasks")), j.v1Files());
        assertEquals(Path.of("/sys/fs/cgroup/unified/jrun/c1"), j.v2Dir());
    }

    @Test
    void sameCgroupsMeanNothingToJoin() {
        Map<String, String> both = ProcCgroups.parse("4:memory:/a\n0::/a\n");
        ProcCgroups.Joins j = ProcCgroups.joins(both, both, HYBRID);
        assertEquals(List.of(), j.v1Files());
        assertNull(j.v2Dir());
    }
}
