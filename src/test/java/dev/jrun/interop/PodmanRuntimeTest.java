package dev.jrun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.api.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman drives jrun as its OCI runtime (--runtime, conmon calling create/start/state/kill/delete):
 * run --rm, a terminal through conmon's console socket, run -d, exec (-t), logs, stop, rm. podman's store and
 * jrun's state root are private to the test. seccomp_profile is "unconfined" in the private
 * containers.conf: jrun refuses a seccomp filter it cannot load rather than ignoring it.
 */
@Tag("root")
class PodmanRuntimeTest {
    @TempDir
    Path dir;
    Path shim;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("containers.conf"), "[containers]\ndefault_ulimits = [\"nofile=20000:20000\", "
                + "\"nproc=32768:32768\"]\nseccomp_profile = \"unconfined\"\n[engine]\ncgroup_manager = \"cgroupfs\"\n"
                + "events_logger = \"file\"\n");
        shim = RuncShim.write(dir);
        Tools.ok(dir, Tools.podman(dir, "load", "-q", "-i", Fixtures.busybox().toAbsolutePath().toString()));
    }

    @AfterEach
    void tearDown() throws Exception {
        Tools.run(dir, List.of(podman("rm", "-af", "-t", "0")));
        Tools.run(dir, List.of(Tools.podman(dir, "system", "reset", "--force")));
        assertTrue(RuncShim.leftMounts(dir).isEmpty(), "mounts left: " + RuncShim.leftMounts(dir));
        Path state = dir.resolve("jrun-state");
        try (var s = Files.exists(state) ? Files.list(state) : java.util.stream.Stream.<Path>empty()) {
            assertEquals(List.of(), s.toList(), "containers left in jrun's state root");
        }
    }

    private String[] podman(String... args) {
        List<String> all = new ArrayList<>(List.of("--runtime", shim.toString()));
        all.addAll(List.of(args));
        return Tools.podman(dir, all.toArray(String[]::new));
    }

    private String ok(String... args) throws Exception {
        Tools.Output o = Tools.run(dir, List.of(podman(args)));
        assertEquals(0, o.exitCode(), String.join(" ", args) + " failed:\n" + o.out() + "\nshim calls:\n" + RuncShim.calls(dir));
        return o.out();
    }

    @Test
    void runRemovePrintsTheOutput() throws Exception {
        Tools.Output o = Tools.run(dir, List.of(podman("run", "--rm", "localhost/busybox", "echo", "hi")));
        assertTrue(o.out().startsWith("hi\n"), o.out() + RuncShim.calls(dir));
        // podman 4.3 races its own cleanup process under load ("no such exit code (container in state
        // running)") after the container ran and printed; anything else is a failure
        assertTrue(o.exitCode() == 0 || o.out().contains("no such exit code"), o.out() + RuncShim.calls(dir));
        String calls = RuncShim.calls(dir);
        assertTrue(calls.contains("create ") && calls.contains("start ") && calls.contains("delete "), calls);
    }

    @Test
    void aTerminalComesThroughConmonsConsoleSocket() throws Exception {
        String out = ok("run", "--rm", "-t", "localhost/busybox", "echo", "hi");
        assertEquals("hi\r\n", out, "a pty turns \\n into \\r\\n");
        assertTrue(RuncShim.calls(dir).contains("--console-socket"), RuncShim.calls(dir));
    }

    @Test
    void detachedRunLogsStopAndRemove() throws Exception {
        ok("run", "-d", "--name", "jrun-oci-d1", "localhost/busybox", "sh", "-c", "echo started; trap 'exit 3' TERM; "
                + "while true; do sleep 1; done");
        String logs = "";
        for (int i = 0; i < 100 && !logs.contains("started"); i++) {
            logs = ok("logs", "jrun-oci-d1");
            Thread.sleep(100);
        }
        assertEquals("started\n", logs);
        assertTrue(ok("ps", "--format", "{{.Names}} {{.Status}}").contains("jrun-oci-d1 Up"));
        String in = ok("exec", "jrun-oci-d1", "sh", "-c", "echo in $$");
        assertTrue(in.matches("in \\d{1,3}\n") && !in.equals("in 1\n"), "a small pid of the container's namespace: " + in);
        assertEquals("tty\r\n", ok("exec", "-t", "jrun-oci-d1", "echo", "tty"), "exec -t: conmon's console socket");
        Tools.Output failed = Tools.run(dir, List.of(podman("exec", "jrun-oci-d1", "sh", "-c", "exit 7")));
        assertEquals(7, failed.exitCode(), failed.out());
        ok("stop", "-t", "10", "jrun-oci-d1");
        assertEquals("3\n", ok("inspect", "--format", "{{.State.ExitCode}}", "jrun-oci-d1"), "TERM reached the trap");
        ok("rm", "jrun-oci-d1");
        assertEquals("", ok("ps", "-a", "-q"));
    }
}
