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
 * PID 1, hostname, credentials, capability sets, devices and masked/read-only paths. cgroup mounts
 * differ on purpose (jrun mounts the hierarchies it joins) and are left out.
 */
@Tag("root")
class OciPeerTest {
    static final String PROBE = "echo pid=$$; hostname; id; grep Cap /proc/self/status; ls /dev | grep -v '^core$';"
            + " cut -d' ' -f5 /proc/self/mountinfo | grep -v '^/sys/fs/cgroup' | sort";

    @TempDir
    Path tmp;

    @Test
    void runcAndJrunSeeTheSameContainer() throws Exception {
        assertNull(LinuxSupport.unavailabilityCause());
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/runc")), "Debian's runc is needed: apt-get install runc");
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        BusyboxRootfs.create(bundle);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertEquals(0, exec(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.jrun.cli.Main", "oci",
                "spec", "-b", bundle.toString())).code);
        ObjectNode c = (ObjectNode) Json.tree(Files.readAllBytes(bundle.resolve("config.json")), "config");
        c.with("process").put("terminal", false);
        c.with("process").putArray("args").add("sh").add("-c").add(PROBE);
        Files.write(bundle.resolve("config.json"), Json.bytes(c));

        Out runc = exec(List.of("/usr/sbin/runc", "--root", tmp.resolve("runc").toString(), "run", "-b",
                bundle.toString(), "peer-runc"));
        Out jrun = exec(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.jrun.cli.Main", "oci", "--root", tmp.resolve("jrun").toString(), "run", "-b", bundle.toString(),
                "peer-jrun"));
        assertEquals(0, runc.code, runc.out);
        assertEquals(0, jrun.code, jrun.out);
        assertTrue(runc.out.startsWith("pid=1\njrun\nuid=0(root)"), runc.out);
        assertEquals(runc.out, jrun.out);
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
