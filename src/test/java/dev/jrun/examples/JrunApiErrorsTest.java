package dev.jrun.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.api.Fixtures;
import dev.jrun.embed.ContainerLaunchException;
import dev.jrun.embed.ContainerSpec;
import dev.jrun.embed.Jrun;
import dev.jrun.embed.Network;
import dev.jrun.embed.RunningContainer;
import dev.jrun.embed.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the public API: each failure names the image, command or port, ends with the
 * container's last log lines, and leaves nothing behind.
 */
@Tag("root")
class JrunApiErrorsTest {
    @TempDir
    static Path root;
    static Jrun jrun;

    @BeforeAll
    static void store() {
        jrun = Jrun.withRoot(root);
        jrun.images().load(Fixtures.busybox());
    }

    @AfterEach
    void nothingLeft() throws Exception {
        assertEquals(List.of(), jrun.containers());
        Leftovers.assertNone(root, Set.of());
    }

    private static String failure(ContainerSpec spec) {
        return assertThrows(ContainerLaunchException.class, () -> jrun.start(spec)).getMessage();
    }

    @Test
    void missingImageIsNamed() {
        String m = failure(ContainerSpec.of("no-such-image:1.0").withCommand("true"));
        assertTrue(m.contains("no such image no-such-image:1.0"), m);
        assertTrue(m.contains("images().load"), "says how to get one: " + m);
    }

    @Test
    void commandNotFoundIsNamed() {
        String m = failure(ContainerSpec.of("busybox").withCommand("no-such-command", "arg"));
        assertTrue(m.contains("\"no-such-command\": executable file not found"), m);
        assertTrue(m.contains("image busybox, command no-such-command arg"), m);
    }

    @Test
    void portThatNeverOpensTimesOutWithTheLogTail() throws Exception {
        int port = Leftovers.freePort();
        long t0 = System.nanoTime();
        String m = failure(ContainerSpec.of("busybox").withCommand("sh", "-c", "echo starting slowly; sleep 30")
                .publish(port).waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMillis(700))));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(m.contains("timed out after 700 ms waiting for port " + port + " (host port "), m);
        assertTrue(m.contains("last 1 log line:\n  starting slowly"), m);
        assertTrue(ms < 10_000, "the timeout is honoured and the container killed at once, took " + ms + " ms");
    }

    @Test
    void exitBeforeReadyGivesTheExitCodeAndLastLines() throws Exception {
        int port = Leftovers.freePort();
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            script.append("echo line ").append(i).append("; ");
        }
        script.append("echo 'fatal: no config' >&2; sleep 0.2; exit 3");
        String m = failure(ContainerSpec.of("busybox").withCommand("sh", "-c", script.toString())
                .publish(port).waitingFor(Wait.forHttp("/").withStartupTimeout(Duration.ofSeconds(30))));
        assertTrue(m.contains("exited with code 3 before it was ready (waiting for GET http://127.0.0.1:"), m);
        assertTrue(m.contains("fatal: no config"), m);
        assertTrue(m.contains("last 20 log lines:"), "only the tail: " + m);
        assertTrue(!m.contains("line 5\n"), "only the tail: " + m);
    }

    @Test
    void publishingAnotherHostPortOnTheHostNetworkIsRefused() {
        String m = failure(ContainerSpec.of("busybox").withCommand("true").withNetwork(Network.HOST)
                .publish(18080, 80));
        assertTrue(m.contains("publish(18080, 80)"), m);
    }

    @Test
    void badMemoryLimitIsNamed() {
        String m = failure(ContainerSpec.of("busybox").withCommand("true").withMemory("lots"));
        assertTrue(m.contains("lots"), m);
    }

    @Test
    void closeTwiceIsHarmless() {
        RunningContainer c = jrun.start(ContainerSpec.of("busybox").withCommand("sleep", "30"));
        c.close();
        c.close();
        jrun.close();
        assertEquals(137, c.exitCode().orElseThrow());
    }

    @Test
    void aContainerThatExitsOnItsOwnIsStillRemovedByClose() {
        RunningContainer c = jrun.start(ContainerSpec.of("busybox").withCommand("true"));
        assertEquals(0, c.waitFor());
        jrun.close(); // closes c, which never was
    }
}
