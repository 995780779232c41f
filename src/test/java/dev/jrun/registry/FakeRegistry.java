package dev.jrun.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jrun.image.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A distribution-API registry in this JVM, backed by maps: manifests by repo and reference, blobs by
 * digest with per-repo membership, uploads (POST, PATCH, PUT ?digest=), mounts, and optional token or
 * basic auth. Tests inject faults with {@link #intercept}; it counts uploaded bytes and logs requests.
 */
final class FakeRegistry implements AutoCloseable {
    enum Auth { NONE, TOKEN, BASIC }

    record StoredManifest(byte[] bytes, String mediaType) {
    }

    private static final Pattern UPLOAD = Pattern.compile("^/v2/(.+)/blobs/uploads/([^/]*)$");
    private static final Pattern ITEM = Pattern.compile("^/v2/(.+)/(manifests|blobs)/([^/]+)$");

    final Map<String, Map<String, StoredManifest>> manifests = new ConcurrentHashMap<>();
    final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, Set<Digest>> repoBlobs = new ConcurrentHashMap<>();
    final Map<String, java.io.ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong uploadedBytes = new AtomicLong();
    final AtomicLong tokensIssued = new AtomicLong();
    final AtomicLong mounts = new AtomicLong();
    private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();
    private final HttpServer server;
    volatile Auth auth = Auth.NONE;
    volatile String user;
    volatile String password;
    volatile boolean anonymousPull = true;
    volatile Predicate<HttpExchange> intercept = ex -> false;

    FakeRegistry() throws IOException {
        this(null);
    }

    /** With tls != null: HTTPS with that context's certificate. */
    FakeRegistry(javax.net.ssl.SSLContext tls) throws IOException {
        if (tls != null) {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        } else {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    void putBlob(String repo, byte[] data) {
        Digest d = Digest.sha256(data);
        blobs.put(d, data);
        repoBlobs.computeIfAbsent(repo, r -> ConcurrentHashMap.newKeySet()).add(d);
    }

    void putManifest(String repo, String ref, byte[] bytes, String mediaType) {
        Map<String, StoredManifest> m = manifests.computeIfAbsent(repo, r -> new ConcurrentHashMap<>());
        m.put(ref, new StoredManifest(bytes, mediaType));
        m.put(Digest.sha256(bytes).toString(), new StoredManifest(bytes, mediaType));
    }

    long count(String prefix) {
        synchronized (log) {
            return log.stream().filter(l -> l.startsWith(prefix)).count();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            log.add(ex.getRequestMethod() + " " + path);
            if (intercept.test(ex)) {
                return;
            }
            if (path.equals("/token")) {
                token(ex);
                return;
            }
            if (!authorized(ex)) {
                return;
            }
            Matcher up = UPLOAD.matcher(path);
            Matcher item = ITEM.matcher(path);
            if (path.equals("/v2/") || path.equals("/v2")) {
                send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            } else if (up.matches()) {
                upload(ex, up.group(1), up.group(2));
            } else if (item.matches() && item.group(2).equals("manifests")) {
                manifest(ex, item.group(1), item.group(3));
            } else if (item.matches()) {
                blob(ex, item.group(1), Digest.parse(item.group(3)));
            } else {
                error(ex, 404, "NOT_FOUND", "no route");
            }
        }
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        String repo = repoOf(ex.getRequestURI().getPath());
        boolean write = !ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD");
        switch (auth) {
            case NONE:
                return true;
            case BASIC:
                if (h != null && h.equals("Basic " + basic(user, password))) {
                    return true;
                }
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
                error(ex, 401, "UNAUTHORIZED", "authentication required");
                return false;
            default:
                if (h != null && h.startsWith("Bearer ")) {
                    Boolean canWrite = tokens.get(h.substring(7));
                    if (canWrite != null && (canWrite || !write)) {
                        return true;
                    }
                }
                String scope = repo == null ? "" : ",scope=\"repository:" + repo + ":" + (write ? "pull,push" : "pull") + "\"";
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host()
                        + "/token\",service=\"fake\"" + scope);
                error(ex, 401, "UNAUTHORIZED", "authentication required");
                return false;
        }
    }

    private static String repoOf(String path) {
        Matcher m = UPLOAD.matcher(path);
        if (m.matches()) {
            return m.group(1);
        }
        m = ITEM.matcher(path);
        return m.matches() ? m.group(1) : null;
    }

    static String basic(String u, String p) {
        return Base64.getEncoder().encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8));
    }

    private void token(HttpExchange ex) throws IOException {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        boolean loggedIn = h != null && user != null && h.equals("Basic " + basic(user, password));
        if (h != null && !loggedIn) {
            error(ex, 401, "UNAUTHORIZED", "bad credentials");
            return;
        }
        if (!loggedIn && !anonymousPull) {
            error(ex, 401, "UNAUTHORIZED", "login required");
            return;
        }
        String t = UUID.randomUUID().toString();
        tokens.put(t, loggedIn);
        tokensIssued.incrementAndGet();
        send(ex, 200, "application/json", ("{\"token\":\"" + t + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8));
    }

    private void manifest(HttpExchange ex, String repo, String ref) throws IOException {
        StoredManifest m = manifests.getOrDefault(repo, Map.of()).get(ref);
        switch (ex.getRequestMethod()) {
            case "PUT" -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                putManifest(repo, ref, body, ex.getRequestHeaders().getFirst("Content-Type"));
                ex.getResponseHeaders().add("Docker-Content-Digest", Digest.sha256(body).toString());
                send(ex, 201, null, new byte[0]);
            }
            case "GET", "HEAD" -> {
                if (m == null) {
                    error(ex, 404, manifests.containsKey(repo) ? "MANIFEST_UNKNOWN" : "NAME_UNKNOWN", "unknown");
                    return;
                }
                ex.getResponseHeaders().add("Docker-Content-Digest", Digest.sha256(m.bytes()).toString());
                send(ex, 200, m.mediaType(), m.bytes());
            }
            default -> error(ex, 405, "UNSUPPORTED", "method");
        }
    }

    private void blob(HttpExchange ex, String repo, Digest d) throws IOException {
        byte[] data = blobs.get(d);
        if (data == null || !repoBlobs.getOrDefault(repo, Set.of()).contains(d)) {
            error(ex, 404, "BLOB_UNKNOWN", "blob unknown to registry");
            return;
        }
        send(ex, 200, "application/octet-stream", data);
    }

    private void upload(HttpExchange ex, String repo, String id) throws IOException {
        Map<String, String> q = query(ex);
        switch (ex.getRequestMethod()) {
            case "POST" -> {
                if (q.containsKey("mount")) {
                    Digest d = Digest.parse(q.get("mount"));
                    if (repoBlobs.getOrDefault(q.get("from"), Set.of()).contains(d)) {
                        repoBlobs.computeIfAbsent(repo, r -> ConcurrentHashMap.newKeySet()).add(d);
                        mounts.incrementAndGet();
                        send(ex, 201, null, new byte[0]);
                        return;
                    }
                }
                String uuid = UUID.randomUUID().toString();
                uploads.put(uuid, new java.io.ByteArrayOutputStream());
                ex.getResponseHeaders().add("Location", "/v2/" + repo + "/blobs/uploads/" + uuid + "?state=x");
                send(ex, 202, null, new byte[0]);
            }
            case "PATCH", "PUT" -> {
                java.io.ByteArrayOutputStream buf = uploads.get(id);
                if (buf == null) {
                    error(ex, 404, "BLOB_UPLOAD_UNKNOWN", "no such upload");
                    return;
                }
                byte[] body = ex.getRequestBody().readAllBytes();
                uploadedBytes.addAndGet(body.length);
                buf.writeBytes(body);
                if (ex.getRequestMethod().equals("PATCH")) {
                    ex.getResponseHeaders().add("Location", "/v2/" + repo + "/blobs/uploads/" + id);
                    send(ex, 202, null, new byte[0]);
                    return;
                }
                uploads.remove(id);
                byte[] all = buf.toByteArray();
                if (!Digest.sha256(all).toString().equals(q.get("digest"))) {
                    error(ex, 400, "DIGEST_INVALID", "digest does not match");
                    return;
                }
                putBlob(repo, all);
                send(ex, 201, null, new byte[0]);
            }
            default -> error(ex, 405, "UNSUPPORTED", "method");
        }
    }

    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    static void error(HttpExchange ex, int status, String code, String msg) throws IOException {
        send(ex, status, "application/json", ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + msg
                + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().add("Content-Type", type);
        }
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
