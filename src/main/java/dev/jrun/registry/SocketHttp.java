package dev.jrun.registry;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
 *
 * <p>No lambdas, method references or streams on the way of a request (here, in {@link Http1} and
 * {@link Http.Headers}): in a cold JVM the first lambda costs ~5 ms of method-handle setup and each one
 * ~1 ms to link even from the CDS archive, a good part of a repeated push's ~60 ms after main().
 */
final class SocketHttp implements Http.Client {
    static final int CONNECT_TIMEOUT_MS = 30_000;
    /** Pooled connections idle longer than this are closed rather than reused (servers drop idle ones). */
    static final long MAX_IDLE_NANOS = 20_000_000_000L;
    static final int MAX_IDLE_PER_HOST = 8;
    private static final byte[] NOTHING = new byte[0];

    /**
     * The process's clients by {@link HttpClients.Kind#ordinal}: an array, not an EnumMap, whose first use
     * finds the enum's constants by reflection (~1 ms of the main thread before the preconnect starts).
     */
    private static final SocketHttp[] SHARED = new SocketHttp[HttpClients.Kind.values().length];

    static {
        defaultExceptionDetail();
    }

    private final HttpClients.Kind kind;
    private final Map<String, ArrayDeque<Conn>> idle = new HashMap<>();
    /** Connections being opened ahead of the first request (see {@link #preconnect}), by pool key. */
    private final Map<String, Opening> opening = new HashMap<>();
    private SSLSocketFactory tls;
    /** Answers read to requests the preconnect thread had sent (for tests). */
    private final java.util.concurrent.atomic.AtomicInteger answeredAhead = new java.util.concurrent.atomic.AtomicInteger();

    SocketHttp(HttpClients.Kind kind) {
        this.kind = kind;
    }

    /** The process's client for this TLS mode (its connection pool is shared by all registry clients). */
    static SocketHttp shared(HttpClients.Kind kind) {
        synchronized (SHARED) {
            SocketHttp c = SHARED[kind.ordinal()];
            if (c == null) {
                c = new SocketHttp(kind);
                SHARED[kind.ordinal()] = c;
            }
            return c;
        }
    }

    /**
     * Names the JDK's default of the security property {@code jdk.includeInExceptions} (which details a
     * network exception's message may carry) as a system property, unless one is set. InetAddress's class
     * initialisation asks for it, and without a system property the JDK initialises java.security.Security,
     * which reads and parses the whole conf/security/java.security: ~8 ms of the first connection of an
     * interpreted push, its critical path. The value is that file's (JDK 25: host details in messages
     * except socket ones); JDKs that do not know the category (17) treat it as their default, none.
     */
    static void defaultExceptionDetail() {
        if (System.getProperty("jdk.includeInExceptions") == null) {
            System.setProperty("jdk.includeInExceptions", "hostInfoExclSocket");
        }
    }

    /** The TLS socket factory of this mode, made at the first https connection (it loads the trust store). */
    private synchronized SSLSocketFactory tlsFactory() throws IOException {
        if (tls == null) {
            try {
                tls = HttpClients.sslContext(kind).getSocketFactory();
            } catch (RuntimeException e) {
                throw new IOException("cannot set up TLS: " + e.getMessage(), e);
            }
        }
        return tls;
    }

    /**
     * Opens a connection to uri's host on a daemon thread, for the command's first request: the socket
     * machinery's first use costs tens of ms of a cold JVM (InetAddress, socket options, the VarHandles and
     * the lambda of the JDK's socket), and for https the handshake too; CLI commands start it before they
     * open the store. Failures are left for that request to meet and report.
     */
    void preconnect(URI uri) {
        preconnect(uri, false, false);
    }

    /**
     * As {@link #preconnect(URI)}, with two options. unlessProxied: the thread first looks whether the
     * environment sends requests to uri through a proxy, and if so starts building the JDK's client for them
     * instead (reading the environment costs ~1 ms, which the caller's thread would otherwise spend before
     * this one starts). firstFollows: the caller will give the thread a first request to send once connected
     * ({@link #sendAhead}), which the thread then waits for (briefly: without one within a second, it sends
     * none). The request is made after the thread started, which then sets up its socket meanwhile.
     */
    void preconnect(URI uri, boolean unlessProxied, boolean firstFollows) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return;
        }
        String key = key(uri);
        Opening o = new Opening(scheme.equals("https"), uri.getHost(), port(uri), key, unlessProxied ? uri : null,
                firstFollows);
        synchronized (this) {
            if (opening.containsKey(key)) {
                return;
            }
            opening.put(key, o);
        }
        o.start();
    }

    /**
     * Gives the connection being opened to uri's host (by {@link #preconnect} with firstFollows) its first
     * request, to send as soon as it is connected: a request without a body to that host, which the first
     * {@link #send} of an equal request then finds sent and only reads the answer of; any other request
     * closes that connection and opens its own. first null: none after all. If no connection is being
     * opened to that host, nothing is sent.
     */
    void sendAhead(URI uri, Http.Request first) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return;
        }
        Opening o;
        synchronized (this) {
            o = opening.get(key(uri));
        }
        if (o != null) {
            o.give(first != null && first.body() == null ? first : null);
        }
    }

    /** The pool key of an http(s) URI with a host: scheme, host and port. */
    private static String key(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
    }

    /** The port of an http(s) URI, the scheme's default if it names none. */
    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** A connection preconnect is opening for key, once open; null if none (or it failed). */
    private Conn claimOpening(String key) {
        Opening o;
        synchronized (this) {
            o = opening.remove(key);
        }
        return o == null ? null : o.await();
    }

    /**
     * The daemon thread of {@link #preconnect} and its result (a thread rather than a CompletableFuture,
     * whose class initialisation sets up the common ForkJoinPool: ~4 ms of a cold JVM).
     */
    private final class Opening extends Thread {
        private final boolean https;
        private final String host;
        private final int port;
        private final String key;
        private final URI checkProxy;
        /** Guards first and firstFollows: the request {@link #sendAhead} gives, which the thread waits for. */
        private final Object firstLock = new Object();
        private boolean firstFollows;
        /** firstFollows as the caller asked (unguarded: it never changes). */
        private final boolean requestExpected;
        private Http.Request first;
        private Conn conn;

        Opening(boolean https, String host, int port, String key, URI checkProxy, boolean firstFollows) {
            super("jrun-preconnect");
            setDaemon(true);
            this.https = https;
            this.host = host;
            this.port = port;
            this.key = key;
            this.checkProxy = checkProxy;
            this.firstFollows = firstFollows;
            this.requestExpected = firstFollows;
        }

        /** The first request to send (null: none after all). */
        void give(Http.Request request) {
            synchronized (firstLock) {
                first = request;
                firstFollows = false;
                firstLock.notifyAll();
            }
        }

        /** The first request once given, null if none is to come or none came within a second. */
        private Http.Request takeFirst() {
            synchronized (firstLock) {
                long end = System.nanoTime() + 1_000_000_000L;
                long left;
                while (firstFollows && (left = end - System.nanoTime()) > 0) {
                    try {
                        firstLock.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
                firstFollows = false;
                return first;
            }
        }

        @Override
        public void run() {
            try {
                if (checkProxy != null) {
                    // the socket classes' initialisation first, while the caller reads the environment for
                    // the proxy check below. Left unclosed: an unconnected socket holds no descriptor yet,
                    // and close() would link a VarHandle access that nothing else on the way needs.
                    new Socket(Proxy.NO_PROXY);
                }
                if (checkProxy != null && HttpClients.proxied(checkProxy)) {
                    HttpClients.prewarm(kind); // requests to this host go through the JDK's client
                    return;
                }
                // plain http with a request to follow: TCP_NODELAY set once it is sent, while it is answered
                // (a first segment is never held back; the option's set-up is ~0.5 ms of this thread)
                boolean noDelayLater = !https && requestExpected;
                conn = open(https, host, port, key, CONNECT_TIMEOUT_MS, !noDelayLater);
                Http.Request ahead = takeFirst();
                if (ahead != null) {
                    try {
                        Http1.writeRequest(conn.out, ahead);
                        conn.pending = ahead;
                    } catch (IOException | RuntimeException e) {
                        conn.closeQuietly();
                        conn = null;
                    }
                }
                if (conn != null && noDelayLater) {
                    conn.socket.setTcpNoDelay(true);
                }
                if (conn != null && !https) {
                    conn.warm(ahead == null); // a request sent ahead warmed the writing side: then while it is answered
                }
                // with push's "manifest HEAD" mark: whether the connect or the store read was the longer
                dev.jrun.Timing.mark("preconnect: connected");
            } catch (IOException | RuntimeException e) {
                conn = null; // the request opens its own connection and reports the failure
            }
        }

        /** The open connection once this thread ended (join makes conn visible), null if it failed. */
        Conn await() {
            boolean interrupted = false;
            while (true) {
                try {
                    join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the connect has its timeout: wait for it, keep the interrupt
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return conn;
        }
    }

    /** How many answers were to requests sent ahead by {@link #preconnect} (for tests). */
    int answeredAhead() {
        return answeredAhead.get();
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
        int port = port(u);
        String key = key(u);
        while (true) {
            // a connection opened ahead first, before any pooled one: a request it was sent with is answered
            // to this request or dropped, never left for a later one to read (it may have closed meanwhile)
            Conn c = claimOpening(key);
            if (c != null && c.pending != null && !sameRequest(c.pending, req)) {
                c.closeQuietly(); // its request is not this one: its answer is of no use
                c = null;
            }
            if (c == null) {
                c = take(key);
            }
            boolean reused = c != null;
            if (c == null) {
                c = open(https, u.getHost(), port, key, req.timeoutMillis());
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
        ArrayDeque<Conn> q = idle.get(c.key);
        if (q == null) {
            q = new ArrayDeque<>();
            idle.put(c.key, q);
        }
        if (q.size() >= MAX_IDLE_PER_HOST) {
            c.closeQuietly();
            return;
        }
        c.idleSince = System.nanoTime();
        q.addLast(c);
    }

    private Conn open(boolean https, String host, int port, String key, long timeoutMs) throws IOException {
        return open(https, host, port, key, timeoutMs, true);
    }

    /** A new connection; without noDelay the caller sets TCP_NODELAY before it sends a second segment. */
    private Conn open(boolean https, String host, int port, String key, long timeoutMs, boolean noDelay)
            throws IOException {
        int bound = (int) Math.max(1, Math.min(CONNECT_TIMEOUT_MS, timeoutMs));
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // NO_PROXY: a plain socket, not the SOCKS wrapper that asks the JDK's ProxySelector (Java system
        // properties, which docker ignores; HTTP(S)_PROXY goes through JdkHttp instead)
        Socket s = new Socket(Proxy.NO_PROXY);
        try {
            s.connect(new InetSocketAddress(h, port), bound);
            if (noDelay) {
                s.setTcpNoDelay(true);
            }
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

    /** Whether a request sent ahead is req: same method, URI and header fields, neither with a body. */
    static boolean sameRequest(Http.Request sent, Http.Request req) {
        return sent.body() == null && req.body() == null && sent.method().equals(req.method())
                && sent.uri().equals(req.uri()) && sent.headers().equals(req.headers());
    }

    private Http.Response exchange(Conn c, Http.Request req) throws IOException {
        c.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, req.timeoutMillis())));
        boolean sent = c.pending != null; // by the preconnect thread (send checked that it is req)
        c.pending = null;
        if (sent) {
            answeredAhead.incrementAndGet();
        } else {
            try {
                Http1.writeRequest(c.out, req);
            } catch (IOException e) {
                throw new Stale(e);
            }
        }
        while (true) {
            String status;
            try {
                status = Http1.readLine(c.in);
            } catch (EOFException | java.net.SocketException e) {
                throw new Stale(e);
            }
            if (status == null) {
                throw new Stale(new EOFException("the server closed the connection without an answer"));
            }
            int code = Http1.statusCode(status);
            Http.Headers h = Http1.readHeaders(c.in);
            if (code >= 100 && code < 200) {
                continue; // 100 Continue and other interim answers
            }
            boolean keepAlive = status.startsWith("HTTP/1.1") && !asksToClose(h);
            InputStream body;
            String te = String.join(",", h.all("Transfer-Encoding")).toLowerCase(Locale.ROOT);
            if (req.method().equals("HEAD") || code == 204 || code == 304) {
                body = new Http1Body.Fixed(c, 0, keepAlive);
            } else if (te.contains("chunked")) {
                body = new Http1Body.Chunked(c, keepAlive);
            } else if (h.firstValue("Content-Length").isPresent()) {
                long len = h.firstValueAsLong("Content-Length").orElse(-1);
                if (len < 0) {
                    throw new IOException("bad Content-Length: " + h.firstValue("Content-Length").get());
                }
                body = new Http1Body.Fixed(c, len, keepAlive);
            } else {
                body = new Http1Body.UntilClose(c);
            }
            return new Http.Response(req.method(), req.uri(), code, h, body);
        }
    }

    private static boolean asksToClose(Http.Headers h) {
        for (String v : h.all("Connection")) {
            if (v.toLowerCase(Locale.ROOT).contains("close")) {
                return true;
            }
        }
        return false;
    }

    private final class Conn implements Http1Body.Link {
        final String key;
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long idleSince;
        /** A request the preconnect thread sent on this connection, whose answer nobody has read yet. */
        Http.Request pending;

        Conn(String key, Socket socket) throws IOException {
            this.key = key;
            this.socket = socket;
            this.in = new Http1.In(socket.getInputStream(), 64 << 10);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 << 10);
        }

        @Override
        public InputStream in() {
            return in;
        }

        /**
         * Reads (and unless write is false, writes) nothing on the plain socket: the first transfer loads the
         * JDK's socket event classes (from the runtime image: CDS does not archive JFR event classes), on the
         * preconnect thread rather than in the first request.
         */
        void warm(boolean write) throws IOException {
            if (write) {
                socket.getOutputStream().write(NOTHING, 0, 0);
            }
            socket.getInputStream().read(NOTHING, 0, 0);
        }

        @Override
        public void finished(boolean reusable) {
            if (reusable) {
                release(this);
            } else {
                closeQuietly();
            }
        }

        @Override
        public void broken() {
            closeQuietly();
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
