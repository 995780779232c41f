package dev.jrun.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import dev.jrun.api.Fixtures;
import dev.jrun.embed.BuildSpec;
import dev.jrun.embed.ContainerSpec;
import dev.jrun.embed.ExecResult;
import dev.jrun.embed.Jrun;
import dev.jrun.embed.LogFollower;
import dev.jrun.embed.Network;
import dev.jrun.embed.RunningContainer;
import dev.jrun.embed.Wait;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embeddable API as a user's test would use it: only dev.jrun.embed types (plus the busybox fixture).
 * Busybox httpd on a published port, waited for over HTTP and fetched with java.net.http; logs; an image
 * built from src/test/resources/api-app and run; nothing left once the class is done.
 */
@Tag("root")
class JrunApiExampleTest {
    @TempDir
    static Path root;
    static Jrun jrun;
    static final Set<String> IDS = ConcurrentHashMap.newKeySet();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void store() {
        jrun = Jrun.withRoot(root);
        assertEquals(List.of("busybox:latest"), jrun.images().load(Fixtures.busybox()));
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        jrun.close();
        Leftovers.assertNone(root, IDS);
    }

    static String get(RunningContainer c, int containerPort, String path) throws Exception {
        URI uri = URI.create("http://" + c.host() + ":" + c.mappedPort(containerPort) + path);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Test
    void httpdServesAPageFetchedWithHttpClient() throws Exception {
        ContainerSpec spec = ContainerSpec.of("busybox:latest")
                .withHostname("api-example")
                .withEnv("GREETING", "hi there")
                .withCommand("sh", "-c", "echo \"$GREETING\"; echo to stderr >&2; exec httpd -f -v -h /etc -p 8080")
                .publish(8080) // on the bridge: a free host port, mappedPort(8080) says which
                .waitingFor(Wait.forHttp("/hostname").forResponseContaining("api-example")
                        .withStartupTimeout(Duration.ofSeconds(20)));
        int port = 8080;
        RunningContainer web = jrun.start(spec);
        try (web) {
            IDS.add(web.id());
            assertTrue(web.isRunning());
            assertEquals("200 api-example\n", get(web, port, "/hostname"));
            assertTrue(get(web, port, "/no-such-page").startsWith("404"));
            String logs = web.logs();
            assertTrue(logs.contains("hi there\n"), logs);
            assertTrue(logs.contains("to stderr\n"), logs);
            assertTrue(web.logTail(50).contains("hi there"), web.logTail(50).toString());
            ExecResult ls = web.exec("sh", "-c", "echo $GREETING in $(hostname); ls /no-such-dir");
            assertEquals(new ExecResult(1, "hi there in api-example\n", "ls: /no-such-dir: No such file or directory\n"), ls);
            assertEquals(127, web.exec("no-such-command").exitCode());
        }
        assertFalse(web.isRunning());
        assertEquals(137, web.exitCode().orElseThrow(), "close() kills with SIGKILL");
        assertEquals(List.of(), Leftovers.containerDirs(root));
    }

    @Test
    void onTheHostNetworkAPublishedPortIsTheHostPort() throws Exception {
        int port = Leftovers.freePort();
        try (RunningContainer c = jrun.start(ContainerSpec.of("busybox").withNetwork(Network.HOST)
                .withCommand("httpd", "-f", "-h", "/etc", "-p", Integer.toString(port)).publish(port)
                .waitingFor(Wait.forListeningPort()))) {
            IDS.add(c.id());
            assertEquals(port, c.mappedPort(port));
            assertTrue(get(c, port, "/passwd").startsWith("200 root:"));
        }
    }

    @Test
    void followsLogsAndReportsTheExitCode() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (RunningContainer c = jrun.start(ContainerSpec.of("busybox")
                .withCommand("sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.1; done; exit 7"))) {
            IDS.add(c.id());
            LogFollower follower = c.followLogs(lines::add);
            assertEquals(7, c.waitFor());
            assertTrue(follower.awaitEnd(5000), "the follower ends when the container has exited");
            assertEquals(List.of("line 1", "line 2", "line 3"), lines);
            assertEquals("line 1\nline 2\nline 3\n", c.logs(), "an exited container keeps its logs until close");
        }
    }

    @Test
    void waitsForACommandToSucceedInTheContainer() throws Exception {
        try (RunningContainer c = jrun.start(ContainerSpec.of("busybox")
                .withCommand("sh", "-c", "sleep 0.5; touch /tmp/ready; exec sleep 300")
                .waitingFor(Wait.forSuccessfulCommand("test", "-e", "/tmp/ready")))) {
            IDS.add(c.id());
            assertEquals(0, c.exec("test", "-e", "/tmp/ready").exitCode());
            byte[] bytes = new byte[256];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }
            Path host = Files.write(root.resolve("bytes.bin"), bytes);
            c.copyFileTo(host, "/tmp/copied.bin");
            assertArrayEquals(bytes, c.copyFileFrom("/tmp/copied.bin"));
            assertEquals("256 /tmp/copied.bin\n", c.exec("wc", "-c", "/tmp/copied.bin").stdout().stripLeading());
            String m = assertThrows(JrunException.class, () -> c.copyFileFrom("/no/such/file")).getMessage();
            assertTrue(m.contains("/no/such/file"), m);
        }
    }

    @Test
    void mountsAHostDirectoryReadOnly() throws Exception {
        Path data = Files.createDirectories(root.resolve("volume-data"));
        Files.writeString(data.resolve("in.txt"), "from the host\n");
        try (RunningContainer c = jrun.start(ContainerSpec.of("busybox").withReadOnlyVolume(data, "/data")
                .withMemory("64m").withUser("1000").withWorkdir("/data")
                // no network needed; and on the bridge a non-root user fails for now (net branch: the exec fifo
                // is opened after setresuid: EACCES)
                .withNetwork(Network.NONE)
                .withCommand("sh", "-c", "cat in.txt; id -u; touch x 2>/dev/null || echo read-only"))) {
            IDS.add(c.id());
            assertEquals(0, c.waitFor());
            assertEquals("from the host\n1000\nread-only\n", c.logs());
        }
    }

    @Test
    void stopSendsTermAndKeepsTheExitCode() {
        try (RunningContainer c = jrun.start(ContainerSpec.of("busybox")
                .withCommand("sh", "-c", "trap 'echo got TERM; exit 42' TERM; echo ready; while :; do sleep 0.1; done")
                .waitingFor(Wait.forLogMessage("ready")))) {
            IDS.add(c.id());
            c.stop(Duration.ofSeconds(10));
            assertEquals(42, c.exitCode().orElseThrow());
            assertTrue(c.logs().contains("got TERM"), c.logs());
        }
    }

    @Test
    void buildsAnImageFromADockerfileAndRunsIt() throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        String id = jrun.images().build(BuildSpec.of(Path.of("src/test/resources/api-app"))
                .withTag("api-example/app:test").withBuildArg("GREETING", "bonjour").onProgress(progress::add));
        assertTrue(id.startsWith("sha256:"), id);
        assertTrue(progress.stream().anyMatch(l -> l.contains("RUN")), progress.toString());
        assertTrue(jrun.images().list().stream().anyMatch(i -> i.tags().contains("api-example/app:test")));
        int port = Leftovers.freePort();
        try (RunningContainer app = jrun.start(ContainerSpec.of("api-example/app:test")
                .withCommand("httpd", "-f", "-h", "/www", "-p", Integer.toString(port))
                .publish(port).waitingFor(Wait.forListeningPort()))) {
            IDS.add(app.id());
            assertEquals("200 <h1>built by jrun</h1>\n", get(app, port, "/"));
            assertEquals("200 bonjour from RUN\n", get(app, port, "/built.txt"));
        }
        jrun.images().remove("api-example/app:test");
        assertFalse(jrun.images().exists("api-example/app:test"));
    }
}
