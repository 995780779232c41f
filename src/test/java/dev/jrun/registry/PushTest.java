package dev.jrun.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageReference;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push flows: HEAD to skip, mounts, monolithic and chunked uploads, then a pull round trip. */
class PushTest {
    @TempDir
    Path dir;

    FakeRegistry reg;
    ImageStore store;
    Image img;

    @BeforeEach
    void setUp() throws Exception {
        reg = new FakeRegistry();
        store = ImageStore.open(dir.resolve("store"));
        img = TestImages.load(store, "app:1", List.of(TestImages.BASE, TestImages.APP));
    }

    @AfterEach
    void tearDown() {
        reg.close();
    }

    Pusher.Result push(String target, RegistryOptions o, ProgressListener l) {
        return new Pusher(store, o).push(img, ImageReference.parse(reg.host() + "/" + target), l);
    }

    Pusher.Result push(String target) {
        return push(target, TestImages.options(dir.resolve("auth.json")), ProgressListener.NONE);
    }

    static final class Counts implements ProgressListener {
        final AtomicInteger exists = new AtomicInteger();
        final AtomicInteger pushed = new AtomicInteger();
        final AtomicInteger mounted = new AtomicInteger();

        @Override
        public void exists(Descriptor layer) {
            exists.incrementAndGet();
        }

        @Override
        public void finished(Descriptor layer) {
            pushed.incrementAndGet();
        }

        @Override
        public void mounted(Descriptor layer, String from) {
            mounted.incrementAndGet();
        }
    }

    @Test
    void pushThenPullGivesTheSameImage() {
        Pusher.Result r = push("team/app:1");
        assertEquals(img.manifestDigest(), r.digest(), "the registry keeps the stored manifest bytes");
        assertArrayEquals(store.blobs().read(img.manifestDigest()), reg.manifests.get("team/app").get("1").bytes());
        ImageStore other = ImageStore.open(dir.resolve("other"));
        Image back = new Puller(other, TestImages.options(dir.resolve("auth.json")))
                .pull(ImageReference.parse(reg.host() + "/team/app:1"), null, ProgressListener.NONE);
        assertEquals(img.id(), back.id());
        assertEquals(img.manifestDigest(), back.manifestDigest());
    }

    @Test
    void secondPushUploadsNoBlobBytes() {
        Counts first = new Counts();
        push("app:1", TestImages.options(dir.resolve("a.json")), first);
        assertEquals(2, first.pushed.get());
        long bytes = reg.uploadedBytes.get();
        assertTrue(bytes >= TestImages.BASE.length + TestImages.APP.length);
        Counts second = new Counts();
        push("app:1", TestImages.options(dir.resolve("a.json")), second);
        assertEquals(bytes, reg.uploadedBytes.get(), "no blob bytes the second time");
        assertEquals(2, second.exists.get());
        assertEquals(0, second.pushed.get());
    }

    @Test
    void repeatedPushIsOneManifestHead() {
        push("team/app:1");
        reg.log.clear();
        Counts again = new Counts();
        Pusher.Result r = push("team/app:1", TestImages.options(dir.resolve("auth.json")), again);
        assertEquals(img.manifestDigest(), r.digest());
        assertEquals(List.of("HEAD /v2/team/app/manifests/1"), reg.log, "the registry has this exact manifest");
        assertEquals(2, again.exists.get(), "each layer is reported as already there");
        assertTrue(store.get(img.manifestDigest()).orElseThrow().repoDigests().stream()
                .anyMatch(d -> d.repository().equals("team/app") && img.manifestDigest().equals(d.digest())));
    }

    @Test
    void repeatedPushWithItsHeadSentAheadIsStillOneHead() {
        push("team/app:1");
        reg.log.clear();
        SocketHttp http = SocketHttp.shared(HttpClients.Kind.LOOPBACK);
        int before = http.answeredAhead();
        RegistryClient.prewarmPush(reg.host(), null, "team/app", "1"); // as jrun push does
        assertEquals(img.manifestDigest(), push("team/app:1").digest());
        assertEquals(List.of("HEAD /v2/team/app/manifests/1"), reg.log, "the HEAD sent ahead is the push's own");
        assertEquals(before + 1, http.answeredAhead(), "its answer was read, not dropped");
    }

    @Test
    void headSentAheadMeetsTokenAuthAsThePushWould() {
        reg.auth = FakeRegistry.Auth.TOKEN;
        reg.user = "alice";
        reg.password = "pw";
        new DockerConfig(dir.resolve("auth.json")).put(reg.host(), new Credentials("alice", "pw"));
        push("app:1");
        reg.log.clear();
        RegistryClient.prewarmPush(reg.host(), null, "app", "1");
        assertEquals(img.manifestDigest(), push("app:1").digest());
        assertEquals(List.of("HEAD /v2/app/manifests/1", "GET /token", "HEAD /v2/app/manifests/1"), reg.log,
                "anonymous first, then with a token, as without the request sent ahead");
    }

    @Test
    void anotherManifestUnderTheTagIsReplaced() {
        push("team/app:1");
        byte[] other = "{\"schemaVersion\":2,\"layers\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        reg.manifests.get("team/app").put("1", new FakeRegistry.StoredManifest(other, "application/vnd.oci.image.manifest.v1+json"));
        reg.log.clear();
        Pusher.Result r = push("team/app:1");
        assertEquals(img.manifestDigest(), r.digest());
        assertEquals(1, reg.count("PUT /v2/team/app/manifests/1"), reg.log.toString());
        assertTrue(reg.count("HEAD /v2/team/app/blobs/") >= 3, "blobs are checked again: " + reg.log);
        assertArrayEquals(store.blobs().read(img.manifestDigest()), reg.manifests.get("team/app").get("1").bytes());
    }

    @Test
    void pushByDigestChecksTheDigest() {
        Pusher.Result r = push("team/app@" + img.manifestDigest());
        assertEquals(img.manifestDigest(), r.digest());
        reg.log.clear();
        push("team/app@" + img.manifestDigest());
        assertEquals(List.of("HEAD /v2/team/app/manifests/" + img.manifestDigest()), reg.log);
    }

    @Test
    void repeatedPushLeavesTheBlobSourceHintsAlone() throws Exception {
        push("team/app:1");
        java.nio.file.Path hints = store.paths().registry().resolve("blob-sources.json");
        assertTrue(java.nio.file.Files.readString(hints).contains("team/app"));
        java.nio.file.Files.writeString(hints, "{}");
        img = store.get(img.manifestDigest()).orElseThrow(); // as the next jrun push reads it: with its repo digest
        reg.log.clear();
        assertEquals(img.manifestDigest(), push("team/app:1").digest());
        assertEquals(List.of("HEAD /v2/team/app/manifests/1"), reg.log);
        assertEquals("{}", java.nio.file.Files.readString(hints), "pushed there before: recorded then");
        push("other/app:1"); // a repository the image was not pushed to: its blobs are recorded
        assertTrue(java.nio.file.Files.readString(hints).contains("other/app"));
    }

    @Test
    void crossRepositoryMountIsUsed() {
        push("one/app:1");
        long bytes = reg.uploadedBytes.get();
        Counts c = new Counts();
        push("two/app:1", TestImages.options(dir.resolve("a.json")), c);
        assertEquals(bytes, reg.uploadedBytes.get(), "mounted, not uploaded");
        assertEquals(2, c.mounted.get());
        assertEquals(3, reg.mounts.get(), "two layers and the config");
        assertTrue(reg.repoBlobs.get("two/app").contains(Digest.sha256(TestImages.APP)));
    }

    @Test
    void bigBlobsGoInChunks() {
        Pusher.Result r = push("app:chunked", TestImages.options(dir.resolve("a.json")).withChunkSize(1000),
                ProgressListener.NONE);
        assertTrue(reg.count("PATCH ") >= 2, reg.log.toString());
        assertArrayEquals(TestImages.APP, reg.blobs.get(Digest.sha256(TestImages.APP)));
        assertEquals(img.manifestDigest(), r.digest());
    }

    @Test
    void pushWithTokenAuthNeedsLogin() {
        reg.auth = FakeRegistry.Auth.TOKEN;
        reg.user = "alice";
        reg.password = "pw";
        RegistryException e = assertThrows(RegistryException.class, () -> push("app:1"));
        assertTrue(e.isDeniedOrMissing(), e.getMessage());
        assertTrue(e.getMessage().contains(reg.host() + "/app"), e.getMessage());
        new DockerConfig(dir.resolve("auth.json")).put(reg.host(), new Credentials("alice", "pw"));
        assertEquals(img.manifestDigest(), push("app:1").digest());
    }

    @Test
    void failedUploadIsRetriedInANewSession() {
        AtomicInteger n = new AtomicInteger();
        reg.intercept = ex -> {
            if (ex.getRequestMethod().equals("PUT") && ex.getRequestURI().getPath().contains("/uploads/")
                    && n.getAndIncrement() == 0) {
                try {
                    ex.getRequestBody().readAllBytes();
                    FakeRegistry.error(ex, 500, "UNKNOWN", "disk full");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            }
            return false;
        };
        assertEquals(img.manifestDigest(), push("app:1").digest());
        assertTrue(reg.blobs.containsKey(Digest.sha256(TestImages.BASE)));
    }
}
