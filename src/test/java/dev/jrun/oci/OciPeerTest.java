package dev.jrun.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.image.Json;
import dev.jrun.linux.BusyboxRootfs;
import dev.jrun.linux.LinuxSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same bundle (made by jrun oci spec) under runc (Debian's runc 1.1) and under jrun oci: the same
 * PID 1, hostname, credentials, capability sets, devices and masked/read-only paths; the same cgroup
 * limits read inside and the same device filter. The list of hierarchies under /sys/fs/cgroup
 * differs (jrun binds those it joins; runc also cpuset and systemd) and is left out.
 */
@Tag("root")
class OciPeerTest {
    static final String PROBE = "echo pid=$$; hostname; id; grep Cap /proc/self/status; ls /dev | grep -v '^core$';"
            + " cut -d' ' -f5 /proc/self/mountinfo | grep -v '^/sys/fs/cgroup' | sort";

    /** Limits as read inside, and the device filter: a tty node may be made but not opened, /dev/null both. */
    // exec 2>&1: the error lines must keep their place among the others whatever a runtime does with the
    // container's two streams (the runc side once printed them in another order and the test flaked)
    static final String LIMITS = "exec 2>&1; cd /sys/fs/cgroup; cat memory/memory.limit_in_bytes pids/pids.max cpu/cpu.cfs_quota_us"
            + " cpu/cpu.cfs_period_us cpu/cpu.shares; ls memory/cgroup.procs devices/devices.list freezer/freezer.state;"
            + " rm -f /tmp/t /tmp/n; mknod /tmp/t c 4 1 && head -c1 /tmp/t 2>&1; mknod /tmp/n c 1 3 && echo x > /tmp/n && echo null ok;"
            + " rm -f /tmp/t /tmp/n; cat /proc/self/cgroup | grep -c :/";

    @TempDir
    Path tmp;

    @Test
    void runcAndJrunSeeTheSameContainer() throws Exception {
        Out[] both = runBoth(c -> c.with("process").putArray("args").add("sh").add("-c").add(PROBE));
        assertTrue(both[0].out.startsWith("pid=1\njrun\nuid=0(root)"), both[0].out);
        assertEquals(both[0].out, both[1].out);
    }

    @Test
    void runcAndJrunApplyTheSameCgroupLimitsAndDeviceRules() throws Exception {
        Out[] both = runBoth(c -> {
            c.with("process").putArray("args").add("sh").add("-c").add(LIMITS);
            c.with("root").put("readonly", false);
            ObjectNode r = c.with("linux").with("resources");
            r.with("memory").put("limit", 64L << 20);
            r.with("pids").put("limit", 50);
            r.with("cpu").put("quota", 50000).put("period", 100000).put("shares", 512);
        });
        assertTrue(both[0].out.startsWith("67108864\n50\n50000\n100000\n512\n"), both[0].out);
        assertTrue(both[0].out.contains("Operation not permitted") && both[0].out.contains("null ok"), both[0].out);
        assertEquals(both[0].out, both[1].out);
    }

    @Test
    void ambientCapabilitiesThatAreNotInheritableAreSkippedAsByRunc() throws Exception {
        Out[] both = runBoth(c -> {
            c.with("process").putArray("args").add("grep").add("Cap").add("/proc/self/status");
            ObjectNode caps = c.with("process").putObject("capabilities");
            for (String set : List.of("bounding", "effective", "permitted", "ambient")) {
                caps.putArray(set).add("CAP_AUDIT_WRITE").add("CAP_KILL").add("CAP_NET_BIND_SERVICE");
            }
        });
        assertTrue(both[0].out.contains("CapAmb:\t0000000000000000"), both[0].out);
        assertEquals(both[0].out, both[1].out);
    }

    /** The bundle changed by edit, run by runc then by jrun oci; both must exit 0. */
    private Out[] runBoth(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        assertNull(LinuxSupport.unavailabilityCause());
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/runc")), "Debian's runc is needed: apt-get install runc");
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        BusyboxRootfs.create(bundle);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertEquals(0, exec(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.jrun.cli.Main", "oci",
                "spec", "-b", bundle.toString())).code);
        ObjectNode c = (ObjectNode) Json.tree(Files.readAllBytes(bundle.resolve("config.json")), "config");
        c.with("process").put("terminal", false);
        edit.accept(c);
        Files.write(bundle.resolve("config.json"), Json.bytes(c));

        Out runc = exec(List.of("/usr/sbin/runc", "--root", tmp.resolve("runc").toString(), "run", "-b",
                bundle.toString(), "peer-runc"));
        Out jrun = exec(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.jrun.cli.Main", "oci", "--root", tmp.resolve("jrun").toString(), "run", "-b", bundle.toString(),
                "peer-jrun"));
        assertEquals(0, runc.code, runc.out);
        assertEquals(0, jrun.code, jrun.out);
        return new Out[] {runc, jrun};
    }

    record Out(int code, String out) {
    }

    private Out exec(List<String> cmd) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        int code = p.waitFor();
        return new Out(code, Files.readString(out));
    }
}
