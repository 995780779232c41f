package dev.jrun.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.api.Fixtures;
import dev.jrun.cli.CliRunner;
import dev.jrun.linux.ProcessSignals;
import dev.jrun.runtime.ContainerState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cleanup without a reaper, with real child JVMs: a JVM that exits normally removes its containers (shutdown
 * hook); one killed with SIGKILL leaves them running, and the next API start, or any jrun command, finds
 * the owner gone and removes them.
 */
@Tag("root")
class OwnerCleanupTest {
    @TempDir
    Path root;

    @BeforeEach
    void store() {
        new CliRunner(root).run("load", "-i", Fixtures.busybox().toString());
    }

    private Process child(String mode) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path")));
        String lib = System.getProperty("jffi.boot.library.path");
        if (lib != null) {
            cmd.add(1, "-Djffi.boot.library.path=" + lib);
        }
        cmd.addAll(List.of(ChildOwner.class.getName(), root.toString(), mode));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String firstLine(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String id = r.readLine();
        assertTrue(id != null && id.matches("[0-9a-f]{64}"), "the child printed a container id: " + id);
        return id;
    }

    private ContainerState state(String id) {
        return dev.jrun.api.Jrun.withRoot(root).containers().resolve(id).state();
    }

    @Test
    void aJvmThatExitsNormallyRemovesItsContainers() throws Exception {
        Process p = child("exit");
        String id = firstLine(p);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertFalse(Files.exists(root.resolve("containers").resolve(id)), "removed by the shutdown hook");
        assertMountsGone();
    }

    @Test
    void theNextApiStartRemovesTheContainersOfAKilledJvm() throws Exception {
        String id = killedOwner();
        Jrun.withRoot(root).close();
        assertRemoved(id);
    }

    @Test
    void theCliReconciliationRemovesThemToo() throws Exception {
        String id = killedOwner();
        new CliRunner(root).run("ps", "-a");
        assertRemoved(id);
    }

    /** A container whose owner JVM was killed with SIGKILL: still running, still in the store. */
    private String killedOwner() throws Exception {
        Process p = child("hold");
        String id = firstLine(p);
        long pid = state(id).pid();
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(ProcessSignals.alive((int) pid, state(id).pidStartTime()), "the container outlives its owner");
        pids.add(pid);
        return id;
    }

    private final List<Long> pids = new ArrayList<>();

    private void assertRemoved(String id) throws Exception {
        assertFalse(Files.exists(root.resolve("containers").resolve(id)), "container " + id + " removed");
        for (long pid : pids) {
            assertFalse(ProcessSignals.alive((int) pid, 0), "container process " + pid + " killed");
        }
        assertMountsGone();
    }

    private void assertMountsGone() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            assertFalse(line.contains(root.toString()), "mount left: " + line);
        }
    }
}
