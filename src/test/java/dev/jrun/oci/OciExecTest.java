package dev.jrun.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.linux.BusyboxRootfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runc's exec on a container made by {@code jrun oci create} and started: separate jrun processes, as podman calls them. */
@Tag("root")
class OciExecTest {
    @TempDir
    Path tmp;
    OciRunTest oci;

    @BeforeEach
    void started() throws Exception {
        oci = new OciRunTest();
        oci.tmp = tmp;
        oci.bundle();
        oci.args("sh", "-c", "echo from-run > /dev/shm/f; exec sleep 300");
        oci.ids.add("e1");
        OciRunTest.Result created = oci.jrun("create", "--bundle", oci.bundle.toString(), "e1");
        assertEquals(0, created.code(), created.err());
        assertEquals(0, oci.jrun("start", "e1").code());
        for (int i = 0; i < 100 && exec("test", "-f", "/dev/shm/f").code() != 0; i++) {
            Thread.sleep(50);
        }
    }

    @AfterEach
    void deleted() throws Exception {
        oci.cleanUp();
        oci.assertNothingLeft("e1");
    }

    OciRunTest.Result exec(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("exec", "e1"));
        all.addAll(List.of(args));
        return oci.jrun(all.toArray(String[]::new));
    }

    @Test
    void execJoinsTheContainer() throws Exception {
        OciRunTest.Result r = exec("sh", "-c", "cat /dev/shm/f; tr '\\0' ' ' < /proc/1/cmdline; echo; hostname; id -u");
        assertEquals(0, r.code(), r.err());
        assertEquals("from-run\nsleep 300 \njrun\n0\n", r.out());
        assertEquals(3, exec("sh", "-c", "exit 3").code());
        OciRunTest.Result flags = oci.jrun("exec", "--env", "A=b", "--cwd", "/tmp", "--user", "1000:1000", "e1",
                "sh", "-c", "echo $A; pwd; id -u");
        assertEquals("b\n/tmp\n1000\n", flags.out(), flags.err());
        OciRunTest.Result missing = exec("nosuch");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("exec: \"nosuch\": executable file not found in $PATH"), missing.err());
    }

    @Test
    void detachedProcessJsonAndPidFile() throws Exception {
        Path process = Files.writeString(tmp.resolve("process.json"),
                "{\"args\":[\"sh\",\"-c\",\"echo detached > /dev/shm/d; sleep 300\"],\"cwd\":\"/\",\"env\":[\"PATH=/bin\"]}");
        Path pidFile = tmp.resolve("exec.pid");
        OciRunTest.Result r = oci.jrun("exec", "--detach", "--pid-file", pidFile.toString(), "--process",
                process.toString(), "e1");
        assertEquals(0, r.code(), r.err());
        int pid = Integer.parseInt(Files.readString(pidFile).strip());
        String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
        assertTrue(cmd.startsWith("sh") || cmd.startsWith("sleep"), cmd); // busybox sh execs its last command
        OciRunTest.Result ps = oci.jrun("ps", "--format", "json", "e1");
        assertTrue(ps.out().contains(Integer.toString(pid)), "in the container's cgroup: " + ps.out());
        for (int i = 0; i < 100 && exec("test", "-f", "/dev/shm/d").code() != 0; i++) {
            Thread.sleep(50);
        }
        assertEquals("detached\n", exec("cat", "/dev/shm/d").out());
    }

    @Test
    void execIntoAStoppedContainerIsRefused() throws Exception {
        assertEquals(0, oci.jrun("kill", "e1", "KILL").code());
        for (int i = 0; i < 100 && !oci.jrun("state", "e1").out().contains("stopped"); i++) {
            Thread.sleep(50);
        }
        OciRunTest.Result r = exec("true");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot exec in a stopped container"), r.err());
    }
}
