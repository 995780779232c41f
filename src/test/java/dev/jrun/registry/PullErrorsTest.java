package dev.jrun.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageReference;
import dev.jrun.image.MediaTypes;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad answer a registry can give: an error naming registry, repository and cause; a clean store. */
class PullErrorsTest {
    @TempDir
    Path dir;

    FakeRegistry reg;
    ImageStore store;
    Digest appLayer = Digest.sha256(TestImages.APP);

    interface Handler {
        boolean handle(HttpExchange ex) throws IOException;
    }

    void intercept(Handler h) {
        reg.intercept = ex -> {
            try {
                return h.handle(ex);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @BeforeEach
    void setUp() throws Exception {
        reg = new FakeRegistry();
        store = ImageStore.open(dir.resolve("store"));
        TestImages.publish(reg, "app", "1", List.of(TestImages.BASE, TestImages.APP));
    }

    @AfterEach
    void tearDown() {
        reg.close();
    }

    Image pull(RegistryOptions o) {
        return new Puller(store, o).pull(ImageReference.parse(reg.host() + "/app:1"), null, ProgressListener.NONE);
    }

    Image pull() {
        return pull(TestImages.options(dir.resolve("auth.json")));
    }

    RegistryException failingPull() throws Exception {
        RegistryException e = assertThrows(RegistryException.class, this::pull);
        assertTrue(store.list().isEmpty(), "no image registered");
        assertFalse(store.blobs().exists(appLayer), "no bad blob stored");
        assertEquals(0, TestImages.tempFiles(store), "no temp files left");
        return e;
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        AtomicInteger n = new AtomicInteger();
        intercept(ex -> {
            if (ex.getRequestURI().getPath().contains("/manifests/") && n.getAndIncrement() == 0) {
                ex.getResponseHeaders().add("Retry-After", "1");
                FakeRegistry.error(ex, 429, "TOOMANYREQUESTS", "slow down");
                return true;
            }
            return false;
        });
        long t0 = System.nanoTime();
        pull();
        assertTrue(System.nanoTime() - t0 >= 900_000_000L, "waited for Retry-After");
    }

    @Test
    void retryAfterBeyondTheLimitFails() throws Exception {
        intercept(ex -> {
            ex.getResponseHeaders().add("Retry-After", "3600");
            FakeRegistry.error(ex, 429, "TOOMANYREQUESTS", "slow down");
            return true;
        });
        RegistryException e = failingPull();
        assertEquals(429, e.status());
        assertTrue(e.getMessage().contains("rate limiting") && e.getMessage().contains(reg.host()), e.getMessage());
    }

    @Test
    void unresolvableRegistryFailsAtOnceNamingIt() {
        RegistryOptions slowRetries = TestImages.options(dir.resolve("auth.json")).withRetries(4, java.time.Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        RegistryException e = assertThrows(RegistryException.class, () -> new Puller(store, slowRetries)
                .pull(ImageReference.parse("no-such-registry.invalid/app:1"), null, ProgressListener.NONE));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "no retry with a 5 s backoff");
        assertTrue(e.getMessage().contains("no-such-registry.invalid") && e.getMessage().contains("does not resolve"),
                e.getMessage());
        assertTrue(store.list().isEmpty());
    }

    @Test
    void refusedConnectionFailsAtOnceNamingTheRegistry() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RegistryOptions slowRetries = TestImages.options(dir.resolve("auth.json")).withRetries(4, java.time.Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        RegistryException e = assertThrows(RegistryException.class, () -> new Puller(store, slowRetries)
                .pull(ImageReference.parse("127.0.0.1:" + port + "/app:1"), null, ProgressListener.NONE));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "no retry with a 5 s backoff");
        assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("connection refused"),
                e.getMessage());
    }

    @Test
    void serverErrorsAreRetried() {
        AtomicInteger n = new AtomicInteger();
        intercept(ex -> {
            if (ex.getRequestURI().getPath().contains("/blobs/") && n.getAndIncrement() < 2) {
                FakeRegistry.error(ex, 503, "UNAVAILABLE", "busy");
                return true;
            }
            return false;
        });
        pull();
        assertTrue(n.get() > 2);
    }

    @Test
    void truncatedBlobIsRetriedThenFails() throws Exception {
        intercept(ex -> {
            if (ex.getRequestURI().getPath().endsWith(appLayer.toString())) {
                ex.sendResponseHeaders(200, TestImages.APP.length);
                OutputStream out = ex.getResponseBody();
                out.write(TestImages.APP, 0, 100);
                out.flush();
                ex.getHttpContext().getServer();
                throw new IOException("cut the connection");
            }
            return false;
        });
        RegistryException e = failingPull();
        assertTrue(e.getMessage().contains(appLayer.toString()), e.getMessage());
        assertTrue(reg.count("GET /v2/app/blobs/" + appLayer) > 1, "retried");
    }

    @Test
    void blobWithWrongContentIsRejectedNamingTheDigest() throws Exception {
        intercept(ex -> {
            if (ex.getRequestURI().getPath().endsWith(appLayer.toString())) {
                byte[] bad = TestImages.APP.clone();
                bad[bad.length - 1] ^= 1;
                FakeRegistry.send(ex, 200, "application/octet-stream", bad);
                return true;
            }
            return false;
        });
        RegistryException e = failingPull();
        assertTrue(e.getMessage().contains("digest mismatch") && e.getMessage().contains(appLayer.toString()),
                e.getMessage());
    }

    @Test
    void htmlAnswerIsNamed() throws Exception {
        intercept(ex -> {
            FakeRegistry.send(ex, 200, "text/html", "<!DOCTYPE html><html>login portal</html>".getBytes());
            return true;
        });
        RegistryException e = failingPull();
        assertTrue(e.getMessage().contains("HTML") && e.getMessage().contains(reg.host() + "/app"), e.getMessage());
    }

    @Test
    void truncatedJsonManifestIsNamed() throws Exception {
        byte[] m = reg.manifests.get("app").get("1").bytes();
        reg.putManifest("app", "1", java.util.Arrays.copyOf(m, m.length / 2), MediaTypes.OCI_MANIFEST);
        RegistryException e = failingPull();
        assertTrue(e.getMessage().contains("not valid JSON") && e.getMessage().contains(reg.host() + "/app:1"),
                e.getMessage());
    }

    @Test
    void manifestOverTheLimitIsRefused() throws Exception {
        byte[] big = ("{\"schemaVersion\":2,\"pad\":\"" + "x".repeat(5 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        reg.putManifest("app", "1", big, MediaTypes.OCI_MANIFEST);
        RegistryException e = failingPull();
        assertTrue(e.getMessage().contains("larger than 4096 KiB"), e.getMessage());
    }

    @Test
    void redirectToAnotherPathIsFollowed() {
        intercept(ex -> {
            String p = ex.getRequestURI().getPath();
            if (p.contains("/blobs/sha256:")) {
                ex.getResponseHeaders().add("Location", "/storage/" + p.substring(p.lastIndexOf('/') + 1));
                ex.sendResponseHeaders(307, -1);
                return true;
            }
            if (p.startsWith("/storage/")) {
                assertEquals(null, ex.getRequestHeaders().getFirst("Authorization"));
                FakeRegistry.send(ex, 200, "application/octet-stream",
                        reg.blobs.get(Digest.parse(p.substring("/storage/".length()))));
                return true;
            }
            return false;
        });
        pull();
        assertTrue(reg.count("GET /storage/") >= 3);
    }

    @Test
    void redirectLoopIsAnError() throws Exception {
        intercept(ex -> {
            String p = ex.getRequestURI().getPath();
            if (p.contains("/blobs/") || p.startsWith("/loop")) {
                ex.getResponseHeaders().add("Location", p.startsWith("/loop/a") ? "/loop/b" : "/loop/a");
                ex.sendResponseHeaders(302, -1);
                return true;
            }
            return false;
        });
        RegistryException e = failingPull();
        assertTrue(e.getMessage().contains("redirect loop") && e.getMessage().contains(reg.host()), e.getMessage());
    }

    @Test
    void connectionRefusedNamesTheRegistry() {
        reg.close();
        RegistryException e = assertThrows(RegistryException.class, this::pull);
        assertTrue(e.getMessage().contains(reg.host()), e.getMessage());
    }
}
