package dev.jrun.registry;

import dev.jrun.image.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The authentication state of one registry: the challenge it sent, the user's credentials, and bearer
 * tokens per scope. Anonymous until the registry answers 401.
 */
final class RegistryAuth {
    private final String registry;
    private final Credentials credentials;
    private final TokenCache tokens = new TokenCache();
    private volatile AuthChallenge challenge;

    RegistryAuth(String registry, Credentials credentials) {
        this.registry = registry;
        this.credentials = credentials;
    }

    boolean hasCredentials() {
        return credentials != null;
    }

    /** The Authorization header for a request needing these scopes, or null to go anonymous. */
    synchronized String header(HttpTransport http, List<String> scopes) {
        AuthChallenge c = challenge;
        if (c == null) {
            return null;
        }
        if (c.isBasic()) {
            return credentials == null ? null : credentials.basicHeader();
        }
        String t = tokens.get(scopes);
        if (t == null) {
            t = fetchToken(http, c, scopes);
        }
        return "Bearer " + t;
    }

    /**
     * Learns from a 401 to a request sent with Authorization {@code sent}: true if a retry may succeed
     * (a new challenge, or authorization we can now give that differs from what was sent, e.g. a token
     * another thread fetched meanwhile).
     */
    synchronized boolean learn(AuthChallenge c, List<String> scopes, String sent) {
        if (c == null || (!c.isBearer() && !c.isBasic())) {
            return false;
        }
        if (c.isBasic() && credentials == null) {
            return false;
        }
        if (!sameServer(c, challenge)) {
            challenge = c;
            if (sent != null && sent.startsWith("Bearer ")) {
                tokens.clear();
            }
            return true;
        }
        if (c.isBasic()) {
            return sent == null;
        }
        String t = tokens.get(scopes);
        return t == null || !("Bearer " + t).equals(sent);
    }

    /** Same scheme, realm and service: the scope a registry names in each challenge may differ. */
    private static boolean sameServer(AuthChallenge a, AuthChallenge b) {
        return b != null && a.scheme().equals(b.scheme()) && java.util.Objects.equals(a.realm(), b.realm())
                && java.util.Objects.equals(a.service(), b.service());
    }

    private String fetchToken(HttpTransport http, AuthChallenge c, List<String> scopes) {
        if (c.realm() == null || c.realm().isEmpty()) {
            throw new RegistryException("registry " + registry + " asked for a bearer token without a realm", 401,
                    "UNAUTHORIZED");
        }
        Set<String> all = new LinkedHashSet<>(scopes);
        if (c.scope() != null && !c.scope().isEmpty()) {
            all.addAll(List.of(c.scope().split(" ")));
        }
        List<String> query = new ArrayList<>();
        if (c.service() != null) {
            query.add("service=" + enc(c.service()));
        }
        for (String s : all) {
            query.add("scope=" + enc(s));
        }
        if (credentials != null) {
            query.add("account=" + enc(credentials.username()));
        }
        String realm = c.realm();
        URI uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + String.join("&", query)));
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("User-Agent", "jrun/0.1");
        if (credentials != null) {
            headers.put("Authorization", credentials.basicHeader());
        }
        try {
            Http.Response r = http.exchange(new Http.Request("GET", uri, headers, null, 60_000));
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(1 << 20);
            }
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw new RegistryException("authentication to " + registry + " failed"
                        + (credentials == null ? " (no login stored; run 'jrun login " + registry + "')"
                        : " for user " + credentials.username() + ": wrong username or password")
                        + ": token server " + hostOf(uri) + " answered " + r.statusCode(), r.statusCode(), "UNAUTHORIZED");
            }
            if (r.statusCode() != 200) {
                throw new RegistryException("token server " + hostOf(uri) + " of " + registry + " answered "
                        + r.statusCode() + ": " + ErrorBody.describe(body), r.statusCode(), null);
            }
            if (!(Json.parse(body, "token answer from " + hostOf(uri)) instanceof java.util.Map<?, ?> n)) {
                throw new RegistryException("token server " + hostOf(uri) + " of " + registry
                        + " answered with JSON that is not an object", 200, null);
            }
            String token = n.get("token") instanceof String t && !t.isEmpty() ? t
                    : n.get("access_token") instanceof String t2 ? t2 : "";
            if (token.isEmpty()) {
                throw new RegistryException("token server " + hostOf(uri) + " of " + registry
                        + " answered without a token", 200, null);
            }
            tokens.put(scopes, token, n.get("expires_in") instanceof Number x ? x.longValue() : 0);
            return token;
        } catch (IOException e) {
            throw new RegistryException("get token for " + registry + " from " + hostOf(uri) + ": " + e, e);
        }
    }

    private static String hostOf(URI u) {
        return u.getScheme() + "://" + u.getAuthority();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
