package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.ImageConfig.ContainerConfig;
import dev.jrun.runtime.RunOptions;
import dev.jrun.runtime.SpecBuilder;
import dev.jrun.runtime.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers on a busybox rootfs (a plain directory, no overlay), checked from the inside. */
@Tag("root")
class LauncherTest {
    static final AtomicInteger SEQ = new AtomicInteger();
    @TempDir
    static Path dir;
    static Path rootfs;
    static String mountsBefore;

    @BeforeAll
    static void rootfs() throws Exception {
        assertNull(LinuxSupport.unavailabilityCause());
        rootfs = BusyboxRootfs.create(dir);
        mountsBefore = mountCount();
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        assertEquals(mountsBefore, mountCount(), "mounts left in the host's namespace");
        for (String c : List.of("memory", "cpu", "pids")) {
            Path jrun = Path.of("/sys/fs/cgroup", c, "jrun");
            if (Files.isDirectory(jrun)) {
                try (var s = Files.list(jrun)) {
                    assertEquals(List.of(), s.filter(Files::isDirectory).filter(p -> p.getFileName().toString()
                            .startsWith("test-")).toList(), "cgroups left in " + jrun);
                }
            }
        }
    }

    static String mountCount() throws Exception {
        return String.valueOf(Files.readAllLines(Path.of("/proc/self/mountinfo")).size());
    }

    record Result(int code, String out, String err) {
    }

    static Result run(RunOptions o, String... cmd) throws Exception {
        return run(o.withCommand(List.of(cmd)));
    }

    static Result run(RunOptions o) throws Exception {
        String id = "test-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        Spec spec = SpecBuilder.build(ContainerConfig.empty(), o, id,
                new SpecBuilder.ImageFiles(BusyboxRootfs.PASSWD, BusyboxRootfs.GROUP), Map.of());
        Path out = dir.resolve(id + ".out");
        Path err = dir.resolve(id + ".err");
        int code = Launcher.forThisHost().run(spec, rootfs, id, new Launcher.Stdio(null, out, err));
        Result r = new Result(code, Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    static RunOptions sh() {
        return RunOptions.defaults();
    }

    @Test
    void commandIsPid1AndSeesOnlyItsProcesses() throws Exception {
        Result r = run(sh(), "sh", "-c", "echo $$; ps -o pid,comm > /tmp/ps; cat /tmp/ps; rm /tmp/ps");
        assertEquals(0, r.code(), r.err());
        List<String> lines = List.of(r.out().strip().split("\n"));
        assertEquals("1", lines.get(0), r.out());
        assertEquals(List.of("PID", "1 sh", "2 ps"), lines.subList(1, lines.size()).stream()
                .map(l -> l.strip().replaceAll("\\s+", " ").replace("PID COMMAND", "PID")).toList(), r.out());
    }

    @Test
    void hostnameNetworkAndCapabilities() throws Exception {
        Result r = run(sh().withHostname("box"), "sh", "-c",
                "hostname; ls /sys/class/net; grep -E '^Cap(Eff|Bnd|Prm|Inh)' /proc/self/status; grep NoNewPrivs /proc/self/status");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("box", "lo", "CapInh:\t0000000000000000", "CapPrm:\t00000000a80425fb",
                "CapEff:\t00000000a80425fb", "CapBnd:\t00000000a80425fb", "NoNewPrivs:\t1"),
                List.of(r.out().strip().split("\n")), r.out());
    }
}
