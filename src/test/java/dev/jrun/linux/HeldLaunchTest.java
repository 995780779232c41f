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
     * While it waits, the child holds only its stdio and the exec fifo: none of the JVM's files. Stop 4's CI
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
        assertEquals(4, held.size(), "stdio and the exec fifo only: " + held);
        assertEquals(List.of(0, 1, 2), List.copyOf(held.keySet()).subList(0, 3), "stdio: " + held);
        assertTrue(held.get(2).endsWith(err.getFileName().toString()), "stderr goes to its file: " + held);
        int fifoFd = List.copyOf(held.keySet()).get(3);
        assertTrue(held.get(fifoFd).endsWith(fifo.getFileName().toString()), "the 4th is the exec fifo: " + held);
        assertFalse(Files.exists(fifo), "the fifo is removed once the container runs");
    }
}
