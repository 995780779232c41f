package dev.jrun.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bearer tokens are reused per scope set until 10 s before their expires_in, and not after. */
class TokenCacheTest {
    @Test
    void keepsATokenPerScopeSetInAnyOrder() {
        TokenCache c = new TokenCache();
        c.put(List.of("repository:a:pull", "repository:b:pull"), "t1", 300);
        assertEquals("t1", c.get(List.of("repository:b:pull", "repository:a:pull")));
        assertNull(c.get(List.of("repository:a:pull")));
    }

    @Test
    void forgetsATokenOnceItExpires() throws InterruptedException {
        TokenCache c = new TokenCache();
        c.put(List.of("repository:a:pull"), "short", 11); // kept for 11 - 10 = 1 s
        assertEquals("short", c.get(List.of("repository:a:pull")));
        Thread.sleep(1100);
        assertNull(c.get(List.of("repository:a:pull")));
    }

    @Test
    void aHugeExpiryDoesNotOverflowIntoExpired() {
        TokenCache c = new TokenCache();
        c.put(List.of("s"), "forever", Long.MAX_VALUE);
        c.put(List.of("none"), "default", 0); // the spec's default of 60 s
        assertEquals("forever", c.get(List.of("s")));
        assertEquals("default", c.get(List.of("none")));
    }

    @Test
    void clearForgetsEveryToken() {
        TokenCache c = new TokenCache();
        c.put(List.of("s"), "t", 300);
        c.clear();
        assertNull(c.get(List.of("s")));
    }
}
