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

    @BeforeAll
    static void rootfs() throws Exception {
        assertNull(LinuxSupport.unavailabilityCause());
        rootfs = BusyboxRootfs.create(dir);
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        assertEquals(List.of(), mountsUnder(dir), "mounts left in the host's namespace");
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

    /** Mount points under d (other sessions mount elsewhere on this machine, so counting all would be flaky). */
    static List<String> mountsUnder(Path d) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String line : LinuxSupport.readProc("/proc/self/mountinfo").split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].startsWith(d.toString())) {
                out.add(f[4]);
            }
        }
        return out;
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
        int code = Launcher.forThisHost().run(spec, rootfs, id, Stdio.files(null, out, err));
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

    @Test
    void mountIsRefusedAndProcSysIsReadOnly() throws Exception {
        Result r = run(sh(), "sh", "-c", "test -d /mnt && mount -t tmpfs t /mnt 2>/dev/null && echo mounted; "
                + "echo 1 > /proc/sys/kernel/ns_last_pid 2>/dev/null && echo wrote; cat /proc/timer_list | wc -c; "
                + "touch /newfile && echo writable");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("0", "writable"), List.of(r.out().strip().split("\\s+")), r.out());
    }

    @Test
    void exitCodesAndSignals() throws Exception {
        assertEquals(3, run(sh(), "sh", "-c", "exit 3").code());
        assertEquals(137, run(sh(), "sh", "-c", "sh -c 'kill -9 $$'; exit $?").code());
        assertEquals(0, run(sh(), "true").code());
    }

    @Test
    void signalFromOutsideAndLimitsSeenOnTheHost() throws Exception {
        String id = "test-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        Spec spec = SpecBuilder.build(ContainerConfig.empty(), sh().withCommand(List.of("sleep", "100"))
                .withLimits("48m", null, "0.5", 512L, 20L), id, SpecBuilder.ImageFiles.none(), Map.of());
        try (Launcher.Started s = Launcher.forThisHost().start(spec, rootfs, id, Stdio.inherit())) {
            Path cpu = Path.of("/sys/fs/cgroup/cpu/jrun", id);
            assertEquals("50000", Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip());
            assertEquals("512", Files.readString(cpu.resolve("cpu.shares")).strip());
            assertEquals(String.valueOf(48 << 20),
                    Files.readString(Path.of("/sys/fs/cgroup/memory/jrun", id, "memory.limit_in_bytes")).strip());
            assertEquals("20", Files.readString(Path.of("/sys/fs/cgroup/pids/jrun", id, "pids.max")).strip());
            assertEquals(String.valueOf(s.pid()), Files.readString(Path.of("/sys/fs/cgroup/unified/jrun", id,
                    "cgroup.procs")).strip(), "CLONE_INTO_CGROUP placed it in the unified hierarchy");
            String where = Files.readString(Path.of("/proc", String.valueOf(s.pid()), "cgroup"));
            assertTrue(where.contains(":memory:/jrun/" + id + "\n") && where.contains(":pids:/jrun/" + id + "\n")
                    && where.contains(":/jrun/" + id + "\n"), where);
            // joined through the v1 tasks files (CgroupFs.V1_JOIN_FILE): the whole process, as cgroup.procs says
            for (String h : List.of("memory", "pids", "cpu")) {
                assertEquals(String.valueOf(s.pid()), Files.readString(Path.of("/sys/fs/cgroup", h, "jrun", id,
                        "cgroup.procs")).strip(), h);
            }
            s.signal(9);
            assertEquals(137, s.waitFor());
        }
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/cpu/jrun", id)));
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/unified/jrun", id)));
    }

    @Test
    void missingExecutableIs127() throws Exception {
        RootfsPaths.ExecutableNotFoundException e = org.junit.jupiter.api.Assertions.assertThrows(
                RootfsPaths.ExecutableNotFoundException.class, () -> run(sh(), "nosuchcommand"));
        assertEquals(127, e.exitCode());
        assertTrue(e.getMessage().contains("nosuchcommand"), e.getMessage());
    }

    @Test
    void memoryLimitKillsTheBiggestWith137() throws Exception {
        Result r = run(sh().withLimits("32m", null, null, null, null), "sh", "-c", "head -c 64m /dev/zero | tail");
        assertEquals(137, r.code(), r.err());
        assertEquals(0, run(sh().withLimits("32m", null, null, null, null), "sh", "-c", "head -c 8m /dev/zero | tail | wc -c").code());
    }

    @Test
    void pidsLimitStopsAForkBomb() throws Exception {
        Result r = run(sh().withLimits(null, null, null, null, 10L), "sh", "-c",
                "i=0; while [ $i -lt 30 ]; do sleep 5 & i=$((i+1)); echo $i > /tmp/forks; done");
        assertTrue(r.err().contains("can't fork"), r.err());
        int forks = Integer.parseInt(Files.readString(rootfs.resolve("tmp/forks")).strip());
        Files.delete(rootfs.resolve("tmp/forks"));
        assertTrue(forks < 10 && forks >= 5, "forks: " + forks);
    }

    @Test
    void usersByNameAndNumber() throws Exception {
        assertEquals("uid=1000(app) gid=1000(app) groups=10(wheel),29(audio)",
                run(sh().withUser("app"), "id").out().strip());
        assertEquals("uid=1234 gid=0(root)", run(sh().withUser("1234"), "id").out().strip());
        assertEquals("uid=1000(app) gid=29(audio)", run(sh().withUser("app:audio"), "id").out().strip());
        Result r = run(sh().withUser("app"), "sh", "-c", "grep -E '^Cap(Eff|Bnd)' /proc/self/status; echo $HOME; pwd");
        assertEquals(List.of("CapEff:\t0000000000000000", "CapBnd:\t00000000a80425fb", "/home/app", "/"),
                List.of(r.out().strip().split("\n")), r.out());
    }

    @Test
    void workdirEnvReadOnlyRootAndVolumes() throws Exception {
        Path vol = Files.createDirectories(dir.resolve("vol"));
        Files.writeString(vol.resolve("in"), "from host\n");
        RunOptions o = sh().withWorkdir("/work/dir").withEnv(List.of("GREETING=hi")).withReadOnly(true)
                .withVolumes(List.of(vol + ":/data", vol + ":/ro:ro"));
        Result r = run(o, "sh", "-c", "pwd; echo $GREETING; cat /data/in; echo out > /data/out; "
                + "touch /x 2>/dev/null || echo rootro; touch /ro/y 2>/dev/null || echo volro");
        assertEquals(List.of("/work/dir", "hi", "from host", "rootro", "volro"), List.of(r.out().strip().split("\n")), r.err());
        assertEquals("out\n", Files.readString(vol.resolve("out")));
    }

    @Test
    void aFailingStepNamesItselfAndLeavesNothing() throws Exception {
        RunOptions o = sh().withVolumes(List.of(dir.resolve("absent") + ":/data"));
        ChildFailedException e = org.junit.jupiter.api.Assertions.assertThrows(ChildFailedException.class,
                () -> run(o, "true"));
        assertEquals("bind " + dir.resolve("absent") + " on /data (recursively): ENOENT (No such file or directory)",
                e.getMessage());
        assertEquals(125, e.exitCode());
    }

    @Test
    void twentyInParallel() throws Exception {
        List<java.util.concurrent.Future<Result>> fs = new java.util.ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        try {
            for (int i = 0; i < 20; i++) {
                int n = i;
                fs.add(pool.submit(() -> run(sh().withLimits("64m", null, null, null, 50L), "sh", "-c", "echo $$ " + n)));
            }
            for (int i = 0; i < 20; i++) {
                Result r = fs.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(0, r.code(), r.err());
                assertEquals("1 " + i, r.out().strip());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void explainListsTheSteps() throws Exception {
        Spec spec = SpecBuilder.build(ContainerConfig.empty(), sh().withCommand(List.of("true")), "explain",
                SpecBuilder.ImageFiles.none(), Map.of());
        List<String> steps = Launcher.forThisHost().explain(spec, rootfs, "explain");
        assertTrue(steps.stream().anyMatch(s -> s.contains("mount proc on /proc (type proc")), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.contains("drop CAP_SYS_ADMIN from the bounding set")), steps.toString());
        assertTrue(steps.get(steps.size() - 1).contains("execute /bin/true [true]"), steps.toString());
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/pids/jrun/explain")));
    }

    @Test
    void privilegedGetsWhatJrunHoldsAndWritableSys() throws Exception {
        Result r = run(sh().withCaps(null, null, true), "sh", "-c",
                "grep -E '^Cap(Eff|Bnd)' /proc/self/status; grep -E '^Cap(Eff|Bnd)' /proc/1/status >/dev/null; "
                + "mount -t tmpfs t /mnt && echo mounted && umount /mnt; grep ' /sys ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1");
        assertEquals(0, r.code(), r.err());
        String held = String.format("%016x", LinuxSupport.permittedCaps());
        assertEquals(List.of("CapEff:\t" + held, "CapBnd:\t" + held, "mounted", "rw"), List.of(r.out().strip().split("\n")), r.out());
    }

    @Test
    void rlimitsAreSetButNotRaised() throws Exception {
        String id = "test-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        Spec spec = SpecBuilder.build(ContainerConfig.empty(), sh().withCommand(List.of("sh", "-c", "ulimit -n; ulimit -Hn")),
                id, SpecBuilder.ImageFiles.none(), Map.of());
        Spec limited = spec.withProcess(new dev.jrun.runtime.spec.Process(null, spec.process().user(), spec.process().args(),
                spec.process().env(), "/", spec.process().capabilities(),
                List.of(new dev.jrun.runtime.spec.Process.Rlimit("RLIMIT_NOFILE", 200, 100)), true));
        Path out = dir.resolve(id + ".out");
        assertEquals(0, Launcher.forThisHost().run(limited, rootfs, id, Stdio.files(null, out, null)));
        assertEquals("100\n200\n", Files.readString(out));
        Files.delete(out);
    }

    /** The pure-v2 code path on this machine's real cgroup2 mount (it holds only hugetlb, so no limits). */
    @Test
    void cgroupV2LayoutOnTheRealUnifiedHierarchy() throws Exception {
        Path unified = CgroupLayout.current().unified();
        CgroupFs v2 = new CgroupFs(new CgroupLayout(Map.of(), unified));
        String id = "test-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        Spec spec = SpecBuilder.build(ContainerConfig.empty(), sh().withCommand(List.of("sleep", "100")), id,
                SpecBuilder.ImageFiles.none(), Map.of());
        try (Launcher.Started s = new Launcher(v2).start(spec, rootfs, id, Stdio.inherit())) {
            assertEquals(String.valueOf(s.pid()), Files.readString(unified.resolve("jrun").resolve(id).resolve("cgroup.procs")).strip());
            s.signal(15);
            s.signal(9);
            assertEquals(137, s.waitFor());
        }
        assertFalse(Files.exists(unified.resolve("jrun").resolve(id)));
        Spec limited = SpecBuilder.build(ContainerConfig.empty(), sh().withCommand(List.of("true"))
                .withLimits("32m", null, null, null, null), id, SpecBuilder.ImageFiles.none(), Map.of());
        dev.jrun.JrunException e = org.junit.jupiter.api.Assertions.assertThrows(dev.jrun.JrunException.class,
                () -> new Launcher(v2).run(limited, rootfs, id, Stdio.inherit()));
        assertTrue(e.getMessage().contains("memory cgroup v2 controller is not available in " + unified), e.getMessage());
        assertFalse(Files.exists(unified.resolve("jrun").resolve(id)));
    }

    @Test
    void loopbackIsUpAndSysctlsApplyToTheContainerOnly() throws Exception {
        String id = "test-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        Spec spec = SpecBuilder.build(ContainerConfig.empty(), sh().withCommand(List.of("sh", "-c",
                "ip -o -4 addr show lo | grep -o 127.0.0.1/8; cat /proc/sys/net/ipv4/ip_unprivileged_port_start; "
                + "echo 1 > /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || echo ro")),
                id, SpecBuilder.ImageFiles.none(), Map.of());
        dev.jrun.runtime.spec.Linux l = spec.linux();
        Spec withSysctl = spec.withLinux(new dev.jrun.runtime.spec.Linux(l.namespaces(), l.resources(), l.cgroupsPath(),
                l.maskedPaths(), l.readonlyPaths(), Map.of("net.ipv4.ip_unprivileged_port_start", "80"), null));
        String host = Files.readString(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start"));
        Path out = dir.resolve(id + ".out");
        assertEquals(0, Launcher.forThisHost().run(withSysctl, rootfs, id, Stdio.files(null, out, null)));
        assertEquals("127.0.0.1/8\n80\nro\n", Files.readString(out));
        assertEquals(host, Files.readString(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")));
        Files.delete(out);
    }
}
