package dev.jrun.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.Digest;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Platform;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull flows against the in-process registry: auth, index platforms, retries, redirects. */
class PullTest {
    @TempDir
    Path dir;

    FakeRegistry reg;
    ImageStore store;

    @BeforeEach
    void setUp() throws Exception {
        reg = new FakeRegistry();
        store = ImageStore.open(dir.resolve("store"));
    }

    @AfterEach
    void tearDown() {
        reg.close();
    }

    Image pull(String ref) {
        return pull(ref, null);
    }

    Image pull(String ref, Platform p) {
        return new Puller(store, TestImages.options(dir.resolve("auth.json")))
                .pull(ImageReference.parse(reg.host() + "/" + ref), p, ProgressListener.NONE);
    }

    @Test
    void anonymousPullStoresExactManifestAndVerifiedBlobs() throws Exception {
        byte[] m = TestImages.publish(reg, "lib/app", "v1", List.of(TestImages.BASE, TestImages.APP));
        Image img = pull("lib/app:v1");
        assertEquals(Digest.sha256(m), img.manifestDigest());
        assertEquals(List.of(ImageReference.parse(reg.host() + "/lib/app:v1")), img.tags());
        for (Digest d : store.blobs().list()) {
            assertTrue(store.blobs().verify(d), d.toString());
        }
        assertEquals(img.manifestDigest(), store.resolve(reg.host() + "/lib/app:v1").manifestDigest());
        assertEquals(0, TestImages.tempFiles(store));
    }

    @Test
    void secondPullFetchesOnlyMissingLayers() {
        TestImages.publish(reg, "base", "1", List.of(TestImages.BASE));
        TestImages.publish(reg, "app", "1", List.of(TestImages.BASE, TestImages.APP));
        pull("base:1");
        AtomicInteger existing = new AtomicInteger();
        new Puller(store, TestImages.options(dir.resolve("a.json"))).pull(
                ImageReference.parse(reg.host() + "/app:1"), null, new ProgressListener() {
                    @Override
                    public void exists(dev.jrun.image.Descriptor layer) {
                        existing.incrementAndGet();
                    }
                });
        assertEquals(1, existing.get());
        assertEquals(0, reg.count("GET /v2/app/blobs/" + Digest.sha256(TestImages.BASE)), reg.log.toString());
        assertEquals(2, reg.count("GET /v2/app/blobs/sha256:"), "config and the app layer only: " + reg.log);
    }

    @Test
    void bearerChallengeThenTokenThenRetry() {
        reg.auth = FakeRegistry.Auth.TOKEN;
        TestImages.publish(reg, "app", "1", List.of(TestImages.APP));
        pull("app:1");
        assertTrue(reg.tokensIssued.get() >= 1);
        assertTrue(reg.count("GET /token") >= 1);
        assertEquals(1, reg.tokensIssued.get(), "one token per scope, reused: " + reg.log);
    }

    @Test
    void privateRepoNeedsLoginAndSaysSo() {
        reg.auth = FakeRegistry.Auth.TOKEN;
        reg.anonymousPull = false;
        reg.user = "alice";
        reg.password = "s3cret";
        TestImages.publish(reg, "private/app", "1", List.of(TestImages.APP));
        RegistryException e = assertThrows(RegistryException.class, () -> pull("private/app:1"));
        assertTrue(e.getMessage().contains(reg.host()) && e.getMessage().contains("jrun login"), e.getMessage());
        new DockerConfig(dir.resolve("auth.json")).put(reg.host(), new Credentials("alice", "s3cret"));
        assertEquals(1, pull("private/app:1").manifest().layers().size());
    }

    @Test
    void basicAuthFromConfig() {
        reg.auth = FakeRegistry.Auth.BASIC;
        reg.user = "bob";
        reg.password = "pw";
        TestImages.publish(reg, "app", "1", List.of(TestImages.APP));
        RegistryException e = assertThrows(RegistryException.class, () -> pull("app:1"));
        assertEquals(401, e.status());
        new DockerConfig(dir.resolve("auth.json")).put(reg.host(), new Credentials("bob", "pw"));
        pull("app:1");
    }

    @Test
    void unknownRepositoryNamesRegistryAndRepository() {
        RegistryException e = assertThrows(RegistryException.class, () -> pull("nope/nothing:1"));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains(reg.host() + "/nope/nothing"), e.getMessage());
        assertTrue(e.getMessage().contains("repository does not exist"), e.getMessage());
    }

    @Test
    void unknownTagSaysManifestUnknown() {
        TestImages.publish(reg, "app", "1", List.of(TestImages.APP));
        RegistryException e = assertThrows(RegistryException.class, () -> pull("app:2"));
        assertTrue(e.getMessage().contains("manifest for " + reg.host() + "/app:2 not found"), e.getMessage());
    }

    @Test
    void indexPicksTheRequestedPlatform() {
        Platform amd = Platform.of("linux", "amd64", null);
        Platform arm = Platform.of("linux", "arm64", "v8");
        TestImages.publishIndex(reg, "multi", "1", List.of(amd, arm));
        Image a = pull("multi:1", Platform.parse("linux/arm64"));
        Image b = pull("multi:1", Platform.parse("linux/amd64"));
        assertFalse(a.manifestDigest().equals(b.manifestDigest()));
        String armFiles = new String(store.blobs().read(a.manifest().layers().get(0).digest()));
        assertTrue(armFiles.contains("linux/arm64/v8"), "arm64 layer picked");
        RegistryException e = assertThrows(RegistryException.class,
                () -> pull("multi:1", Platform.parse("linux/s390x")));
        assertTrue(e.getMessage().contains("linux/amd64, linux/arm64/v8"), e.getMessage());
    }

    @Test
    void digestReferencePullsByDigestAndChecksIt() {
        byte[] m = TestImages.publish(reg, "app", "1", List.of(TestImages.APP));
        Image img = pull("app@" + Digest.sha256(m));
        assertEquals(Digest.sha256(m), img.manifestDigest());
        assertTrue(img.tags().isEmpty());
    }

    @Test
    void pullRecordsTheRepoDigestTheRegistryKnows() {
        byte[] m = TestImages.publish(reg, "app", "1", List.of(TestImages.APP));
        Image img = pull("app:1");
        ImageReference rd = ImageReference.parse(reg.host() + "/app@" + Digest.sha256(m));
        assertEquals(List.of(rd), img.repoDigests());
        assertEquals(img.manifestDigest(), store.resolve(rd.canonical()).manifestDigest());
        assertTrue(store.find(reg.host() + "/other@" + Digest.sha256(TestImages.APP)).isEmpty(),
                "a digest that is no manifest finds nothing");
        assertTrue(store.untag(ImageReference.parse(reg.host() + "/app:1")),
                "the repository's last tag takes its digest with it");
        assertTrue(store.list().isEmpty(), store.list().toString());
    }

    @Test
    void repeatedPullLeavesTheIndexFileAlone() throws Exception {
        TestImages.publish(reg, "app", "1", List.of(TestImages.APP));
        Image first = pull("app:1");
        java.nio.file.Path index = store.paths().index();
        Object key = java.nio.file.Files.readAttributes(index, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Image again = pull("app:1");
        assertEquals(first, again);
        assertEquals(key, java.nio.file.Files.readAttributes(index, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                "index.json is replaced by rename when written: same inode, not rewritten");
    }

    @Test
    void indexPullRecordsTheIndexDigestAndResolvesByIt() {
        byte[] idx = TestImages.publishIndex(reg, "multi", "1",
                List.of(Platform.of("linux", "amd64", null), Platform.of("linux", "arm64", "v8")));
        Image a = pull("multi:1", Platform.parse("linux/arm64"));
        ImageReference rd = ImageReference.parse(reg.host() + "/multi@" + Digest.sha256(idx));
        assertEquals(List.of(rd), a.repoDigests());
        assertEquals(a.manifestDigest(), store.resolve(rd.canonical()).manifestDigest());
    }

    @Test
    void digestPullIsListedAndRemovedByItsDigest() {
        byte[] m = TestImages.publish(reg, "app", "1", List.of(TestImages.APP));
        ImageReference rd = ImageReference.parse(reg.host() + "/app@" + Digest.sha256(m));
        Image img = pull("app@" + Digest.sha256(m));
        assertEquals(List.of(rd), img.repoDigests());
        assertTrue(img.lastReference(rd));
        assertEquals(1, store.list().size());
        pull("app:1");
        Image both = store.resolve(rd.canonical());
        assertEquals(1, both.tags().size());
        assertFalse(both.lastReference(rd));
        assertFalse(store.untag(rd), "the tag keeps the image");
        assertTrue(store.resolve(reg.host() + "/app:1").repoDigests().isEmpty());
    }
}
