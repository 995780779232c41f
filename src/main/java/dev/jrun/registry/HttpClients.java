package dev.jrun.registry;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The HTTP clients of the registry code, one per TLS mode and shared by every registry client of the
 * process: {@link SocketHttp} for direct connections, the JDK's HttpClient (through {@link JdkHttp}) for
 * requests that go through a proxy from the environment. Building a JDK HttpClient costs ~0.4 s of a cold
 * JVM (TLS provider, selector thread), so it is only made for proxies, and {@link #prewarm} starts it on
 * a background thread while the CLI opens the store.
 */
final class HttpClients {
    /** VERIFY: the JDK's trust store; LOOPBACK: plain http expected, trust nothing; TRUST_ALL: --tls-verify=false. */
    enum Kind { VERIFY, LOOPBACK, TRUST_ALL }

    private static final Map<Kind, CompletableFuture<HttpClient>> CLIENTS = new ConcurrentHashMap<>();

    private HttpClients() {
    }

    static Kind kindFor(String registry, Boolean tlsVerify) {
        if (Boolean.FALSE.equals(tlsVerify)) {
            return Kind.TRUST_ALL;
        }
        return tlsVerify == null && RegistryClient.isLoopback(registry) ? Kind.LOOPBACK : Kind.VERIFY;
    }

    /** Starts building the client of this kind on a daemon thread, if nobody has yet. */
    static void prewarm(Kind kind) {
        CLIENTS.computeIfAbsent(kind, k -> {
            CompletableFuture<HttpClient> f = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    f.complete(build(k));
                } catch (RuntimeException | Error e) {
                    f.completeExceptionally(e);
                }
            }, "jrun-http-init");
            t.setDaemon(true);
            t.start();
            return f;
        });
    }

    /** The proxies of the environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY), or null for none. */
    static ProxySelector proxies() {
        return Proxies.SELECTOR;
    }

    private static final class Proxies {
        // the variables are looked at before EnvProxySelector is touched: initializing any ProxySelector
        // first initializes the JDK's default one, which reads net.properties (a few ms of each push/pull)
        static final ProxySelector SELECTOR = set("HTTPS_PROXY") || set("https_proxy") || set("HTTP_PROXY")
                || set("http_proxy") ? EnvProxySelector.fromEnvironment() : null;

        private static boolean set(String name) {
            String v = dev.jrun.StartEnv.get(name); // not System.getenv: its whole map costs ~1 ms
            return v != null && !v.isEmpty();
        }
    }

    /** Whether a request to uri goes through a proxy. */
    static boolean proxied(java.net.URI uri) {
        ProxySelector p = proxies();
        return p != null && p.select(uri).stream().anyMatch(x -> x.type() != java.net.Proxy.Type.DIRECT);
    }

    /** The client for a request to uri: through the JDK's HttpClient if a proxy is to be used, else sockets. */
    static Http.Client forUri(Kind kind, java.net.URI uri) {
        return proxied(uri) ? new JdkHttp(kind) : SocketHttp.shared(kind);
    }

    /** The TLS context of a mode: the JDK's default (its trust store) to verify, else one trusting all or none. */
    static SSLContext sslContext(Kind kind) {
        if (kind == Kind.VERIFY) {
            try {
                return SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return context(new Trust(kind == Kind.TRUST_ALL));
    }

    static HttpClient get(Kind kind) {
        prewarm(kind);
        return CLIENTS.get(kind).join();
    }

    private static HttpClient build(Kind kind) {
        return build(kind, proxies());
    }

    static HttpClient build(Kind kind, ProxySelector proxies) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30));
        if (proxies != null) {
            b.proxy(proxies);
        }
        if (kind == Kind.TRUST_ALL) {
            b.sslContext(context(new Trust(true)));
        } else if (kind == Kind.LOOPBACK) {
            // skips loading the default trust store (~100 ms at start); a loopback registry speaks http
            b.sslContext(context(new Trust(false)));
        }
        return b.build();
    }

    private static SSLContext context(TrustManager tm) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new javax.net.ssl.KeyManager[0], new TrustManager[] {tm}, new SecureRandom());
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accepts every server certificate and host name (as skopeo's --tls-verify=false), or none. */
    private static final class Trust extends X509ExtendedTrustManager {
        private final boolean all;

        Trust(boolean all) {
            this.all = all;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {
            if (!all) {
                throw new CertificateException("no TLS expected from a loopback registry");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, java.net.Socket s) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, java.net.Socket s) throws CertificateException {
            checkServerTrusted(c, a);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            checkServerTrusted(c, a);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
