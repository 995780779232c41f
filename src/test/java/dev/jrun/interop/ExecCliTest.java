package dev.jrun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.api.Fixtures;
import dev.jrun.cli.CliRunner;
import dev.jrun.linux.HostProbe;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jrun exec end to end, each command a jrun process of its own, into one detached busybox container that
 * serves httpd on its loopback: same PID namespace, filesystem, hostname and cgroup as the container, the
 * flags, docker's exit codes, a tty, forwarded signals, and nothing left behind.
 */
@Tag("root")
class ExecCliTest {
    @TempDir
    static Path dir;
    static Path root;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        root = dir.resolve("store");
        assertEquals(0, new CliRunner(root).run("load", "-i", Fixtures.busybox().toString()).exitCode());
        Tools.Output o = jrun("run", "-d", "--name", "web", "-m", "64m", "busybox", "sh", "-c",
                "mkdir -p /www && echo served-by-httpd > /www/index.html && echo from-run > /tmp/f"
                        + " && exec httpd -f -p 8080 -h /www");
        assertEquals(0, o.exitCode(), o.out());
        id = o.out().strip();
        for (int i = 0; i < 100 && jrun("exec", "web", "test", "-f", "/tmp/f").exitCode() != 0; i++) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        jrun("rm", "-f", "web");
        jrun("rm", "-f", "stopped");
        List<String> mounts = HostProbe.mounts().stream().map(m -> m.mountPoint())
                .filter(m -> m.startsWith(dir.toString())).toList();
        assertEquals(List.of(), mounts, "mounts left behind");
    }

    static Tools.Output jrun(String... args) throws Exception {
        return Tools.run(null, Tools.jrunCommand(root, args));
    }

    static String ok(String... args) throws Exception {
        Tools.Output o = jrun(args);
        assertEquals(0, o.exitCode(), () -> String.join(" ", args) + ": " + o.out());
        return o.out();
    }

    @Test
    void wgetFromExecReachesTheDetachedHttpd() throws Exception {
        assertEquals("served-by-httpd\n", ok("exec", "web", "wget", "-q", "-O", "-", "http://127.0.0.1:8080/"));
    }

    @Test
    void sharesPidNamespaceFilesystemHostnameAndCgroup() throws Exception {
        assertEquals("httpd -f -p 8080 -h /www ", ok("exec", "web", "sh", "-c", "tr '\\0' ' ' < /proc/1/cmdline"));
        assertEquals("from-run\n", ok("exec", "web", "cat", "/tmp/f"));
        ok("exec", "web", "sh", "-c", "echo from-exec > /tmp/g");
        assertEquals("from-exec\n", ok("exec", "web", "cat", "/tmp/g"));
        assertEquals(id.substring(0, 12) + "\n", ok("exec", "web", "hostname"));
        // in the container's cgroup namespace, at its root: what PID 1 sees, and not jrun's own cgroups
        String cgroups = ok("exec", "web", "sh", "-c", "cat /proc/self/cgroup; echo --; cat /proc/1/cgroup");
        String[] halves = cgroups.split("--\n");
        assertEquals(halves[1], halves[0]);
        assertTrue(halves[0].contains(":memory:/\n"), cgroups);
        assertEquals("67108864\n", ok("exec", "web", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes"));
    }

    @Test
    void envUserAndWorkdir() throws Exception {
        String out = ok("exec", "-u", "app", "-w", "/tmp", "-e", "FOO=bar", "web", "sh", "-c",
                "id -u; pwd; echo $FOO $HOME $PATH");
        assertEquals("1000\n/tmp\nbar /home/app /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n", out);
        assertEquals("/root\n", ok("exec", "web", "sh", "-c", "echo $HOME"));
        // root keeps the container's capabilities (docker's default set), an other user has none
        assertEquals("00000000a80425fb\n", ok("exec", "web", "sh", "-c", "grep CapEff /proc/self/status | cut -f2"));
        assertEquals("0000000000000000\n", ok("exec", "-u", "app", "web", "sh", "-c",
                "grep CapEff /proc/self/status | cut -f2"));
    }

    @Test
    void exitCodesAsDocker() throws Exception {
        assertEquals(0, jrun("exec", "web", "true").exitCode());
        assertEquals(3, jrun("exec", "web", "sh", "-c", "exit 3").exitCode());
        Tools.Output missing = jrun("exec", "web", "nosuchcommand");
        assertEquals(127, missing.exitCode(), missing.out());
        assertTrue(missing.out().contains("\"nosuchcommand\": executable file not found in $PATH"), missing.out());
        assertEquals(126, jrun("exec", "web", "/etc/passwd").exitCode());
        Tools.Output unknown = jrun("exec", "nosuchcontainer", "true");
        assertEquals(125, unknown.exitCode());
        assertTrue(unknown.out().contains("No such container: nosuchcontainer"), unknown.out());
    }

    @Test
    void execIntoAStoppedContainerIsRefused() throws Exception {
        ok("run", "--name", "stopped", "busybox", "true");
        Tools.Output o = jrun("exec", "stopped", "true");
        assertEquals(125, o.exitCode());
        assertTrue(o.out().contains("container stopped is not running"), o.out());
    }

    @Test
    void ttyAndStdin() throws Exception {
        assertEquals("tty\r\n", ok("exec", "-t", "web", "sh", "-c", "test -t 0 && test -t 1 && echo tty"));
        assertEquals("no tty\n", ok("exec", "web", "sh", "-c", "test -t 0 || echo no tty"));
        Process p = new ProcessBuilder(Tools.jrunCommand(root, "exec", "-i", "web", "tr", "a-z", "A-Z")).start();
        p.getOutputStream().write("piped in\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertEquals("PIPED IN\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("", ok("exec", "web", "cat"), "without -i stdin is empty");
    }

    @Test
    void signalsAreForwardedAndNothingIsLeftBehind() throws Exception {
        Process p = new ProcessBuilder(Tools.jrunCommand(root, "exec", "web", "sh", "-c",
                "trap 'echo got TERM; exit 5' TERM; echo ready; while true; do sleep 0.1; done")).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", r.readLine());
        p.toHandle().destroy(); // SIGTERM to jrun, forwarded to the command
        String line = r.readLine();
        if (!"got TERM".equals(line)) {
            jrun("exec", "web", "pkill", "-f", "trap");
        }
        assertEquals("got TERM", line);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(5, p.exitValue());
        ok("exec", "-d", "web", "sleep", "0.2");
        Thread.sleep(1000);
        // only PID 1 and ps itself: no exec'd process, zombie or intermediate child lingers
        List<String> ps = new ArrayList<>(ok("exec", "web", "ps", "-o", "pid,stat,args").lines().toList());
        ps.remove(0);
        if (!hostInitReapsOrphans()) {
            // the exec -d command outlived jrun, so it was reparented to the host's PID 1, which on this
            // kind of machine never reaps: its zombie is the host's, not jrun's leftover
            ps.removeIf(l -> l.matches("\\s*\\d+ Z\\s+\\[sleep\\]"));
        }
        assertEquals(2, ps.size(), ps.toString());
        assertTrue(ps.get(0).matches("\\s*1 S\\s+httpd -f -p 8080 -h /www"), ps.toString());
    }

    @Test
    void explainListsTheSteps() throws Exception {
        Tools.Output o = jrun("exec", "--explain", "web", "true");
        assertEquals(0, o.exitCode(), o.out());
        assertTrue(o.out().contains("namespaces (setns on a pidfd of its PID 1)"), o.out());
        assertTrue(o.out().contains("fork, so that the new process is inside the PID namespace"), o.out());
        assertTrue(Files.exists(root.resolve("containers").resolve(id).resolve("process.json")));
    }

    /** Whether an orphan of a host process is reaped once it ends (false on hosts whose PID 1 never waits). */
    private static boolean hostInitReapsOrphans() throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!").start();
        String pid = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        sh.waitFor();
        Thread.sleep(700);
        java.nio.file.Path stat = java.nio.file.Path.of("/proc", pid, "stat");
        if (!java.nio.file.Files.exists(stat)) {
            return true;
        }
        String s = java.nio.file.Files.readString(stat);
        return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
    }
}
