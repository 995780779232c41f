package dev.jrun.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Bearer tokens by scope set, kept until shortly before they expire. */
final class TokenCache {
    private record Entry(String token, Instant expires) {
    }

    private final Map<String, Entry> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    static String key(List<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }

    String get(List<String> scopes) {
        Entry e = tokens.get(key(scopes));
        if (e == null || !clock.instant().isBefore(e.expires)) {
            return null;
        }
        return e.token;
    }

    /** Stores a token valid for expiresIn seconds (60 when the server says nothing, as the spec's default). */
    void put(List<String> scopes, String token, long expiresIn) {
        long life = expiresIn > 0 ? expiresIn : 60;
        tokens.put(key(scopes), new Entry(token, clock.instant().plusSeconds(Math.max(1, life - 10))));
    }

    void clear() {
        tokens.clear();
    }
}
