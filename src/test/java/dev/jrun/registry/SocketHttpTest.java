package dev.jrun.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The socket HTTP client against a scripted server on 127.0.0.1 that writes raw HTTP/1.1. */
class SocketHttpTest {
    /** What the server does on one connection: reads requests and writes answers. */
    interface Script {
        void serve(Conn c, int index) throws IOException;
    }

    /** One accepted connection, with the requests read on it. */
    static final class Conn {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Conn(Socket s) throws IOException {
            socket = s;
            in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            out = s.getOutputStream();
        }

        /** The request line and headers (lower-case names), or null if the client closed. */
        Map<String, String> request() throws IOException {
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            Map<String, String> h = new java.util.LinkedHashMap<>();
            h.put(":line", line);
            for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {
                int colon = l.indexOf(':');
                h.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
            }
            return h;
        }

        void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final SocketHttp http = new SocketHttp(HttpClients.Kind.LOOPBACK);

    private String start(Script script) throws IOException {
        server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    int i = accepted.getAndIncrement();
                    Thread w = new Thread(() -> {
                        try (s) {
                            script.serve(new Conn(s), i);
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                    w.setDaemon(true);
                    w.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    @AfterEach
    void stop() throws IOException {
        http.closeIdle();
        if (server != null) {
            server.close();
        }
    }

    private Http.Response get(String url, long timeout) throws IOException {
        return http.send(new Http.Request("GET", URI.create(url), Map.of(), null, timeout));
    }

    private static byte[] readAll(Http.Response r) throws IOException {
        try (InputStream in = r.body()) {
            return in.readAllBytes();
        }
    }

    /** Serves every request on the connection with the same answer, keeping it open. */
    private Script keepAlive(String answer) {
        return (c, i) -> {
            for (Map<String, String> h = c.request(); h != null; h = c.request()) {
                requests.add(h.get(":line"));
                c.write(answer);
            }
        };
    }

    @Test
    void chunkedAnswerIsReassembledAndTheConnectionReused() throws Exception {
        String base = start(keepAlive("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n"
                + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n"));
        for (int i = 0; i < 3; i++) {
            Http.Response r = get(base + "/x?q=" + i, 5000);
            assertEquals(200, r.statusCode());
            assertEquals("1", r.headers().firstValue("x-a").orElseThrow(), "header names are case-insensitive");
            assertEquals("hello, world", new String(readAll(r), StandardCharsets.UTF_8));
        }
        assertEquals(1, accepted.get(), "one connection for three requests");
        assertEquals(List.of("GET /x?q=0 HTTP/1.1", "GET /x?q=1 HTTP/1.1", "GET /x?q=2 HTTP/1.1"), requests);
    }

    @Test
    void preconnectedConnectionServesTheFirstRequest() throws Exception {
        String base = start(keepAlive("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        http.preconnect(URI.create(base + "/v2/"));
        http.preconnect(URI.create(base + "/v2/")); // a second call while the first is under way opens nothing
        assertEquals("ok", new String(readAll(get(base + "/a", 5000)), StandardCharsets.UTF_8));
        assertEquals(1, accepted.get());
    }

    @Test
    void requestSentAheadIsAnsweredToTheEqualRequest() throws Exception {
        String base = start(keepAlive("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-N: 1\r\n\r\n"));
        Http.Request head = new Http.Request("HEAD", URI.create(base + "/v2/r/manifests/1"),
                Map.of("Accept", "a/b"), null, 5000);
        http.preconnect(URI.create(base + "/v2/"), false, true);
        http.sendAhead(URI.create(base + "/v2/r/manifests/1"), head);
        Http.Request same = new Http.Request("HEAD", URI.create(base + "/v2/r/manifests/1"),
                new java.util.LinkedHashMap<>(Map.of("Accept", "a/b")), null, HttpTransport.TIMEOUT_MILLIS);
        Http.Response r = http.send(same);
        assertEquals(200, r.statusCode());
        assertEquals("1", r.headers().firstValue("X-N").orElseThrow());
        r.body().close();
        assertEquals(200, http.send(same).statusCode(), "the connection serves the next request too");
        assertEquals(1, accepted.get());
        assertEquals(List.of("HEAD /v2/r/manifests/1 HTTP/1.1", "HEAD /v2/r/manifests/1 HTTP/1.1"), requests,
                "the request sent ahead is not sent again");
    }

    @Test
    void requestSentAheadIsDroppedForAnotherRequest() throws Exception {
        String base = start(keepAlive("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        http.preconnect(URI.create(base + "/v2/"), false, true);
        http.sendAhead(URI.create(base + "/v2/a"), new Http.Request("HEAD", URI.create(base + "/v2/a"),
                Map.of(), null, 5000));
        assertEquals("ok", new String(readAll(get(base + "/v2/b", 5000)), StandardCharsets.UTF_8));
        assertEquals(2, accepted.get(), "the connection with another request's answer pending is not used");
        assertTrue(requests.contains("GET /v2/b HTTP/1.1"));
    }

    @Test
    void largeReadReturnsAllThatHasArrived() throws Exception {
        byte[] data = new byte[50];
        java.util.Arrays.fill(data, (byte) 'x');
        InputStream slow = new java.io.ByteArrayInputStream(data) { // 3 bytes per read, as a socket may give
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        Http1.In in = new Http1.In(slow, 8);
        assertEquals(50, in.read(new byte[100], 0, 100), "reads on while bytes are ready, as BufferedInputStream");
        assertEquals(-1, in.read(new byte[100], 0, 100));
    }

    @Test
    void lineReaderFindsLinesAcrossRefills() throws Exception {
        String text = "HTTP/1.1 200 OK\r\nA: " + "x".repeat(40) + "\r\nB: 2\n\r\n7\r\nrest";
        InputStream slow = new InputStream() { // at most 3 bytes per read, as a socket may give them
            private final java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(
                    text.getBytes(StandardCharsets.ISO_8859_1));

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, Math.min(len, 3));
            }
        };
        Http1.In in = new Http1.In(slow, 8);
        assertEquals("HTTP/1.1 200 OK", Http1.readLine(in));
        assertEquals("A: " + "x".repeat(40), Http1.readLine(in));
        assertEquals("B: 2", Http1.readLine(in), "a bare LF ends a line too");
        assertEquals("", Http1.readLine(in));
        assertEquals("7", Http1.readLine(in));
        assertEquals("rest", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), "the body after the lines");
        assertThrows(EOFException.class, () -> Http1.readLine(new Http1.In(
                new java.io.ByteArrayInputStream("no end".getBytes(StandardCharsets.ISO_8859_1)), 4)));
        assertEquals(null, Http1.readLine(new Http1.In(InputStream.nullInputStream(), 4)));
    }

    @Test
    void failedPreconnectLeavesTheErrorToTheRequest() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        http.preconnect(URI.create("http://127.0.0.1:" + port + "/v2/"));
        IOException e = assertThrows(IOException.class, () -> get("http://127.0.0.1:" + port + "/", 5000));
        assertEquals("connection refused", HttpTransport.unreachable(e));
    }

    @Test
    void smallUnreadBodyIsDrainedToKeepTheConnection() throws Exception {
        String base = start(keepAlive("HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nnope!"));
        get(base + "/a", 5000).body().close();
        assertEquals(1, http.idleCount());
        assertEquals(404, get(base + "/b", 5000).statusCode());
        assertEquals(1, accepted.get());
    }

    @Test
    void headAnswerHasNoBodyDespiteContentLength() throws Exception {
        String base = start(keepAlive("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"));
        for (int i = 0; i < 2; i++) {
            Http.Response r = http.send(new Http.Request("HEAD", URI.create(base + "/h"), Map.of(), null,
                    5000));
            assertEquals(1234, r.headers().firstValueAsLong("Content-Length").orElseThrow());
            assertEquals(0, readAll(r).length);
        }
        assertEquals(1, accepted.get());
    }

    @Test
    void pooledConnectionClosedByTheServerIsReplacedTransparently() throws Exception {
        // each connection answers one request then closes without saying so
        String base = start((c, i) -> {
            Map<String, String> h = c.request();
            if (h != null) {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        });
        for (int i = 0; i < 3; i++) {
            Thread.sleep(50); // lets the server's close reach us
            Http.Response r = http.send(new Http.Request("PUT", URI.create(base + "/p"), Map.of(),
                    Http.Body.of("data".getBytes()), 5000));
            assertEquals("ok", new String(readAll(r), StandardCharsets.UTF_8));
        }
        assertEquals(3, accepted.get());
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        String base = start(keepAlive("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx"));
        readAll(get(base + "/", 5000));
        assertEquals(0, http.idleCount());
    }

    @Test
    void bodyWithoutLengthEndsAtClose() throws Exception {
        String base = start((c, i) -> {
            c.request();
            c.write("HTTP/1.1 200 OK\r\n\r\nuntil the end");
        });
        assertEquals("until the end", new String(readAll(get(base + "/", 5000)),
                StandardCharsets.UTF_8));
        assertEquals(0, http.idleCount());
    }

    @Test
    void truncatedBodyFailsNamingTheBytes() throws Exception {
        String base = start((c, i) -> {
            c.request();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
        });
        Http.Response r = get(base + "/", 5000);
        EOFException e = assertThrows(EOFException.class, () -> readAll(r));
        assertTrue(e.getMessage().contains("9 of 100"), e.getMessage());
        assertEquals(0, http.idleCount());
    }

    @Test
    void truncatedChunkedBodyFails() throws Exception {
        String base = start((c, i) -> {
            c.request();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort");
        });
        Http.Response r = get(base + "/", 5000);
        assertThrows(EOFException.class, () -> readAll(r));
    }

    @Test
    void silentServerTimesOut() throws Exception {
        String base = start((c, i) -> {
            c.request();
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long t0 = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> get(base + "/", 300));
        assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "gave up at the timeout, not when the server did");
    }

    @Test
    void streamingUploadsFixedAndChunked() throws Exception {
        List<byte[]> got = Collections.synchronizedList(new ArrayList<>());
        List<Map<String, String>> heads = Collections.synchronizedList(new ArrayList<>());
        String base = start((c, i) -> {
            InputStream raw = c.socket.getInputStream();
            for (int n = 0; n < 2; n++) {
                Map<String, String> h = readHead(raw);
                heads.add(h);
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                if (h.containsKey("content-length")) {
                    body.write(raw.readNBytes(Integer.parseInt(h.get("content-length"))));
                } else {
                    for (int len = Integer.parseInt(line(raw), 16); len > 0; len = Integer.parseInt(line(raw), 16)) {
                        body.write(raw.readNBytes(len));
                        line(raw);
                    }
                    line(raw);
                }
                got.add(body.toByteArray());
                c.write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
            }
        });
        byte[] big = new byte[300_000];
        new java.util.Random(1).nextBytes(big);
        assertEquals(201, http.send(new Http.Request("PUT", URI.create(base + "/f"), Map.of("Content-Type", "a/b"),
                Http.Body.of(big), 5000)).statusCode());
        assertEquals(201, http.send(new Http.Request("PATCH", URI.create(base + "/c"), Map.of(),
                new Http.Body(-1, () -> new java.io.ByteArrayInputStream(big)), 5000)).statusCode());
        assertArrayEquals(big, got.get(0));
        assertArrayEquals(big, got.get(1));
        assertEquals("300000", heads.get(0).get("content-length"));
        assertEquals("a/b", heads.get(0).get("content-type"));
        assertEquals("chunked", heads.get(1).get("transfer-encoding"));
        assertEquals(1, accepted.get());
    }

    @Test
    void proxiedRequestsGoThroughTheJdkClientInAbsoluteForm() throws Exception {
        // the scripted server plays an HTTP proxy for a registry that is not loopback (loopback bypasses proxies)
        String proxy = start(keepAlive("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Via: proxy\r\n\r\n{}"));
        EnvProxySelector env = new EnvProxySelector(Map.of("HTTP_PROXY", proxy, "NO_PROXY", "internal.example"));
        URI target = URI.create("http://registry.example:5000/v2/");
        assertTrue(env.select(target).get(0).type() == java.net.Proxy.Type.HTTP);
        JdkHttp jdk = new JdkHttp(HttpClients.Kind.VERIFY, HttpClients.build(HttpClients.Kind.VERIFY, env));
        Http.Response r = jdk.send(new Http.Request("GET", target, Map.of("Accept", "x/y"), null, 5000));
        assertEquals(200, r.statusCode());
        assertEquals("proxy", r.headers().firstValue("x-via").orElseThrow());
        assertEquals("{}", new String(readAll(r), StandardCharsets.UTF_8));
        assertEquals(List.of("GET http://registry.example:5000/v2/ HTTP/1.1"), requests);
        assertEquals(java.net.Proxy.Type.DIRECT,
                env.select(URI.create("http://reg.internal.example/v2/")).get(0).type(), "NO_PROXY suffix");
    }

    @Test
    void refusedConnectionIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> get("http://127.0.0.1:" + port + "/", 5000));
        assertEquals("connection refused", HttpTransport.unreachable(e));
    }

    private static Map<String, String> readHead(InputStream in) throws IOException {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put(":line", line(in));
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            h.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
        }
        return h;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException();
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
