package dev.jrun.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case), as Go's http.ProxyFromEnvironment. */
final class EnvProxySelector extends ProxySelector {
    private final Proxy https;
    private final Proxy http;
    private final List<String> noProxy;

    EnvProxySelector(Map<String, String> env) {
        this.https = proxy(first(env, "HTTPS_PROXY", "https_proxy"));
        this.http = proxy(first(env, "HTTP_PROXY", "http_proxy"));
        String np = first(env, "NO_PROXY", "no_proxy");
        this.noProxy = np == null ? List.of()
                : List.of(np.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).stream().filter(s -> !s.isEmpty()).toList();
    }

    /** A selector for this environment, or null when no proxy is configured. */
    static ProxySelector fromEnvironment() {
        EnvProxySelector s = new EnvProxySelector(System.getenv());
        return s.https == null && s.http == null ? null : s;
    }

    private static String first(Map<String, String> env, String a, String b) {
        String v = env.get(a);
        return v != null && !v.isEmpty() ? v : env.get(b);
    }

    private static Proxy proxy(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        URI u = URI.create(value.contains("://") ? value : "http://" + value);
        int port = u.getPort() > 0 ? u.getPort() : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.getHost(), port));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (bypass(host, uri.getPort())) {
            return List.of(Proxy.NO_PROXY);
        }
        Proxy p = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        return List.of(p == null ? Proxy.NO_PROXY : p);
    }

    boolean bypass(String host, int port) {
        if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]")) {
            return true;
        }
        for (String n : noProxy) {
            if (n.equals("*")) {
                return true;
            }
            String name = n;
            int colon = n.lastIndexOf(':');
            if (colon > 0 && !n.contains("]") && n.indexOf(':') == colon) {
                if (!n.substring(colon + 1).equals(String.valueOf(port))) {
                    continue;
                }
                name = n.substring(0, colon);
            }
            String bare = name.startsWith(".") ? name.substring(1) : name;
            if (host.equals(bare) || host.endsWith("." + bare)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to learn: the error reaches the caller
    }
}
