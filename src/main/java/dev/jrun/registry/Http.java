package dev.jrun.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The HTTP/1.1 exchanges the registry client makes, independent of what carries them: {@link SocketHttp}
 * (plain sockets, the default) or {@link JdkHttp} (the JDK's HttpClient, for proxies).
 */
final class Http {
    private Http() {
    }

    /** Sends one request and returns the answer once its headers arrived; the caller closes the body. */
    interface Client {
        Response send(Request request) throws IOException;
    }

    /**
     * A request body that can be opened again (a retry sends it anew).
     *
     * @param length its length, or -1 to send it chunked
     */
    record Body(long length, Supplier<InputStream> open) {
        static Body of(byte[] bytes) {
            return new Body(bytes.length, () -> new ByteArrayInputStream(bytes));
        }
    }

    /**
     * @param body          null for none (an upload method then sends Content-Length: 0)
     * @param timeoutMillis the connect and read timeout (milliseconds, not a Duration: Duration's class
     *                      initialisation sets up BigInteger's, ~0.3 ms of an interpreted push)
     */
    record Request(String method, URI uri, Map<String, String> headers, Body body, long timeoutMillis) {
    }

    /** Header fields by case-insensitive name. */
    static final class Headers {
        private final Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        void add(String name, String value) {
            List<String> v = map.get(name);
            if (v == null) {
                v = new ArrayList<>(1);
                map.put(name, v);
            }
            v.add(value);
        }

        Optional<String> firstValue(String name) {
            List<String> v = map.get(name);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        OptionalLong firstValueAsLong(String name) {
            Optional<String> v = firstValue(name);
            if (v.isEmpty()) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Long.parseLong(v.get().trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }

        List<String> all(String name) {
            return map.getOrDefault(name, List.of());
        }
    }

    /** An answer: status, headers, and the body stream (empty for HEAD, 204, 304). */
    static final class Response {
        private final String method;
        private final URI uri;
        private final int status;
        private final Headers headers;
        private final InputStream body;

        Response(String method, URI uri, int status, Headers headers, InputStream body) {
            this.method = method;
            this.uri = uri;
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        /** The method of the request this answers. */
        String method() {
            return method;
        }

        /** The URI this answers (after redirects, the last one). */
        URI uri() {
            return uri;
        }

        int statusCode() {
            return status;
        }

        Headers headers() {
            return headers;
        }

        InputStream body() {
            return body;
        }
    }
}
