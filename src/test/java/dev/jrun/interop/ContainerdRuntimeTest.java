package dev.jrun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.api.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * containerd drives jrun through its runc shim (ctr run --runc-binary): the shim calls jrun-runc with
 * --root, --log, --log-format json, then create (--console-socket with -t), start, exec, pause, resume, ps,
 * kill, delete. containerd runs on a private socket, root and state dir started by the test.
 */
@Tag("root")
class ContainerdRuntimeTest {
    private static final String IMAGE = "docker.io/library/busybox:latest";
    @TempDir
    Path dir;
    Path shim;
    Path socket;
    Process containerd;

    @BeforeEach
    void start() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "Debian's containerd is needed: scripts/setup");
        shim = RuncShim.write(dir);
        socket = dir.resolve("c.sock");
        Path conf = dir.resolve("containerd.toml");
        Files.writeString(conf, "version = 2\nroot = \"" + dir.resolve("root") + "\"\nstate = \"" + dir.resolve("state")
                + "\"\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n[grpc]\n  address = \"" + socket + "\"\n"
                + "[ttrpc]\n  address = \"" + socket + ".ttrpc\"\n");
        containerd = new ProcessBuilder("containerd", "--config", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("containerd.log").toFile()).start();
        for (int i = 0; i < 300 && Tools.run(null, ctr("version")).exitCode() != 0; i++) {
            Thread.sleep(100);
        }
        ok("images", "import", Fixtures.busybox().toAbsolutePath().toString());
    }

    @AfterEach
    void stop() throws Exception {
        containerd.destroy();
        if (!containerd.waitFor(20, TimeUnit.SECONDS)) {
            containerd.destroyForcibly();
        }
        // shims this containerd started (their command line names its socket) outlive it: end them
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(socket.toString()))
                .forEach(ProcessHandle::destroyForcibly);
        List<String> left = RuncShim.leftMounts(dir);
        for (String m : left) {
            Tools.run(null, List.of("umount", "-l", m.split(" ")[4]));
        }
        assertEquals(List.of(), left, "mounts left");
    }

    private List<String> ctr(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ctr", "-a", socket.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private String ok(String... args) throws Exception {
        Tools.Output o = Tools.run(null, ctr(args));
        assertEquals(0, o.exitCode(), String.join(" ", args) + " failed:\n" + o.out() + "\nshim calls:\n"
                + RuncShim.calls(dir));
        return o.out();
    }

    private String[] run(String... rest) {
        List<String> a = new ArrayList<>(List.of("run", "--runc-binary", shim.toString(), "--runc-root",
                dir.resolve("runc").toString()));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    @Test
    void ctrRunPrintsTheOutput() throws Exception {
        assertEquals("hi\n", ok(run("--rm", IMAGE, "jrun-oci-c1", "echo", "hi")));
        String calls = RuncShim.calls(dir);
        assertTrue(calls.contains("--log-format json create --bundle") && calls.contains("start jrun-oci-c1"), calls);
        assertEquals(List.of(), Files.list(dir.resolve("runc").resolve("default")).toList(), "containers left");
    }

    @Test
    void aTerminalComesThroughTheShimsConsoleSocket() throws Exception {
        // ctr -t wants a terminal of its own: script(1) gives it one
        String line = String.join(" ", ctr(run("--rm", "-t", IMAGE, "jrun-oci-c2", "echo", "hi")));
        Path typescript = dir.resolve("typescript");
        Tools.Output o = Tools.run(null, List.of("script", "-qec", line, typescript.toString()));
        String out = Files.readString(typescript);
        assertEquals(0, o.exitCode(), o.out() + out + RuncShim.calls(dir));
        // with a terminal the shim reads the container's output only from the master it received
        assertTrue(out.contains("hi"), "[" + o.out() + "] [" + out + "] " + RuncShim.calls(dir));
        assertTrue(RuncShim.calls(dir).contains("--console-socket"), RuncShim.calls(dir));
    }

    @Test
    void detachedTaskPausesResumesAndIsKilled() throws Exception {
        ok(run("-d", IMAGE, "jrun-oci-c3", "sleep", "300"));
        ok("task", "pause", "jrun-oci-c3");
        assertTrue(ok("task", "ls").matches("(?s).*jrun-oci-c3\\s+\\d+\\s+PAUSED.*"), ok("task", "ls"));
        ok("task", "resume", "jrun-oci-c3");
        assertTrue(ok("task", "ls").matches("(?s).*jrun-oci-c3\\s+\\d+\\s+RUNNING.*"), ok("task", "ls"));
        assertTrue(ok("task", "ps", "jrun-oci-c3").lines().count() == 2, "one process");
        assertEquals("x 2\n", ok("task", "exec", "--exec-id", "e1", "jrun-oci-c3", "sh", "-c", "echo x $$"));
        ok("task", "kill", "-s", "KILL", "jrun-oci-c3");
        String ls = "";
        for (int i = 0; i < 100 && !ls.contains("STOPPED"); i++) {
            ls = ok("task", "ls");
            Thread.sleep(100);
        }
        assertTrue(ls.contains("STOPPED"), ls);
        ok("task", "rm", "jrun-oci-c3");
        ok("containers", "rm", "jrun-oci-c3");
    }
}
