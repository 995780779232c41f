package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The v1 attach-lock warmer, on this host's real cgroups (root): it moves this JVM nowhere and stops when told. */
class CgroupAttachWarmerTest {
    @Test
    void writesToItsOwnCgroupLeavesThisProcessWhereItWasAndStops() throws Exception {
        CgroupLayout layout = CgroupLayout.current();
        assumeFalse(layout.v1().isEmpty(), "no cgroup v1 hierarchy on this host");
        String before = LinuxSupport.readProc("/proc/self/cgroup");
        CgroupAttachWarmer w = CgroupAttachWarmer.start(layout);
        assertNotNull(w);
        String own = ProcCgroups.parse(before).entrySet().stream()
                .filter(e -> layout.v1().containsKey(e.getKey().split(",")[0])).findFirst().orElseThrow().getValue();
        assertTrue(w.procs().toString().endsWith(own.equals("/") ? "/cgroup.procs" : own + "/cgroup.procs"), w.procs().toString());
        Thread.sleep(50); // a first write (one RCU grace period) and some 2 ms rounds
        assertTrue(w.isAlive(), "a write failed: the warmer gave up");
        w.finish();
        w.join(1000);
        assertFalse(w.isAlive());
        assertEquals(before, LinuxSupport.readProc("/proc/self/cgroup"));
    }

    @Test
    void nothingStartsWithoutV1Hierarchies() {
        assertNull(CgroupAttachWarmer.start(new CgroupLayout(Map.of(), Path.of("/sys/fs/cgroup"))));
    }
}
