package dev.jrun.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wait strategies against real sockets and a fake target (no container, no root). */
class WaitStrategiesTest {
    /** A target whose ports, logs and exit code the test sets. */
    static final class FakeTarget implements WaitTarget {
        final List<Integer> ports;
        volatile String logs = "";
        volatile Integer exit;
        final java.util.Deque<ExecResult> execs = new java.util.concurrent.ConcurrentLinkedDeque<>();

        FakeTarget(Integer... ports) {
            this.ports = List.of(ports);
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int mappedPort(int containerPort) {
            return containerPort;
        }

        @Override
        public List<Integer> publishedPorts() {
            return ports;
        }

        @Override
        public String logs() {
            return logs;
        }

        @Override
        public Optional<Integer> exitCode() {
            return Optional.ofNullable(exit);
        }

        @Override
        public ExecResult exec(String... command) {
            ExecResult r = execs.poll();
            return r != null ? r : new ExecResult(1, "", "still failing\n");
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void listeningPortIsReadyOnceSomethingAccepts() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(5)).waitUntilReady(new FakeTarget(s.getLocalPort()));
        }
    }

    @Test
    void portThatNeverOpensTimesOutNamingIt() throws Exception {
        int port = closedPort();
        ContainerLaunchException e = assertThrows(ContainerLaunchException.class, () -> Wait.forListeningPort()
                .withStartupTimeout(Duration.ofMillis(300)).waitUntilReady(new FakeTarget(port)));
        assertTrue(e.getMessage().startsWith("timed out after 300 ms waiting for port " + port
                + " on 127.0.0.1 to accept connections (last check: 127.0.0.1:" + port + ": Connection refused"),
                e.getMessage());
    }

    @Test
    void anExitStopsTheWaitAtOnce() throws Exception {
        FakeTarget t = new FakeTarget(closedPort());
        t.exit = 3;
        long t0 = System.nanoTime();
        ContainerLaunchException e = assertThrows(ContainerLaunchException.class,
                () -> Wait.forListeningPort().waitUntilReady(t));
        assertTrue(e.getMessage().startsWith("the container exited with code 3 before it was ready"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "not the 60 s timeout");
    }

    @Test
    void noPublishedPortIsAConfigurationError() {
        ContainerLaunchException e = assertThrows(ContainerLaunchException.class,
                () -> Wait.forListeningPort().waitUntilReady(new FakeTarget()));
        assertTrue(e.getMessage().contains("needs a published port"), e.getMessage());
    }

    @Test
    void httpWaitsForTheStatusAndBody() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int[] calls = {0};
        server.createContext("/health", x -> {
            byte[] body = (++calls[0] < 3 ? "starting" : "all good").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(calls[0] < 2 ? 503 : 200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            FakeTarget t = new FakeTarget(server.getAddress().getPort());
            Wait.forHttp("/health").forResponseContaining("good").withStartupTimeout(Duration.ofSeconds(10))
                    .waitUntilReady(t);
            assertEquals(3, calls[0], "503, then 200 without the text, then ready");
            ContainerLaunchException e = assertThrows(ContainerLaunchException.class, () -> Wait.forHttp("/nothing")
                    .withStartupTimeout(Duration.ofMillis(200)).waitUntilReady(t));
            assertTrue(e.getMessage().contains("waiting for GET http://127.0.0.1:" + t.ports.get(0)
                    + "/nothing to answer 200 (last check: status 404)"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void logWaitCountsWholeMatchingLines() {
        FakeTarget t = new FakeTarget();
        t.logs = "booting\nready on 8080\nready on 8081\npartial rea";
        Wait.forLogMessage("ready on \\d+").times(2).waitUntilReady(t);
        ContainerLaunchException e = assertThrows(ContainerLaunchException.class, () -> Wait.forLogMessage("ready.*")
                .times(3).withStartupTimeout(Duration.ofMillis(100)).waitUntilReady(t));
        assertTrue(e.getMessage().contains("3 log lines matching /ready.*/ (last check: 2 matching lines)"), e.getMessage());
    }

    @Test
    void commandWaitRetriesUntilItSucceeds() {
        FakeTarget t = new FakeTarget();
        t.execs.add(new ExecResult(1, "", "not yet\n"));
        t.execs.add(new ExecResult(0, "ok", ""));
        Wait.forSuccessfulCommand("check").withStartupTimeout(Duration.ofSeconds(5)).waitUntilReady(t);
        assertTrue(t.execs.isEmpty());
        ContainerLaunchException e = assertThrows(ContainerLaunchException.class, () -> Wait.forSuccessfulCommand(
                "check", "-v").withStartupTimeout(Duration.ofMillis(100)).waitUntilReady(t));
        assertTrue(e.getMessage().contains("command check -v to succeed in the container (last check: exit code 1, "
                + "stderr: still failing)"), e.getMessage());
    }

    @Test
    void timeoutsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Wait.forListeningPort().withStartupTimeout(Duration.ZERO));
    }
}
