package dev.jrun.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * HTTP to one registry: authorization (anonymous, then the challenge's scheme), redirects followed by
 * hand (bounded, loops refused, credentials never sent to another host), retries with backoff on
 * connection errors and 5xx, Retry-After on 429.
 */
final class HttpTransport {
    static final int MAX_REDIRECTS = 10;

    /** The timeout of a request unless its call names one: five minutes. */
    static final long TIMEOUT_MILLIS = 5 * 60_000L;

    /** One request; its body (null for none) can be opened again so a retry can send it again. */
    record Call(String method, URI uri, Map<String, String> headers, Http.Body body,
                List<String> scopes, boolean retryable, long timeoutMillis) {
        Call(String method, URI uri, Map<String, String> headers, Http.Body body,
             List<String> scopes, boolean retryable) {
            this(method, uri, headers, body, scopes, retryable, TIMEOUT_MILLIS);
        }
    }

    private final String registry;
    private final HttpClients.Kind kind;
    private final RegistryAuth auth;
    private final RegistryOptions options;

    HttpTransport(String registry, RegistryOptions options, Credentials credentials) {
        this.registry = registry;
        this.options = options;
        this.auth = new RegistryAuth(registry, credentials);
        this.kind = HttpClients.kindFor(registry, options.tlsVerify());
    }

    /** Sends one request as is (no authorization, redirects or retries). */
    Http.Response exchange(Http.Request request) throws IOException {
        return HttpClients.forUri(kind, request.uri()).send(request);
    }

    RegistryAuth auth() {
        return auth;
    }

    /** Sends a call; the caller owns (and must close) the returned body. */
    Http.Response send(Call call) {
        URI uri = call.uri();
        Set<URI> visited = new HashSet<>();
        boolean authRetried = false;
        int attempt = 0;
        while (true) {
            boolean sameHost = sameOrigin(uri, call.uri());
            Http.Response r;
            String sent = sameHost ? auth.header(this, call.scopes()) : null;
            try {
                r = exchange(request(call, uri, sent));
            } catch (SSLException e) {
                throw new RegistryException("TLS with " + registry + " (" + uri.getAuthority() + ") failed: "
                        + e.getMessage() + "; for a registry without a valid certificate use --tls-verify=false", e);
            } catch (Http1.BodyException e) {
                throw new RegistryException(call.method() + " " + uri + ": " + e.getMessage(), e);
            } catch (IOException e) {
                String unreachable = unreachable(e);
                if (unreachable != null) {
                    throw new RegistryException("cannot reach registry " + registry + ": " + unreachable + " ("
                            + call.method() + " " + uri + "); check the registry name and that it is running", e);
                }
                if (call.retryable() && attempt < options.retries()) {
                    sleep(backoff(attempt++));
                    continue;
                }
                throw new RegistryException(call.method() + " " + uri + ": " + describe(e)
                        + (attempt > 0 ? " (after " + (attempt + 1) + " attempts)" : ""), e);
            }
            int status = r.statusCode();
            if (status == 401 && sameHost && !authRetried) {
                AuthChallenge c = AuthChallenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(null));
                if (auth.learn(c, call.scopes(), sent)) {
                    drain(r);
                    authRetried = true;
                    continue;
                }
            }
            if (status == 429 && attempt < options.retries()) {
                Duration wait = retryAfter(r).orElse(backoff(attempt));
                if (wait.toMillis() > options.maxRetryAfterMillis()) {
                    drain(r);
                    throw new RegistryException(registry + " is rate limiting requests and asks to wait "
                            + wait.toSeconds() + "s (more than " + options.maxRetryAfterMillis() / 1000 + "s): "
                            + call.method() + " " + uri.getPath(), 429, "TOOMANYREQUESTS");
                }
                drain(r);
                attempt++;
                sleep(wait);
                continue;
            }
            if (status >= 500 && call.retryable() && attempt < options.retries()) {
                drain(r);
                sleep(backoff(attempt++));
                continue;
            }
            if (isRedirect(status) && (call.method().equals("GET") || call.method().equals("HEAD"))) {
                String loc = r.headers().firstValue("Location").orElse(null);
                drain(r);
                if (loc == null) {
                    throw new RegistryException(registry + " answered " + status + " without Location to "
                            + call.method() + " " + uri.getPath(), status, null);
                }
                visited.add(uri);
                URI next = uri.resolve(loc);
                if (visited.contains(next) || visited.size() > MAX_REDIRECTS) {
                    throw new RegistryException("redirect loop from " + registry + ": " + call.method() + " "
                            + call.uri().getPath() + " was redirected " + visited.size() + " times, back to " + next,
                            status, null);
                }
                uri = next;
                continue;
            }
            return r;
        }
    }

    /** The request a call is sent as to uri, with this Authorization (null: anonymous). */
    static Http.Request request(Call call, URI uri, String authorization) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(call.headers());
        headers.put("User-Agent", "jrun/0.1");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return new Http.Request(call.method(), uri, headers, call.body(), call.timeoutMillis());
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getAuthority().equalsIgnoreCase(b.getAuthority());
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private Duration backoff(int attempt) {
        return Duration.ofMillis(options.backoffMillis() << Math.min(attempt, 6));
    }

    static java.util.Optional<Duration> retryAfter(Http.Response r) {
        return r.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime when = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(ZonedDateTime.now(), when);
                    return d.isNegative() ? Duration.ZERO : d;
                } catch (RuntimeException e2) {
                    return Duration.ofSeconds(1);
                }
            }
        });
    }

    static void drain(Http.Response r) {
        try (InputStream in = r.body()) {
            in.skip(1 << 20);
        } catch (IOException ignored) {
            // the connection is dropped instead of reused
        }
    }

    /**
     * Why a connection could not even be opened, when retrying cannot help: the host name does not
     * resolve, or nothing listens on the port. Null for errors worth a retry (reset, timeout).
     */
    static String unreachable(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "its host name does not resolve";
            }
            if (t instanceof java.net.NoRouteToHostException) {
                return "no route to host";
            }
        }
        // a refused connection is a ConnectException (java.net.http's without a message, cause
        // ClosedChannelException); a connect timeout is a SocketTimeoutException or HttpTimeoutException.
        return e instanceof java.net.ConnectException ? "connection refused" : null;
    }

    static String describe(IOException e) {
        if (e instanceof HttpTimeoutException || e instanceof java.net.SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused" + (e.getMessage() != null ? " (" + e.getMessage() + ")" : "");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while waiting to retry", e);
        }
    }
}
