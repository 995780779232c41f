package dev.jrun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.api.Fixtures;
import dev.jrun.cli.CliRunner;
import dev.jrun.linux.HostProbe;
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

/** jrun run end to end, as a user types it: a child jrun process per command, the busybox fixture. */
@Tag("root")
class RunCliTest {
    @TempDir
    Path dir;

    Path root;

    @BeforeEach
    void load() {
        root = dir.resolve("store");
        assertEquals(0, new CliRunner(root).run("load", "-i", Fixtures.busybox().toString()).exitCode());
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        List<String> mounts = HostProbe.mounts().stream().map(m -> m.mountPoint())
                .filter(m -> m.startsWith(dir.toString())).toList();
        assertEquals(List.of(), mounts, "mounts left behind");
        try (var s = Files.list(root.resolve("containers"))) {
            for (Path c : (Iterable<Path>) s::iterator) {
                if (c.getFileName().toString().matches("[0-9a-f]{64}")) {
                    assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory/jrun", c.getFileName().toString())),
                            "cgroup of " + c + " left behind");
                }
            }
        }
    }

    private Tools.Output jrun(String... args) throws Exception {
        return Tools.run(null, Tools.jrunCommand(root, args));
    }

    @Test
    void theCommandRunsAsPid1InItsOwnNamespacesAndExitCodesPassThrough() throws Exception {
        Tools.Output o = jrun("run", "--rm", "--network", "none", "busybox", "sh", "-c",
                "echo pid=$$; hostname; ps -o pid,comm > /tmp/ps; wc -l < /tmp/ps; ls /sys/class/net; exit 3");
        assertEquals(3, o.exitCode(), o.out());
        List<String> lines = o.out().lines().toList();
        assertEquals("pid=1", lines.get(0));
        assertTrue(lines.get(1).matches("[0-9a-f]{12}"), "hostname is the short id: " + lines.get(1));
        // not "ps | wc -l": sh may fork wc after ps has read /proc, which made this test count 3 or 4
        assertEquals("3", lines.get(2).trim(), "ps sees only sh and itself (plus the header): " + o.out());
        assertEquals("lo", lines.get(3), "--network none: only lo");
        try (var s = Files.list(root.resolve("containers"))) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).count(), "--rm removed it");
        }
    }

    @Test
    void usersWorkdirEnvAndTheImagesConfig() throws Exception {
        assertEquals("uid=1000(app) gid=1000(app)\n", jrun("run", "--rm", "-u", "app", "busybox", "id").out());
        assertEquals("uid=1234 gid=0(root)\n", jrun("run", "--rm", "-u", "1234", "busybox", "id").out());
        assertEquals("/tmp\nbar\n", jrun("run", "--rm", "-w", "/tmp", "-e", "FOO=bar", "busybox", "sh", "-c",
                "pwd; echo $FOO").out());
    }

    @Test
    void errorsHaveDockersExitCodes() throws Exception {
        Tools.Output notFound = jrun("run", "--rm", "busybox", "nosuchcommand");
        assertEquals(127, notFound.exitCode(), notFound.out());
        assertTrue(notFound.out().contains("nosuchcommand"), notFound.out());
        assertEquals(126, jrun("run", "--rm", "busybox", "/etc/passwd").exitCode());
        Tools.Output badMemory = jrun("run", "--rm", "--memory", "lots", "busybox", "true");
        assertEquals(125, badMemory.exitCode());
        assertTrue(badMemory.out().contains("lots"), badMemory.out());
        Tools.Output badVolume = jrun("run", "--rm", "-v", "/nonexistent-jrun-dir:/data", "busybox", "true");
        assertEquals(125, badVolume.exitCode());
        assertTrue(badVolume.out().contains("/nonexistent-jrun-dir"), badVolume.out());
        Tools.Output badUser = jrun("run", "--rm", "-u", "nobodyhere", "busybox", "true");
        assertEquals(125, badUser.exitCode());
        assertTrue(badUser.out().contains("nobodyhere"), badUser.out());
    }

    @Test
    void memoryLimitKillsAndAnotherContainerDoesNotSeeTheFirstOnesWrites() throws Exception {
        assertEquals(137, jrun("run", "--rm", "--memory", "32m", "busybox", "sh", "-c",
                "head -c 64m /dev/zero | tail").exitCode());
        assertEquals(0, jrun("run", "--name", "first", "busybox", "sh", "-c", "echo mine > /written").exitCode());
        assertEquals(1, jrun("run", "--rm", "busybox", "test", "-e", "/written").exitCode());
        assertEquals(0, jrun("rm", "first").exitCode());
    }

    @Test
    void signalsToJrunReachTheContainer() throws Exception {
        Process p = new ProcessBuilder(Tools.jrunCommand(root, "run", "--rm", "busybox", "sh", "-c",
                "trap 'echo got TERM; exit 7' TERM; echo ready; while true; do sleep 1; done"))
                .redirectErrorStream(true).start();
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        assertEquals("ready", reader.readLine());
        Thread.sleep(300);
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("got TERM", reader.readLine());
        assertEquals(7, p.exitValue());
    }

    @Test
    void aKilledJrunIsCleanedUpByTheNextOne() throws Exception {
        Process p = new ProcessBuilder(Tools.jrunCommand(root, "run", "--name", "orphan", "busybox", "sh", "-c",
                "echo ready; sleep 2")).redirectErrorStream(true).start();
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        assertEquals("ready", reader.readLine());
        p.destroyForcibly();
        p.waitFor();
        Thread.sleep(3000); // the container's sleep ends; nobody reaps or records it
        Tools.Output o = jrun("rm", "orphan");
        assertEquals(0, o.exitCode(), "the next jrun sees it exited and cleans its mount and cgroup: " + o.out());
    }

    @Test
    void explainShowsTheStepsThenRuns() throws Exception {
        Tools.Output o = jrun("run", "--rm", "--explain", "busybox", "echo", "done");
        assertEquals(0, o.exitCode(), o.out());
        assertTrue(o.out().contains("mount -t overlay overlay -o lowerdir="), o.out());
        assertTrue(o.out().contains("pivot_root"), o.out());
        assertTrue(o.out().trim().endsWith("done"), o.out());
    }

    @Test
    void tenContainersInParallel() throws Exception {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ps.add(new ProcessBuilder(Tools.jrunCommand(root, "run", "--rm", "busybox", "sh", "-c", "echo " + (100 + i)))
                    .redirectErrorStream(true).start());
        }
        List<String> outs = new ArrayList<>();
        for (Process p : ps) {
            outs.add(new String(p.getInputStream().readAllBytes()));
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        }
        for (int i = 0; i < ps.size(); i++) {
            assertEquals(0, ps.get(i).exitValue(), outs.get(i));
            assertEquals((100 + i) + "\n", outs.get(i));
        }
    }
}
