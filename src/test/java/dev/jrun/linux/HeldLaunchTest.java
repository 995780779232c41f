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
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container held before its exec (as run does while CNI sets up its network), seen from the host. */
@Tag("root")
class HeldLaunchTest {
    @TempDir
    static Path dir;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        assertNull(LinuxSupport.unavailabilityCause());
        rootfs = BusyboxRootfs.create(dir);
    }

    /**
     * While it waits, the child holds only its stdio, the exec fifo and the pipe it said it was ready on:
     * none of the JVM's other files. The fds are listed once it has said so, which it does after closing them. Stop 4's CI
     * hung because a held child kept the write end of a pipe another thread was waiting on (the JDK's pipe
     * from an iptables child it was starting), and that thread was the one that would have released it.
     */
    @Test
    void heldChildKeepsNoneOfTheJvmsFiles() throws Exception {
        String id = "test-held-" + ProcessHandle.current().pid();
        Spec spec = SpecBuilder.build(ContainerConfig.empty(), RunOptions.defaults().withCommand(List.of("true")), id,
                new SpecBuilder.ImageFiles(BusyboxRootfs.PASSWD, BusyboxRootfs.GROUP), Map.of());
        Path out = dir.resolve(id + ".out");
        Path err = dir.resolve(id + ".err");
        Path fifo = dir.resolve(id + ".fifo");
        Map<Integer, String> held = new TreeMap<>();
        try (Pipe p = Pipe.open()) {
            String pipe = Files.readSymbolicLink(Path.of("/proc/self/fd/" + p.writeFd())).toString();
            Launcher.Started s = HeldLaunch.start(Launcher.forThisHost(), spec, rootfs, id,
                    Stdio.files(null, out, err), fifo, pid -> {
                        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                            for (Path fd : fds.toList()) {
                                held.put(Integer.parseInt(fd.getFileName().toString()),
                                        Files.readSymbolicLink(fd).toString());
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            assertEquals(0, s.waitFor(), "the released container ran its command");
            assertFalse(held.containsValue(pipe), "the held child kept this JVM's pipe " + pipe + ": " + held);
        }
        assertEquals(5, held.size(), "stdio, the exec fifo and the ready pipe only: " + held);
        assertEquals(List.of(0, 1, 2), List.copyOf(held.keySet()).subList(0, 3), "stdio: " + held);
        assertTrue(held.get(2).endsWith(err.getFileName().toString()), "stderr goes to its file: " + held);
        List<String> others = List.copyOf(held.values()).subList(3, 5);
        assertEquals(1, others.stream().filter(f -> f.endsWith(fifo.getFileName().toString())).count(),
                "the exec fifo: " + held);
        assertEquals(1, others.stream().filter(f -> f.startsWith("pipe:[")).count(), "the ready pipe: " + held);
        assertFalse(Files.exists(fifo), "the fifo is removed once the container runs");
    }

    /**
     * A jrun killed while its container waits for start (in the middle of CNI ADD, say) takes the container
     * with it: nothing else would ever release it, and it would wait there for ever.
     */
    @Test
    void heldChildDiesWithTheProcessThatHeldIt() throws Exception {
        String id = "test-held-victim-" + ProcessHandle.current().pid();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process victim = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HeldLaunchVictim.class.getName(), rootfs.toString(), id, dir.resolve(id + ".fifo").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CgroupFs cgroups = Launcher.forThisHost().cgroups();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(victim.getInputStream())).readLine();
            assertTrue(line != null && line.matches("\\d+"), "the victim printed its container's pid: " + line);
            ProcessHandle held = ProcessHandle.of(Long.parseLong(line)).orElseThrow();
            assertTrue(held.isAlive());
            victim.destroyForcibly().waitFor();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.exists(Path.of("/proc/" + line)) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertFalse(Files.exists(Path.of("/proc/" + line)), "the held container died with its JVM");
        } finally {
            victim.destroyForcibly().waitFor();
            CgroupFs.Cgroup cg = cgroups.existing(id); // the victim could not remove it
            for (int pid : ProcessSignals.cgroupPids(cg)) { // a held child that outlived it (the failure above)
                ProcessSignals.send(pid, 9);
                ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
            }
            cgroups.remove(cg);
        }
    }
}
