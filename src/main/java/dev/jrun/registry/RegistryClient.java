package dev.jrun.registry;

import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.MediaTypes;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI distribution API of one registry: manifests (GET/HEAD/PUT), blobs (HEAD/GET), uploads
 * (POST, PATCH, PUT ?digest=) and cross-repository mounts. Errors name the registry and repository.
 */
public final class RegistryClient {
    static final String ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST,
            MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST);

    private final String registry;
    private final RegistryOptions options;
    private final HttpTransport http;
    private final boolean push;
    private volatile URI base;

    /** A client for registry (as in a reference: docker.io, host:5000) using the stored login, if any. */
    public RegistryClient(String registry, RegistryOptions options, boolean push) {
        this(registry, options, push, options.config() == null ? null : options.config().get(registry).orElse(null));
    }

    public RegistryClient(String registry, RegistryOptions options, boolean push, Credentials credentials) {
        this.registry = registry;
        this.options = options;
        this.push = push;
        this.http = new HttpTransport(registry, options, credentials);
    }

    /**
     * Starts building the HTTP client for this registry in the background, so that a command can open the
     * store meanwhile; pull and push call it first.
     */
    public static void prewarm(String registry, Boolean tlsVerify) {
        prewarm(registry, tlsVerify, null, null);
    }

    /**
     * As {@link #prewarm(String, Boolean)}, for a push to repo:tag: the preconnect thread also sends the
     * push's first request as soon as it is connected, the manifest HEAD that {@link #headManifest} makes,
     * anonymous as every first request; headManifest then finds it sent and reads the answer. The registry
     * answers while the command still reads the store. (A request it does not make is never sent.)
     */
    public static void prewarmPush(String registry, Boolean tlsVerify, String repo, String tag) {
        prewarm(registry, tlsVerify, repo, tag);
    }

    /** Starts the preconnect first; for a push (repo not null) then gives it the push's HEAD. */
    private static void prewarm(String registry, Boolean tlsVerify, String repo, String tag) {
        if (Boolean.FALSE.equals(tlsVerify)) {
            return; // https or http is probed by the first request
        }
        URI base = knownBase(registry, tlsVerify);
        SocketHttp http = SocketHttp.shared(HttpClients.kindFor(registry, tlsVerify));
        http.preconnect(base.resolve("/v2/"), true, repo != null);
        if (repo != null) { // needed once connected, ~15 ms later: made after the thread started
            Http.Request head = null;
            try {
                URI uri = base.resolve(manifestPath(repo, tag));
                head = HttpTransport.request(headManifestCall(uri, List.of()), uri, null);
            } finally {
                http.sendAhead(base, head); // null (a failure here): the thread waits no longer
            }
        }
        HttpClients.proxies(); // the environment, read here while the preconnect thread sets up its socket
    }

    /** The registry's base URI when tlsVerify is not false: http for the loopback addresses by default. */
    private static URI knownBase(String registry, Boolean tlsVerify) {
        return URI.create((tlsVerify == null && isLoopback(registry) ? "http://" : "https://") + endpointHost(registry));
    }

    private static String manifestPath(String repo, String reference) {
        return "/v2/" + repo + "/manifests/" + reference;
    }

    private static HttpTransport.Call headManifestCall(URI uri, List<String> scopes) {
        return new HttpTransport.Call("HEAD", uri, Map.of("Accept", ACCEPT), null, scopes, true);
    }

    public String registry() {
        return registry;
    }

    public RegistryOptions options() {
        return options;
    }

    /** The host serving a registry's API: Docker Hub's is registry-1.docker.io. */
    public static String endpointHost(String registry) {
        return DockerConfig.isDockerHub(registry) ? "registry-1.docker.io" : registry;
    }

    /** Plain http is docker's default for the loopback addresses (unless --tls-verify says otherwise). */
    static boolean isLoopback(String registry) {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : withoutPort(registry);
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    /** host:port -> host (no regex: compiling one costs a few ms of a short command's start). */
    private static String withoutPort(String registry) {
        int colon = registry.lastIndexOf(':');
        if (colon < 0 || colon == registry.length() - 1) {
            return registry;
        }
        for (int i = colon + 1; i < registry.length(); i++) {
            if (registry.charAt(i) < '0' || registry.charAt(i) > '9') {
                return registry;
            }
        }
        return registry.substring(0, colon);
    }

    URI base() {
        URI b = base;
        if (b == null) {
            String host = endpointHost(registry);
            b = Boolean.FALSE.equals(options.tlsVerify()) ? probeInsecure(host) : knownBase(registry, options.tlsVerify());
            base = b;
        }
        return b;
    }

    /** With --tls-verify=false: https with any certificate if the registry speaks TLS, else http. */
    private URI probeInsecure(String host) {
        URI https = URI.create("https://" + host);
        try {
            HttpTransport.drain(http.send(new HttpTransport.Call("GET", https.resolve("/v2/"), Map.of(), null,
                    List.of(), false, 5_000)));
            return https;
        } catch (RegistryException e) {
            return URI.create("http://" + host);
        }
    }

    URI uri(String path) {
        return base().resolve(path);
    }

    private List<String> scopes(String repo) {
        return List.of("repository:" + repo + (push ? ":pull,push" : ":pull"));
    }

    private HttpTransport.Call call(String method, URI uri, Map<String, String> headers,
                                    Http.Body body, List<String> scopes, boolean retry) {
        return new HttpTransport.Call(method, uri, headers, body, scopes, retry);
    }

    Http.Response send(String method, String repo, URI uri, Map<String, String> headers,
                                   Http.Body body, boolean retry) {
        return http.send(call(method, uri, headers, body, scopes(repo), retry));
    }

    /** Checks that the registry answers the API with our credentials (jrun login). */
    public void checkLogin() {
        Http.Response r = http.send(call("GET", uri("/v2/"), Map.of(), null, List.of(), true));
        ErrorBody.Parsed p = ErrorBody.read(r.body());
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new RegistryException("login to " + registry + " failed: " + r.statusCode()
                    + " unauthorized: wrong username or password (" + p.text() + ")", r.statusCode(), p.code());
        }
        if (r.statusCode() != 200) {
            throw new RegistryException("login to " + registry + " failed: /v2/ answered " + r.statusCode() + ": "
                    + p.text(), r.statusCode(), p.code());
        }
    }

    /** A manifest or index as received: the exact bytes, their media type and digest. */
    public record ManifestResponse(byte[] bytes, String mediaType, Digest digest) {
    }

    /** GETs a manifest or index; a connection cut while reading the body is retried like a failed request. */
    public ManifestResponse getManifest(String repo, String reference) {
        for (int attempt = 0; ; attempt++) {
            try {
                return new ManifestFetch(this, repo).get(reference, options.maxManifestBytes());
            } catch (RegistryException e) {
                if (e.status() != 0 || !(e.getCause() instanceof java.io.IOException) || attempt >= options.retries()) {
                    throw e;
                }
            }
        }
    }

    /** The descriptor of a manifest, or empty when the registry does not have it (404). */
    public Optional<Descriptor> headManifest(String repo, String reference) {
        Http.Response r = http.send(headManifestCall(uri(manifestPath(repo, reference)), scopes(repo)));
        HttpTransport.drain(r);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw fail(r, "HEAD manifest " + reference, repo);
        }
        String digest = r.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (digest == null) {
            return Optional.empty();
        }
        return Optional.of(Descriptor.of(ManifestFetch.contentType(r), Digest.parse(digest),
                r.headers().firstValueAsLong("Content-Length").orElse(0)));
    }

    /** Uploads a manifest under a tag (or its digest); returns the digest the registry reports. */
    public Digest putManifest(String repo, String reference, byte[] bytes, String mediaType) {
        Http.Response r = send("PUT", repo, uri("/v2/" + repo + "/manifests/" + reference),
                Map.of("Content-Type", mediaType), Http.Body.of(bytes), true);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw fail(r, "push manifest " + reference, repo);
        }
        HttpTransport.drain(r);
        // orElseGet: hashing here would load the JDK's security providers (~5 ms) for nothing
        return r.headers().firstValue("Docker-Content-Digest").map(Digest::parse).orElseGet(() -> Digest.sha256(bytes));
    }

    public boolean blobExists(String repo, Digest digest) {
        Http.Response r = send("HEAD", repo, uri("/v2/" + repo + "/blobs/" + digest), Map.of(), null, true);
        HttpTransport.drain(r);
        if (r.statusCode() == 200) {
            return true;
        }
        if (r.statusCode() == 404) {
            return false;
        }
        throw fail(r, "HEAD blob " + digest, repo);
    }

    /** A blob's body (after redirects) and its length (-1 if unknown). The caller closes the stream. */
    public record BlobStream(InputStream in, long length) {
    }

    public BlobStream getBlob(String repo, Digest digest) {
        Http.Response r = send("GET", repo, uri("/v2/" + repo + "/blobs/" + digest), Map.of(), null, true);
        if (r.statusCode() != 200) {
            throw fail(r, "GET blob " + digest, repo);
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("text/html")) {
            HttpTransport.drain(r);
            throw new RegistryException("GET blob " + digest + " from " + registry + "/" + repo
                    + ": got an HTML page instead of the blob", 200, null);
        }
        return new BlobStream(r.body(), r.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    /** Starts an upload session; with from != null tries a mount first. Empty location means mounted. */
    public Optional<URI> startUpload(String repo, Digest mount, String from) {
        String q = mount == null ? "" : "?mount=" + mount + "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
        List<String> scopes = mount == null ? scopes(repo)
                : List.of(scopes(repo).get(0), "repository:" + from + ":pull");
        Http.Response r = http.send(call("POST", uri("/v2/" + repo + "/blobs/uploads/" + q),
                Map.of(), null, scopes, true));
        HttpTransport.drain(r);
        if (r.statusCode() == 201 && mount != null) {
            return Optional.empty();
        }
        if (r.statusCode() != 202) {
            throw fail(r, "start upload", repo);
        }
        return Optional.of(location(r, repo));
    }

    URI location(Http.Response r, String repo) {
        String loc = r.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                registry + "/" + repo + ": upload answer " + r.statusCode() + " without Location", r.statusCode(), null));
        return r.uri().resolve(loc);
    }

    static URI withDigest(URI loc, Digest d) {
        String s = loc.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + URLEncoder.encode(d.toString(),
                StandardCharsets.UTF_8));
    }

    RegistryException fail(Http.Response r, String what, String repo) {
        ErrorBody.Parsed p = r.method().equals("HEAD") ? new ErrorBody.Parsed(null, "no body to HEAD")
                : ErrorBody.read(r.body());
        String where = registry + "/" + repo;
        int s = r.statusCode();
        String msg;
        if (s == 401 || s == 403 || (s == 404 && (p.code() == null || p.code().equals("NAME_UNKNOWN")))) {
            msg = what + " on " + where + ": access denied: repository does not exist or may require 'jrun login' ("
                    + s + " " + p.text() + ")";
        } else {
            msg = what + " on " + where + ": registry answered " + s + ": " + p.text();
        }
        return new RegistryException(msg, s, p.code());
    }
}
