package dev.jrun.embed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Ready when an HTTP GET of a path on a published port answers with the expected status (200 by default)
 * and, if asked, a body containing a given text. Made by {@link Wait#forHttp(String)}; each method returns
 * a new strategy.
 */
public final class HttpWaitStrategy extends PollingWait {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String path;
    private final int port;
    private final int status;
    private final String bodyContains;

    HttpWaitStrategy(String path, int port, int status, String bodyContains, Duration timeout) {
        super(timeout);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an HTTP wait path must start with /: " + path);
        }
        this.path = path;
        this.port = port;
        this.status = status;
        this.bodyContains = bodyContains;
    }

    /** Asks on this container port (default: the first published one). */
    public HttpWaitStrategy forPort(int containerPort) {
        return new HttpWaitStrategy(path, containerPort, status, bodyContains, timeout);
    }

    /** Expects this status code. */
    public HttpWaitStrategy forStatusCode(int code) {
        return new HttpWaitStrategy(path, port, code, bodyContains, timeout);
    }

    /** Also expects the body to contain text. */
    public HttpWaitStrategy forResponseContaining(String text) {
        return new HttpWaitStrategy(path, port, status, text, timeout);
    }

    @Override
    public HttpWaitStrategy withStartupTimeout(Duration t) {
        return new HttpWaitStrategy(path, port, status, bodyContains, t);
    }

    private URI uri(WaitTarget target) {
        int p = port;
        if (p == 0) {
            if (target.publishedPorts().isEmpty()) {
                throw new ContainerLaunchException("Wait.forHttp(\"" + path + "\") needs a published port: add "
                        + "publish(PORT) to the spec or call forPort(PORT)");
            }
            p = target.publishedPorts().get(0);
        }
        return URI.create("http://" + target.host() + ":" + target.mappedPort(p) + path);
    }

    @Override
    String check(WaitTarget target) {
        URI uri = uri(target);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != status) {
                return "status " + r.statusCode();
            }
            if (bodyContains != null && !r.body().contains(bodyContains)) {
                return "status " + r.statusCode() + ", body without \"" + bodyContains + "\"";
            }
            return null;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while waiting for " + uri, e);
        }
    }

    @Override
    String awaited(WaitTarget target) {
        return "GET " + uri(target) + " to answer " + status
                + (bodyContains == null ? "" : " with a body containing \"" + bodyContains + "\"");
    }
}
