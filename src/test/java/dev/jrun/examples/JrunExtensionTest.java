package dev.jrun.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.api.Fixtures;
import dev.jrun.embed.ContainerSpec;
import dev.jrun.embed.Jrun;
import dev.jrun.embed.RunningContainer;
import dev.jrun.embed.Wait;
import dev.jrun.embed.junit.JrunContainer;
import dev.jrun.embed.junit.JrunEngine;
import dev.jrun.embed.junit.JrunTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The example test again, through the JUnit 5 extension: a static container for the class (given by
 * annotation elements), one per test (given by a spec method), tests running in parallel, each holding
 * its own container at the same time, and nothing left once the class is done (checked by an extension
 * whose afterAll runs after jrun's).
 */
@Tag("root")
@ExtendWith(JrunExtensionTest.NothingLeft.class)
@JrunTest
class JrunExtensionTest {
    static final Path ROOT = tempDir();
    static final int SHARED_PORT = port();
    static final Set<String> IDS = ConcurrentHashMap.newKeySet();
    static final CountDownLatch ALL_RUNNING = new CountDownLatch(3);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @JrunEngine
    static final Jrun JRUN = store();

    @JrunContainer(image = "busybox:latest", command = {"sh", "-c", "echo shared up; exec sleep 300"},
            waitForLog = "shared up", startupTimeoutSeconds = 20)
    static RunningContainer shared;

    @JrunContainer(spec = "web")
    RunningContainer perTest;

    /** Per test: httpd on a free port of its own (the host network shares the host's ports). */
    ContainerSpec web() {
        int p = port();
        return ContainerSpec.of("busybox").withCommand("httpd", "-f", "-h", "/etc", "-p", Integer.toString(p))
                .publish(p).waitingFor(Wait.forHttp("/hostname"));
    }

    static Jrun store() {
        Jrun j = Jrun.withRoot(ROOT);
        j.images().load(Fixtures.busybox());
        return j;
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("jrun-ext-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int port() {
        try {
            return Leftovers.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT) // among themselves; the class runs alone, as every other class
    void first() throws Exception {
        check();
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT) // among themselves; the class runs alone, as every other class
    void second() throws Exception {
        check();
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT) // among themselves; the class runs alone, as every other class
    void third() throws Exception {
        check();
    }

    private void check() throws Exception {
        assertNotNull(shared);
        assertTrue(shared.isRunning());
        assertTrue(IDS.add(perTest.id()), "each test has a container of its own");
        IDS.add(shared.id());
        URI uri = URI.create("http://" + perTest.host() + ":" + perTest.mappedPort(perTest.publishedPorts().get(0))
                + "/hostname");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(perTest.id().substring(0, 12) + "\n", r.body(), "this test's own container answered");
        ALL_RUNNING.countDown();
        assertTrue(ALL_RUNNING.await(60, TimeUnit.SECONDS), "the three tests hold their containers at the same time");
        assertTrue(perTest.isRunning());
    }

    /** Runs after the extension removed the class's containers. */
    static final class NothingLeft implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            assertEquals(4, IDS.size(), "one shared and three per-test containers ran");
            assertTrue(!shared.isRunning(), "the static container was removed after the class");
            Leftovers.assertNone(ROOT, IDS);
            JRUN.close();
            dev.jrun.store.FileTrees.delete(ROOT);
        }
    }
}
