package dev.jrun.registry;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens by scope set, kept until shortly before they expire. Expiry is kept in System.nanoTime,
 * not java.time: every registry client makes a cache, and Clock.systemUTC's first use (ZoneOffset's
 * VarHandles) cost ~9 ms of a repeated push, which talks to an anonymous registry and needs no token.
 */
final class TokenCache {
    private record Entry(String token, long expiresNanos) {
    }

    private final Map<String, Entry> tokens = new ConcurrentHashMap<>();

    static String key(List<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }

    String get(List<String> scopes) {
        Entry e = tokens.get(key(scopes));
        if (e == null || System.nanoTime() - e.expiresNanos >= 0) {
            return null;
        }
        return e.token;
    }

    /** Stores a token valid for expiresIn seconds (60 when the server says nothing, as the spec's default). */
    void put(List<String> scopes, String token, long expiresIn) {
        long life = Math.max(1, (expiresIn > 0 ? expiresIn : 60) - 10);
        // capped within the 292 years that nanoTime differences span: a century is as good as forever
        long nanos = Math.min(life, 100L * 365 * 24 * 3600) * 1_000_000_000L;
        tokens.put(key(scopes), new Entry(token, System.nanoTime() + nanos));
    }

    void clear() {
        tokens.clear();
    }
}
