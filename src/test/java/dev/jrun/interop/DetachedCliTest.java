package dev.jrun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.api.Fixtures;
import dev.jrun.cli.CliRunner;
import dev.jrun.linux.HostProbe;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run -d and the lifecycle commands end to end: a child jrun process per command, the busybox fixture. */
@Tag("root")
class DetachedCliTest {
    private static final String LOOP = "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done";

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
        for (String id : jrun("ps", "-aq", "--no-trunc").out().lines().toList()) {
            jrun("rm", "-f", id);
        }
        assertEquals(List.of(), monitorsGone(), "the monitor exits once it watches no container");
        List<String> mounts = HostProbe.mounts().stream().map(m -> m.mountPoint())
                .filter(m -> m.startsWith(dir.toString())).toList();
        assertEquals(List.of(), mounts, "mounts left behind");
        if (!Files.isDirectory(root.resolve("containers"))) {
            return;
        }
        try (var s = Files.list(root.resolve("containers"))) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).count(),
                    "containers left behind");
        }
    }

    private Tools.Output jrun(String... args) throws Exception {
        return Tools.run(null, Tools.jrunCommand(root, args));
    }

    private String runDetached(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("run", "-d"));
        all.addAll(List.of(args));
        Tools.Output o = jrun(all.toArray(String[]::new));
        assertEquals(0, o.exitCode(), () -> o.out() + monitorErrors());
        String id = o.out().strip();
        assertTrue(id.matches("[0-9a-f]{64}"), "run -d prints the id: " + o.out());
        return id;
    }

    private String monitorErrors() {
        StringBuilder sb = new StringBuilder();
        try (var s = Files.walk(root.resolve("containers"), 2)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().equals("monitor.err")) {
                    sb.append(Files.readString(p));
                }
            }
        } catch (java.io.IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    /** The monitor processes of this test's store (one at most). */
    private List<ProcessHandle> monitors() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("container-monitor")
                && c.contains(root + " ")).orElse(false)).toList();
    }

    /** The monitors still there after waiting up to 10 s for them to leave. */
    private List<ProcessHandle> monitorsGone() throws InterruptedException {
        List<ProcessHandle> m = monitors();
        for (int i = 0; i < 100 && !m.isEmpty(); i++) {
            Thread.sleep(100);
            m = monitors();
        }
        return m;
    }

    private long pid(String id) throws Exception {
        Matcher m = Pattern.compile("\"Pid\"\\s*:\\s*(\\d+)").matcher(
                Files.readString(root.resolve("containers").resolve(id).resolve("state.json")));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    void aDetachedContainerOutlivesTheCliLogsAndStops() throws Exception {
        String id = runDetached("--name", "looper", "busybox", "sh", "-c", LOOP);
        Thread.sleep(1000);
        String ps = jrun("ps").out();
        assertTrue(ps.contains(id.substring(0, 12)) && ps.contains("Up ") && ps.contains("looper"), ps);
        assertTrue(ps.lines().findFirst().orElseThrow().matches(
                "CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES"), ps);
        String logs = jrun("logs", "looper").out();
        assertTrue(logs.startsWith("line 0\nline 1\n"), logs);
        String stamped = jrun("logs", "-t", "--tail", "1", id.substring(0, 5)).out();
        assertTrue(stamped.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z line \\d+\n"), stamped);
        String json = Files.readString(root.resolve("containers").resolve(id).resolve(id + "-json.log"));
        assertTrue(json.startsWith("{\"log\":\"line 0\\n\",\"stream\":\"stdout\",\"time\":\""), json);

        // logs -f prints what is new, until the container exits (bounded here by a timeout)
        int last = logs.lines().mapToInt(l -> Integer.parseInt(l.substring(5))).max().orElseThrow();
        Process f = new ProcessBuilder(Tools.jrunCommand(root, "logs", "-f", "--tail", "0", "looper")).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(f.getInputStream()));
        String next = r.readLine();
        assertTrue(next != null && Integer.parseInt(next.substring(5)) > last, "followed a new line: " + next);

        long t0 = System.nanoTime();
        Tools.Output stop = jrun("stop", "-t", "1", "looper");
        assertEquals(0, stop.exitCode(), stop.out());
        assertEquals("looper\n", stop.out());
        assertTrue(f.waitFor(30, TimeUnit.SECONDS), "logs -f ends when the container exits");
        assertTrue(System.nanoTime() - t0 < 30_000_000_000L);
        assertTrue(jrun("ps", "-a").out().contains("Exited (137)"), "PID 1 sh ignores TERM: killed after 1 s");
        assertEquals("137\n", jrun("wait", "looper").out());
        assertEquals("", jrun("ps", "-q").out());
        assertEquals(id.substring(0, 12) + "\n", jrun("ps", "-aq").out());
    }

    @Test
    void stopEndsAProcessThatIgnoresTermBySigkillAfterTheTimeout() throws Exception {
        runDetached("--name", "stubborn", "busybox", "sh", "-c", "trap '' TERM; while true; do sleep 0.1; done");
        long t0 = System.nanoTime();
        assertEquals("stubborn\n", jrun("stop", "-t", "1", "stubborn").out());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 1000, "waited the timeout first: " + ms + " ms");
        assertEquals("137\n", jrun("wait", "stubborn").out());
        // a container that handles TERM exits with its own code, before the timeout
        runDetached("--name", "polite", "busybox", "sh", "-c", "trap 'exit 4' TERM; while true; do sleep 0.1; done");
        Thread.sleep(500);
        assertEquals("polite\n", jrun("stop", "-t", "20", "polite").out());
        assertEquals("4\n", jrun("wait", "polite").out());
    }

    @Test
    void waitReturnsTheExitCodeAndKillSendsSignals() throws Exception {
        String id = runDetached("busybox", "sh", "-c", "echo to-err >&2; sleep 1; exit 3");
        Tools.Output w = jrun("wait", id.substring(0, 12));
        assertEquals("3\n", w.out());
        assertTrue(jrun("ps", "-a", "--format", "{{.ID}} {{.Status}}").out().contains(id.substring(0, 12) + " Exited (3)"));
        assertEquals("to-err\n", jrun("logs", id).out(), "stderr is logged too");
        // PID 1 of a namespace gets only the signals it handles (and KILL from outside)
        String k = runDetached("--name", "victim", "busybox", "sh", "-c",
                "trap 'echo got USR1; exit 9' USR1; while true; do sleep 0.1; done");
        Thread.sleep(500);
        assertEquals("victim\n", jrun("kill", "-s", "USR1", "victim").out());
        assertEquals("9\n", jrun("wait", k).out());
        assertEquals("got USR1\n", jrun("logs", "victim").out());
        runDetached("--name", "victim2", "busybox", "sleep", "1000");
        assertEquals("victim2\n", jrun("kill", "victim2").out());
        assertEquals("137\n", jrun("wait", "victim2").out());
    }

    @Test
    void killingTheMonitorLeavesTheContainerRunningAndPsTellsTheTruth() throws Exception {
        String id = runDetached("--name", "orphan", "busybox", "sleep", "1000");
        List<ProcessHandle> m = monitors();
        assertEquals(1, m.size(), "one monitor for the store");
        m.get(0).destroyForcibly();
        m.get(0).onExit().get(10, TimeUnit.SECONDS);
        long pid = pid(id);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "container survives");
        String ps = jrun("ps").out();
        assertTrue(ps.contains("orphan") && ps.contains("Up "), ps);
        Tools.Output rm = jrun("rm", "orphan");
        assertNotEquals(0, rm.exitCode(), "a running container is not removed without -f");
        assertTrue(rm.out().contains("stop the container before removing or force remove"), rm.out());
        assertEquals(0, jrun("rm", "-f", "orphan").exitCode());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "rm -f killed it");
    }

    @Test
    void oneMonitorWatchesAllAndANewOneAdoptsWhatAKilledOneLeft() throws Exception {
        String a = runDetached("--name", "first", "busybox", "sleep", "1000");
        String b = runDetached("--name", "second", "busybox", "sh", "-c", "trap 'exit 5' TERM; while true; do sleep 0.1; done");
        List<ProcessHandle> m = monitors();
        assertEquals(1, m.size(), "one monitor for both");
        assertEquals(m.get(0).pid(), ProcessHandle.of(pid(a)).flatMap(ProcessHandle::parent).orElseThrow().pid(),
                "the monitor is the container's parent");
        m.get(0).destroyForcibly();
        m.get(0).onExit().get(10, TimeUnit.SECONDS);
        assertTrue(ProcessHandle.of(pid(a)).map(ProcessHandle::isAlive).orElse(false), "containers survive");
        assertTrue(ProcessHandle.of(pid(b)).map(ProcessHandle::isAlive).orElse(false), "containers survive");

        // the next run -d starts a new monitor, which adopts the orphans: it cannot read their exit status
        // (they are not its children), but it sees them end and records 255 as docker does
        String c = runDetached("--name", "third", "busybox", "sh", "-c", "sleep 1; exit 6");
        List<ProcessHandle> m2 = monitors();
        assertEquals(1, m2.size());
        assertNotEquals(m.get(0).pid(), m2.get(0).pid());
        assertEquals("6\n", jrun("wait", c).out(), "its own child's code is exact");
        assertEquals("second\n", jrun("stop", "-t", "5", "second").out());
        assertEquals("255\n", jrun("wait", "second").out(), "an adopted container's code is lost");
        assertEquals(1, monitors().size(), "first is still watched");
        assertEquals(0, jrun("rm", "-f", "first").exitCode());
        assertEquals(List.of(), monitorsGone(), "the monitor leaves with its last container");
        assertTrue(jrun("ps", "-a").out().contains("Exited (255)"));
        // and a later run -d starts a monitor again
        String d = runDetached("busybox", "sh", "-c", "exit 3");
        assertEquals("3\n", jrun("wait", d).out());
    }

    @Test
    void rmForceOfARunningContainerLeavesNothing() throws Exception {
        String id = runDetached("busybox", "sh", "-c", LOOP);
        long pid = pid(id);
        assertEquals(0, jrun("rm", "-f", id.substring(0, 12)).exitCode());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory/jrun", id)), "cgroup removed");
        assertEquals(List.of(), monitorsGone(), "the monitor ended with its last container");
        assertFalse(Files.exists(root.resolve("containers").resolve(id)));
    }

    @Test
    void tenDetachedContainersAtOnce() throws Exception {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ps.add(new ProcessBuilder(Tools.jrunCommand(root, "run", "-d", "--name", "c" + i, "busybox", "sleep", "1000"))
                    .redirectErrorStream(true).start());
        }
        for (Process p : ps) {
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
        }
        String names = jrun("ps", "--format", "{{.Names}}").out();
        for (int i = 0; i < 10; i++) {
            String n = "c" + i;
            assertTrue(names.lines().anyMatch(n::equals), names);
        }
        assertEquals(10, names.lines().count(), names);
        List<String> all = new ArrayList<>(List.of("rm", "-f"));
        all.addAll(names.lines().toList());
        assertEquals(0, jrun(all.toArray(String[]::new)).exitCode());
        assertEquals("", jrun("ps", "-aq").out());
    }

    @Test
    void startRestartInspectTopAndPruneKeepTheWritableLayer() throws Exception {
        String id = runDetached("--name", "svc", "busybox", "sh", "-c", "date >> /runs; wc -l < /runs; exec sleep 1000");
        Thread.sleep(500);
        assertEquals("running true /svc\n", jrun("inspect", "-f", "{{.State.Status}} {{.State.Running}} {{.Name}}", "svc").out());
        String inspect = jrun("container", "inspect", "svc").out();
        assertTrue(inspect.contains("\"Id\" : \"" + id + "\"") && inspect.contains("-json.log"), inspect);
        assertTrue(jrun("top", "svc").out().contains("sleep 1000"));
        assertEquals("svc\n", jrun("stop", "-t", "1", "svc").out());
        assertEquals("exited\n", jrun("inspect", "-f", "{{.State.Status}}", "svc").out());
        assertEquals("svc\n", jrun("start", "svc").out());
        assertTrue(jrun("ps").out().contains("svc"));
        assertEquals("svc\n", jrun("restart", "-t", "1", "svc").out());
        Thread.sleep(500);
        assertEquals("1\n2\n3\n", jrun("logs", "svc").out(), "each start ran on the same writable layer");

        assertEquals(0, jrun("create", "--name", "once", "busybox", "sh", "-c", "echo hello; exit 2").exitCode());
        Tools.Output attached = jrun("start", "-a", "once");
        assertEquals(2, attached.exitCode(), attached.out());
        assertEquals("hello\n", attached.out());
        String ls = jrun("container", "ls", "-a", "--format", "{{.Names}} {{.State}}").out();
        assertTrue(ls.contains("once exited") && ls.contains("svc running"), ls);
        Tools.Output prune = jrun("container", "prune", "-f");
        assertTrue(prune.out().contains(jrun("inspect", "-f", "{{.Id}}", "svc").out().strip()) == false
                && prune.exitCode() == 0, prune.out());
        assertEquals("svc\n", jrun("ps", "-a", "--format", "{{.Names}}").out(), "prune removed only the exited one");
        assertTrue(jrun("inspect", "-f", "{{.Id}}", "busybox").out().startsWith("sha256:"), "images are inspected too");
    }

    @Test
    void badInput() throws Exception {
        Tools.Output unknown = jrun("stop", "nosuchcontainer");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.out().contains("No such container: nosuchcontainer"), unknown.out());
        assertNotEquals(0, jrun("logs", "nosuchcontainer").exitCode());
        runDetached("--name", "done", "busybox", "true");
        assertEquals("0\n", jrun("wait", "done").out());
        Tools.Output stopExited = jrun("stop", "done");
        assertEquals(0, stopExited.exitCode(), "docker: stopping an exited container is no error");
        assertEquals("done\n", stopExited.out());
        Tools.Output killExited = jrun("kill", "done");
        assertEquals(1, killExited.exitCode());
        assertTrue(killExited.out().contains("is not running"), killExited.out());
        Tools.Output inUse = jrun("run", "-d", "--name", "done", "busybox", "true");
        assertEquals(125, inUse.exitCode());
        assertTrue(inUse.out().contains("is already in use"), inUse.out());
        Tools.Output notFound = jrun("run", "-d", "busybox", "nosuchcommand");
        assertEquals(127, notFound.exitCode(), notFound.out());
        assertTrue(notFound.out().contains("nosuchcommand"), notFound.out());
        Tools.Output badSignal = jrun("kill", "-s", "NOPE", "done");
        assertEquals(1, badSignal.exitCode());
        assertTrue(badSignal.out().contains("invalid signal: NOPE"), badSignal.out());
    }
}
