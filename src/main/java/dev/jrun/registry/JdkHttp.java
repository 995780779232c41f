package dev.jrun.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * {@link Http.Client} over the JDK's HttpClient, used for requests that go through a proxy from the
 * environment (HTTP_PROXY/HTTPS_PROXY, CONNECT tunnels for https). Building it costs ~0.3 s of a cold
 * JVM, which is why it is not the default.
 */
final class JdkHttp implements Http.Client {
    private final HttpClients.Kind kind;
    private final HttpClient client;

    JdkHttp(HttpClients.Kind kind) {
        this(kind, null);
    }

    /** With client null, the process's shared client of this kind (built at first use). */
    JdkHttp(HttpClients.Kind kind, HttpClient client) {
        this.kind = kind;
        this.client = client;
    }

    @Override
    public Http.Response send(Http.Request req) throws IOException {
        HttpRequest.BodyPublisher body;
        Http.Body b = req.body();
        if (b == null) {
            body = HttpRequest.BodyPublishers.noBody();
        } else if (b.length() < 0) {
            body = HttpRequest.BodyPublishers.ofInputStream(b.open());
        } else {
            body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(b.open()),
                    b.length());
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(req.uri()).timeout(java.time.Duration.ofMillis(req.timeoutMillis())).method(req.method(), body);
        req.headers().forEach(rb::header);
        HttpClient client = this.client != null ? this.client : HttpClients.get(kind);
        HttpResponse<InputStream> r;
        try {
            r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        Http.Headers h = new Http.Headers();
        r.headers().map().forEach((name, values) -> values.forEach(v -> h.add(name, v)));
        return new Http.Response(req.method(), r.uri(), r.statusCode(), h, r.body());
    }
}
