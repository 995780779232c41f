package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrun.image.ImageConfig.ContainerConfig;
import dev.jrun.runtime.EtcFiles;
import dev.jrun.runtime.RunOptions;
import dev.jrun.runtime.SpecBuilder;
import dev.jrun.runtime.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File bind mounts (the /etc files docker writes) and a second container not seeing the first one's mounts. */
@Tag("root")
class LauncherFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void nothingMounted() throws Exception {
        assertEquals(List.of(), LauncherTest.mountsUnder(dir));
    }

    @Test
    void etcFilesAreBoundOverTheImagesOnes() throws Exception {
        Path rootfs = BusyboxRootfs.create(dir);
        Files.writeString(rootfs.resolve("etc/hosts"), "image's hosts\n");
        Path c = Files.createDirectories(dir.resolve("container"));
        Path hostname = Files.writeString(c.resolve("hostname"), EtcFiles.hostname("web"));
        Path hosts = Files.writeString(c.resolve("hosts"), EtcFiles.hosts("none", null, "web", null));
        Path resolv = Files.writeString(c.resolve("resolv.conf"), EtcFiles.resolvConf("none", "nameserver 127.0.0.53\n"));
        Spec spec = SpecBuilder.build(ContainerConfig.empty(), RunOptions.defaults().withHostname("web").withReadOnly(true)
                .withCommand(List.of("sh", "-c", "cat /etc/hostname; head -1 /etc/hosts; cat /etc/resolv.conf; "
                        + "echo ok > /etc/hosts && echo written")), "etcfiles", SpecBuilder.ImageFiles.none(), Map.of());
        Path out = dir.resolve("out");
        int code = Launcher.forThisHost().run(EtcFiles.mounts(spec, hostname, hosts, resolv), rootfs, "test-etc-" + ProcessHandle
                .current().pid(), Stdio.files(null, out, dir.resolve("err")));
        assertEquals(0, code, Files.readString(dir.resolve("err")));
        assertEquals("web\n127.0.0.1\tlocalhost\nnameserver 8.8.8.8\nnameserver 8.8.4.4\nwritten\n", Files.readString(out));
        assertEquals("ok\n", Files.readString(hosts));
        assertEquals("image's hosts\n", Files.readString(rootfs.resolve("etc/hosts")));
        assertEquals(List.of("bin", "dev", "etc", "home", "mnt", "proc", "root", "sys", "tmp"), list(rootfs));
    }

    @Test
    void theContainerSeesItsOwnCgroupLimits() throws Exception {
        Path rootfs = BusyboxRootfs.create(dir);
        Spec spec = SpecBuilder.build(ContainerConfig.empty(), RunOptions.defaults().withLimits("40m", null, null, null, 12L)
                .withCommand(List.of("sh", "-c", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max; "
                        + "cat /proc/self/cgroup | grep -c ':/$'; mkdir /sys/fs/cgroup/x 2>/dev/null || echo ro")),
                "cg", SpecBuilder.ImageFiles.none(), Map.of());
        Path out = dir.resolve("out");
        int code = Launcher.forThisHost().run(spec, rootfs, "test-cg-" + ProcessHandle.current().pid(),
                Stdio.files(null, out, dir.resolve("err")));
        assertEquals(0, code, Files.readString(dir.resolve("err")));
        int hierarchies = LinuxSupport.readProc("/proc/self/cgroup").split("\n").length;
        assertEquals((40 << 20) + "\n12\n" + hierarchies + "\nro\n", Files.readString(out));
    }

    @Test
    void theFdTableIsCleanEvenWithLeakyJvmFds() throws Exception {
        Path rootfs = BusyboxRootfs.create(dir);
        int leaky = NativeCalls.open(dir.resolve("leak").toString(), NativeCalls.O_WRONLY | NativeCalls.O_CREAT, 0600);
        try {
            Spec spec = SpecBuilder.build(ContainerConfig.empty(), RunOptions.defaults().withCommand(List.of("sh", "-c",
                    "cd /proc/self/fd && echo *; test -e /proc/$$/fd/" + leaky + " && echo leaked; exit 0")), "fds", SpecBuilder.ImageFiles.none(), Map.of());
            Path out = dir.resolve("out");
            assertEquals(0, Launcher.forThisHost().run(spec, rootfs, "test-fds-" + ProcessHandle.current().pid(),
                    Stdio.files(null, out, null)));
            // 3 is the directory the shell's glob is reading
            assertEquals("0 1 2 3\n", Files.readString(out), "fd " + leaky + " must not reach the container");
        } finally {
            NativeCalls.close(leaky);
        }
    }

    private static List<String> list(Path d) throws Exception {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
