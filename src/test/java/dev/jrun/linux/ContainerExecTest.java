package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.ImageConfig.ContainerConfig;
import dev.jrun.runtime.RunOptions;
import dev.jrun.runtime.SpecBuilder;
import dev.jrun.runtime.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec into a running container on a busybox rootfs: namespaces, cgroup, credentials, exit codes, leftovers. */
@Tag("root")
class ContainerExecTest {
    @TempDir
    static Path dir;
    static Launcher.Started container;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        assertNull(LinuxSupport.unavailabilityCause());
        Path rootfs = BusyboxRootfs.create(dir);
        id = "test-exec-" + ProcessHandle.current().pid();
        Spec spec = spec(RunOptions.defaults().withHostname("exec-host").withLimits("64m", null, null, null, null), id,
                "sh", "-c", "echo from-run > /tmp/f; exec sleep 300");
        container = Launcher.forThisHost().start(spec, rootfs, id, Stdio.files(null, dir.resolve("c.out"), null));
        for (int i = 0; i < 100 && !Files.exists(Path.of("/proc/" + container.pid() + "/root/tmp/f")); i++) {
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.close();
        }
    }

    static Spec spec(RunOptions o, String name, String... cmd) {
        return SpecBuilder.build(ContainerConfig.empty(), o.withCommand(List.of(cmd)), name,
                new SpecBuilder.ImageFiles(BusyboxRootfs.PASSWD, BusyboxRootfs.GROUP), Map.of());
    }

    static LauncherTest.Result exec(RunOptions o, String... cmd) throws Exception {
        Path out = dir.resolve("e.out");
        Path err = dir.resolve("e.err");
        int code;
        try (Launcher.Started p = ContainerExec.start(container.pid(), 0, spec(o.withHostname("exec-host"), id, cmd).process(),
                Stdio.files(null, out, err))) {
            code = p.waitFor();
        }
        return new LauncherTest.Result(code, Files.readString(out), Files.readString(err));
    }

    @Test
    void joinsPidMountUtsAndCgroup() throws Exception {
        LauncherTest.Result r = exec(RunOptions.defaults(), "sh", "-c",
                "cat /proc/1/cmdline | tr '\\0' ' '; echo; cat /tmp/f; hostname; cat /proc/self/cgroup | grep memory; echo $$");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("sleep 300 ", lines[0]);
        assertEquals("from-run", lines[1]);
        assertEquals("exec-host", lines[2]);
        assertTrue(lines[3].endsWith(":memory:/"), "in the container's cgroup namespace root: " + lines[3]);
        assertTrue(Integer.parseInt(lines[4]) > 1);
        String hostView = Files.readString(Path.of("/proc/" + container.pid() + "/cgroup"));
        assertTrue(hostView.contains("memory:/jrun/" + id), hostView);
    }

    @Test
    void userWorkdirAndExitCodes() throws Exception {
        LauncherTest.Result r = exec(RunOptions.defaults().withUser("app").withWorkdir("/tmp"), "sh", "-c",
                "id -u; pwd; exit 3");
        assertEquals(3, r.code());
        assertEquals("1000\n/tmp\n", r.out());
        ChildFailedException e = assertThrows(ChildFailedException.class,
                () -> exec(RunOptions.defaults(), "/no/such/thing"));
        assertEquals(127, e.exitCode());
        assertTrue(RootfsPaths.ExecutableNotFoundException.class.isInstance(
                assertThrows(RuntimeException.class, () -> exec(RunOptions.defaults(), "nosuchcmd"))));
    }

    @Test
    void nothingLeftBehind() throws Exception {
        java.util.Set<String> before = openFds();
        for (int i = 0; i < 5; i++) {
            assertEquals(0, exec(RunOptions.defaults(), "true").code());
        }
        // what the execs opened (pidfds, pipes, namespace and cgroup files) is closed again; the count alone
        // also moved with the test JVM's own work (a jar opened, a stream's cleaner run), which is not a leak
        java.util.Set<String> left = openFds();
        left.removeAll(before);
        left.removeIf(f -> f.endsWith(".jar"));
        assertEquals(java.util.Set.of(), left, "fds left open");
        assertEquals(List.of(), ProcessHandle.current().children().filter(h -> h.pid() != container.pid()).toList());
    }

    /** This process's open fds as "number -> what it points to". */
    private static java.util.Set<String> openFds() throws java.io.IOException {
        java.util.Set<String> out = new java.util.TreeSet<>();
        String[] names = Path.of("/proc/self/fd").toFile().list();
        for (String n : names == null ? new String[0] : names) {
            try {
                out.add(n + " -> " + Files.readSymbolicLink(Path.of("/proc/self/fd", n)));
            } catch (java.nio.file.NoSuchFileException e) {
                // closed meanwhile (the one list() itself used, among others)
            }
        }
        return out;
    }

    @Test
    void exitedContainerIsRefused() {
        assertThrows(ContainerExec.NotRunningException.class,
                () -> ContainerExec.start(container.pid(), 12345, spec(RunOptions.defaults(), id, "true").process(),
                        Stdio.inherit()));
    }
}
