package dev.jrun.registry;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small HTTP/1.1 client on plain sockets (and SSLSocket for https): keep-alive connections pooled per
 * scheme, host and port; Content-Length and chunked bodies streamed both ways; connect and read timeouts.
 * It exists because the JDK's HttpClient costs ~0.3 s of a cold JVM to build (TLS parameters, selector
 * thread) even for plain http, a good part of a small pull or push. Redirects, authorization and retries
 * are {@link HttpTransport}'s; proxies go through {@link JdkHttp}.
 *
 * <p>A request on a pooled connection that the server closed meanwhile (no byte of an answer received)
 * is sent again on a new connection, as browsers and Go's client do; its body is opened anew.
 */
final class SocketHttp implements Http.Client {
    static final int CONNECT_TIMEOUT_MS = 30_000;
    /** Pooled connections idle longer than this are closed rather than reused (servers drop idle ones). */
    static final long MAX_IDLE_NANOS = 20_000_000_000L;
    static final int MAX_IDLE_PER_HOST = 8;
    /** An unread rest of a body up to this size is read to keep the connection; a longer one closes it. */
    static final long DRAIN_LIMIT = 256 << 10;
    private static final int MAX_HEADER_BYTES = 64 << 10;

    private static final Map<HttpClients.Kind, SocketHttp> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    private final HttpClients.Kind kind;
    private final Map<String, ArrayDeque<Conn>> idle = new HashMap<>();
    /** Connections being opened ahead of the first request (see {@link #preconnect}), by pool key. */
    private final Map<String, CompletableFuture<Conn>> opening = new HashMap<>();
    private volatile CompletableFuture<SSLSocketFactory> tls;

    SocketHttp(HttpClients.Kind kind) {
        this.kind = kind;
    }

    /** The process's client for this TLS mode (its connection pool is shared by all registry clients). */
    static SocketHttp shared(HttpClients.Kind kind) {
        return SHARED.computeIfAbsent(kind, SocketHttp::new);
    }

    /** Starts making the TLS socket factory (loading the trust store) on a daemon thread. */
    void prewarmTls() {
        if (tls == null) {
            synchronized (this) {
                if (tls == null) {
                    CompletableFuture<SSLSocketFactory> f = new CompletableFuture<>();
                    Thread t = new Thread(() -> {
                        try {
                            f.complete(HttpClients.sslContext(kind).getSocketFactory());
                        } catch (RuntimeException | Error e) {
                            f.completeExceptionally(e);
                        }
                    }, "jrun-tls-init");
                    t.setDaemon(true);
                    t.start();
                    tls = f;
                }
            }
        }
    }

    private SSLSocketFactory tlsFactory() throws IOException {
        prewarmTls();
        try {
            return tls.join();
        } catch (CompletionException e) {
            throw new IOException("cannot set up TLS: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Opens a connection to uri's host on a daemon thread, for the command's first request: the socket
     * machinery's first use costs tens of ms of a cold JVM (InetAddress, java.security, socket options), and
     * for https the handshake too; CLI commands start it before they open the store. Failures are left
     * for that request to meet and report.
     */
    void preconnect(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return;
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String key = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        CompletableFuture<Conn> f = new CompletableFuture<>();
        synchronized (this) {
            if (opening.containsKey(key)) {
                return;
            }
            opening.put(key, f);
        }
        Thread t = new Thread(() -> {
            try {
                f.complete(open(https, uri.getHost(), port, key, CONNECT_TIMEOUT_MS));
            } catch (IOException | RuntimeException e) {
                f.complete(null);
            }
        }, "jrun-preconnect");
        t.setDaemon(true);
        t.start();
    }

    /** A connection preconnect is opening for key, once open; null if none (or it failed). */
    private Conn claimOpening(String key) {
        CompletableFuture<Conn> f;
        synchronized (this) {
            f = opening.remove(key);
        }
        return f == null ? null : f.join();
    }

    /** Idle pooled connections (for tests). */
    synchronized int idleCount() {
        return idle.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** Closes every idle connection. */
    synchronized void closeIdle() {
        idle.values().forEach(q -> q.forEach(Conn::closeQuietly));
        idle.clear();
    }

    @Override
    public Http.Response send(Http.Request req) throws IOException {
        URI u = req.uri();
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("unsupported URL scheme: " + u);
        }
        if (u.getHost() == null) {
            throw new IOException("no host in URL " + u);
        }
        boolean https = scheme.equals("https");
        int port = u.getPort() > 0 ? u.getPort() : https ? 443 : 80;
        String key = scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        while (true) {
            Conn c = take(key);
            boolean reused = c != null;
            if (c == null) {
                c = claimOpening(key);
            }
            if (c == null) {
                c = open(https, u.getHost(), port, key, req.timeout().toMillis());
            }
            try {
                return exchange(c, req);
            } catch (Stale e) {
                c.closeQuietly();
                if (!reused) {
                    throw (IOException) e.getCause();
                }
                // the server had closed the pooled connection: send again on a new one
            } catch (IOException | RuntimeException e) {
                c.closeQuietly();
                throw e;
            }
        }
    }

    private synchronized Conn take(String key) {
        ArrayDeque<Conn> q = idle.get(key);
        long now = System.nanoTime();
        while (q != null && !q.isEmpty()) {
            Conn c = q.pollLast();
            if (now - c.idleSince < MAX_IDLE_NANOS && !c.socket.isClosed()) {
                return c;
            }
            c.closeQuietly();
        }
        return null;
    }

    private synchronized void release(Conn c) {
        ArrayDeque<Conn> q = idle.computeIfAbsent(c.key, k -> new ArrayDeque<>());
        if (q.size() >= MAX_IDLE_PER_HOST) {
            c.closeQuietly();
            return;
        }
        c.idleSince = System.nanoTime();
        q.addLast(c);
    }

    private Conn open(boolean https, String host, int port, String key, long timeoutMs) throws IOException {
        int bound = (int) Math.max(1, Math.min(CONNECT_TIMEOUT_MS, timeoutMs));
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(h, port), bound);
            s.setTcpNoDelay(true);
            if (https) {
                SSLSocket ss = (SSLSocket) tlsFactory().createSocket(s, h, port, true);
                SSLParameters p = ss.getSSLParameters();
                if (kind != HttpClients.Kind.TRUST_ALL) {
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                }
                if (!h.contains(":") && !h.matches("[0-9.]+")) {
                    p.setServerNames(java.util.List.of(new SNIHostName(h)));
                }
                ss.setSSLParameters(p);
                ss.setSoTimeout(bound);
                ss.startHandshake();
                s = ss;
            }
            return new Conn(key, s);
        } catch (IOException | RuntimeException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    /** Thrown for a failure on a connection before any byte of the answer: the cause is the real error. */
    private static final class Stale extends IOException {
        Stale(IOException cause) {
            super(cause);
        }
    }

    private Http.Response exchange(Conn c, Http.Request req) throws IOException {
        c.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, req.timeout().toMillis())));
        try {
            writeRequest(c, req);
        } catch (IOException e) {
            throw new Stale(e);
        }
        while (true) {
            String status;
            try {
                status = readLine(c.in, true);
            } catch (EOFException | java.net.SocketException e) {
                throw new Stale(e);
            }
            if (status == null) {
                throw new Stale(new EOFException("the server closed the connection without an answer"));
            }
            // HTTP/1.1 200 OK
            if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.x answer: " + abbreviate(status));
            }
            int code;
            try {
                code = Integer.parseInt(status.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("bad HTTP status line: " + abbreviate(status));
            }
            Http.Headers h = readHeaders(c.in);
            if (code >= 100 && code < 200) {
                continue; // 100 Continue and other interim answers
            }
            boolean keepAlive = status.startsWith("HTTP/1.1") && !h.all("Connection").stream()
                    .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close"));
            InputStream body;
            String te = String.join(",", h.all("Transfer-Encoding")).toLowerCase(Locale.ROOT);
            if (req.method().equals("HEAD") || code == 204 || code == 304) {
                body = new Fixed(c, 0, keepAlive);
            } else if (te.contains("chunked")) {
                body = new Chunked(c, keepAlive);
            } else if (h.firstValue("Content-Length").isPresent()) {
                long len = h.firstValueAsLong("Content-Length").orElse(-1);
                if (len < 0) {
                    throw new IOException("bad Content-Length: " + h.firstValue("Content-Length").get());
                }
                body = new Fixed(c, len, keepAlive);
            } else {
                body = new UntilClose(c);
            }
            return new Http.Response(req.method(), req.uri(), code, h, body);
        }
    }

    private static void writeRequest(Conn c, Http.Request req) throws IOException {
        URI u = req.uri();
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        StringBuilder sb = new StringBuilder(256);
        sb.append(req.method()).append(' ').append(path);
        if (u.getRawQuery() != null) {
            sb.append('?').append(u.getRawQuery());
        }
        sb.append(" HTTP/1.1\r\nHost: ").append(u.getRawAuthority().substring(u.getRawAuthority().indexOf('@') + 1))
                .append("\r\n");
        boolean ua = false;
        for (Map.Entry<String, String> e : req.headers().entrySet()) {
            String n = e.getKey();
            if (n.equalsIgnoreCase("Host") || n.equalsIgnoreCase("Content-Length")
                    || n.equalsIgnoreCase("Transfer-Encoding") || n.equalsIgnoreCase("Connection")) {
                continue;
            }
            ua |= n.equalsIgnoreCase("User-Agent");
            header(sb, n, e.getValue());
        }
        if (!ua) {
            header(sb, "User-Agent", "jrun/0.1");
        }
        Http.Body body = req.body();
        if (body != null && body.length() < 0) {
            sb.append("Transfer-Encoding: chunked\r\n");
        } else if (body != null) {
            sb.append("Content-Length: ").append(body.length()).append("\r\n");
        } else if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            sb.append("Content-Length: 0\r\n");
        }
        sb.append("\r\n");
        OutputStream out = c.out;
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            try (InputStream in = body.open().get()) {
                if (body.length() < 0) {
                    writeChunked(in, out);
                } else {
                    writeFixed(in, out, body.length());
                }
            }
        }
        out.flush();
    }

    private static void header(StringBuilder sb, String name, String value) {
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || name.indexOf(':') >= 0
                || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("invalid HTTP header " + name + ": " + abbreviate(value));
        }
        sb.append(name).append(": ").append(value).append("\r\n");
    }

    private static void writeFixed(InputStream in, OutputStream out, long len) throws IOException {
        byte[] buf = new byte[(int) Math.min(64 << 10, Math.max(1, len))];
        long left = len;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new BodyException("request body ended after " + (len - left) + " of " + len + " bytes");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void writeChunked(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 << 10];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (n > 0) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(buf, 0, n);
                out.write('\r');
                out.write('\n');
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The request body could not be read: not a connection problem, so never sent again silently. */
    static final class BodyException extends IOException {
        BodyException(String message) {
            super(message);
        }
    }

    private static Http.Headers readHeaders(InputStream in) throws IOException {
        Http.Headers h = new Http.Headers();
        int total = 0;
        String prevName = null;
        while (true) {
            String line = readLine(in, false);
            if (line == null) {
                throw new EOFException("connection closed in the answer's headers");
            }
            if (line.isEmpty()) {
                return h;
            }
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("answer headers larger than " + (MAX_HEADER_BYTES >> 10) + " KiB");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line in the answer: " + abbreviate(line));
            }
            prevName = line.substring(0, colon).trim();
            h.add(prevName, line.substring(colon + 1).trim());
        }
    }

    /** A CRLF (or LF) terminated line; null at EOF before any byte. */
    private static String readLine(InputStream in, boolean first) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (sb.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_HEADER_BYTES) {
                throw new IOException("answer line longer than " + (MAX_HEADER_BYTES >> 10) + " KiB");
            }
            sb.append((char) b);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private final class Conn {
        final String key;
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long idleSince;

        Conn(String key, Socket socket) throws IOException {
            this.key = key;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 64 << 10);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 << 10);
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /** A body stream that gives its connection back to the pool when read to the end. */
    private abstract class BodyIn extends InputStream {
        final Conn c;
        final boolean keepAlive;
        boolean done;
        boolean closed;

        BodyIn(Conn c, boolean keepAlive) {
            this.c = c;
            this.keepAlive = keepAlive;
        }

        /** Called at the body's clean end. */
        final void finished() {
            if (!done) {
                done = true;
                if (keepAlive) {
                    release(c);
                } else {
                    c.closeQuietly();
                }
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public final int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("body stream closed");
            }
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            try {
                return readBody(b, off, len);
            } catch (IOException | RuntimeException e) {
                done = true;
                c.closeQuietly();
                throw e;
            }
        }

        abstract int readBody(byte[] b, int off, int len) throws IOException;

        /** Bytes left to read if known (-1 if not): a small rest is read to keep the connection. */
        abstract long remaining();

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (done) {
                return;
            }
            long rest = remaining();
            if (keepAlive && rest <= DRAIN_LIMIT) {
                try {
                    byte[] buf = new byte[8192];
                    long read = 0;
                    while (!done && read <= DRAIN_LIMIT) {
                        int n = readBody(buf, 0, buf.length);
                        if (n > 0) {
                            read += n;
                        }
                    }
                    if (done) {
                        return;
                    }
                } catch (IOException | RuntimeException e) {
                    // closed below
                }
            }
            done = true;
            c.closeQuietly();
        }
    }

    private final class Fixed extends BodyIn {
        private long left;
        private final long total;

        Fixed(Conn c, long len, boolean keepAlive) {
            super(c, keepAlive);
            this.left = len;
            this.total = len;
            if (len == 0) {
                finished();
            }
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            int n = c.in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("connection closed after " + (total - left) + " of " + total + " bytes");
            }
            left -= n;
            if (left == 0) {
                finished();
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return done ? 0 : (int) Math.min(left, c.in.available());
        }

        @Override
        long remaining() {
            return left;
        }
    }

    private final class Chunked extends BodyIn {
        private long chunkLeft;
        private long received;

        Chunked(Conn c, boolean keepAlive) {
            super(c, keepAlive);
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (chunkLeft == 0) {
                String line = readLine(c.in, false);
                if (line == null) {
                    throw new EOFException("connection closed in a chunked body after " + received + " bytes");
                }
                int semi = line.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semi >= 0 ? line.substring(0, semi) : line).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size: " + abbreviate(line));
                }
                if (chunkLeft < 0) {
                    throw new IOException("malformed chunk size: " + abbreviate(line));
                }
                if (chunkLeft == 0) {
                    String t;
                    do {
                        t = readLine(c.in, false); // trailer fields, then the empty line
                        if (t == null) {
                            throw new EOFException("connection closed in a chunked body's trailer");
                        }
                    } while (!t.isEmpty());
                    finished();
                    return -1;
                }
            }
            int n = c.in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("connection closed in a chunked body after " + received + " bytes");
            }
            chunkLeft -= n;
            received += n;
            if (chunkLeft == 0) {
                String crlf = readLine(c.in, false);
                if (crlf == null || !crlf.isEmpty()) {
                    throw new IOException("malformed chunked body (no CRLF after a chunk)");
                }
            }
            return n;
        }

        @Override
        long remaining() {
            return -1;
        }
    }

    /** A body without length: it ends when the server closes the connection, which is then not reused. */
    private final class UntilClose extends BodyIn {
        UntilClose(Conn c) {
            super(c, false);
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            int n = c.in.read(b, off, len);
            if (n < 0) {
                finished();
            }
            return n;
        }

        @Override
        long remaining() {
            return -1;
        }
    }
}
