package dev.jrun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageIndex;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Json;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
    @TempDir
    Path root;

    /** Stores a one-layer image whose layer holds the given text; returns its manifest digest. */
    private Digest image(ImageStore s, String layerText, String created) {
        BlobStore.Blob layer = s.blobs().put(layerText.getBytes(StandardCharsets.UTF_8));
        String cfg = "{\"created\":\"" + created + "\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layer.digest() + "\"]}}";
        BlobStore.Blob c = s.blobs().put(cfg.getBytes(StandardCharsets.UTF_8));
        Manifest m = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, c.digest(), c.size()),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER, layer.digest(), layer.size())));
        return s.blobs().put(Json.bytes(m)).digest();
    }

    @Test
    void openWritesAnOciLayout() throws Exception {
        ImageStore.open(root);
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(root.resolve("oci-layout")));
        ImageIndex idx = ImageIndex.parse(Files.readAllBytes(root.resolve("index.json")), "index.json");
        assertEquals(MediaTypes.OCI_INDEX, idx.mediaType());
        assertTrue(idx.manifests().isEmpty());
    }

    @Test
    void blobWithWrongDigestIsRefusedAndLeavesNothing() throws Exception {
        ImageStore s = ImageStore.open(root);
        Digest wrong = Digest.sha256("other");
        JrunException e = assertThrows(JrunException.class,
                () -> s.blobs().put(new ByteArrayInputStream("data".getBytes()), wrong, "test input"));
        assertTrue(e.getMessage().contains(wrong.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("test input"), e.getMessage());
        assertTrue(s.blobs().list().isEmpty());
        try (var tmp = Files.list(root.resolve("tmp"))) {
            assertEquals(0, tmp.count());
        }
    }

    @Test
    void registerTagResolveAndRetag() {
        ImageStore s = ImageStore.open(root);
        Digest a = image(s, "a", "2024-01-01T00:00:00Z");
        Digest b = image(s, "b", "2024-01-02T00:00:00Z");
        Image ia = s.register(a, List.of(ImageReference.parse("busybox")));
        assertEquals(ia.id(), s.resolve("busybox").id());
        assertEquals(ia.id(), s.resolve("docker.io/library/busybox:latest").id());
        assertEquals(ia.id(), s.resolve(ia.id().hex().substring(0, 6)).id());
        assertEquals(ia.id(), s.resolve(ia.id().toString()).id());
        assertEquals(ia.id(), s.resolve("busybox@" + a).id());

        s.register(b, List.of(ImageReference.parse("busybox")));
        Image moved = s.resolve("busybox");
        assertEquals(b, moved.manifestDigest());
        Image old = s.get(a).orElseThrow();
        assertTrue(old.tags().isEmpty(), "the image the tag moved from stays, untagged");
        // looked up by id before the move: that answer is not reused once index.json changed
        assertTrue(s.resolve(ia.id().toString()).tags().isEmpty(), "no stale lookup by id");
        assertEquals(b, ImageStore.open(root).resolve("busybox").manifestDigest(), "another store instance agrees");
        assertEquals(2, s.list().size());
        assertThrows(NoSuchImageException.class, () -> s.resolve("nosuch:tag"));
    }

    @Test
    void untagRemovesTheImageWithItsLastName() {
        ImageStore s = ImageStore.open(root);
        Digest a = image(s, "a", "2024-01-01T00:00:00Z");
        s.register(a, List.of(ImageReference.parse("x:1"), ImageReference.parse("x:2")));
        assertFalse(s.untag(ImageReference.parse("x:1")));
        assertEquals(List.of(ImageReference.parse("x:2")), s.resolve("x:2").tags());
        assertTrue(s.untag(ImageReference.parse("x:2")));
        assertTrue(s.list().isEmpty());
    }

    @Test
    void registerRefusesAManifestWhoseLayerIsMissing() {
        ImageStore s = ImageStore.open(root);
        Digest a = image(s, "a", "2024-01-01T00:00:00Z");
        Digest layer = Digest.sha256("a");
        s.blobs().delete(layer);
        JrunException e = assertThrows(JrunException.class, () -> s.register(a, List.of(ImageReference.parse("x"))));
        assertTrue(e.getMessage().contains(layer.toString()), e.getMessage());
        assertTrue(s.list().isEmpty());
    }

    @Test
    void gcDeletesOnlyUnreachableBlobs() {
        ImageStore s = ImageStore.open(root);
        Digest kept = image(s, "kept", "2024-01-01T00:00:00Z");
        image(s, "garbage", "2024-01-01T00:00:00Z");
        s.register(kept, List.of(ImageReference.parse("kept")));
        assertEquals(6, s.blobs().list().size());
        GarbageCollector.Result r = s.gc();
        assertEquals(3, r.blobs());
        assertEquals(3, s.blobs().list().size());
        Image img = s.resolve("kept");
        assertTrue(s.blobs().exists(img.id()));
        assertTrue(s.blobs().exists(img.layerDigests().get(0)));
        assertTrue(s.blobs().verify(kept));
    }

    @Test
    void sharedLayersAreStoredOnce() {
        ImageStore s = ImageStore.open(root);
        Digest a = image(s, "same layer", "2024-01-01T00:00:00Z");
        Digest b = image(s, "same layer", "2024-01-02T00:00:00Z");
        s.register(a, List.of(ImageReference.parse("a")));
        s.register(b, List.of(ImageReference.parse("b")));
        assertEquals(s.resolve("a").layerDigests(), s.resolve("b").layerDigests());
        assertEquals(5, s.blobs().list().size(), "one layer, two configs, two manifests");
    }

    @Test
    void tempFilesOfDeadProcessesAreRemovedOnOpen() throws Exception {
        ImageStore.open(root);
        Path dead = root.resolve("tmp/blob-999999999-1.tmp");
        Path deadDir = root.resolve("tmp/load-999999999-x");
        Files.writeString(dead, "half");
        Files.createDirectories(deadDir.resolve("sub"));
        Path mine = root.resolve("tmp/blob-" + ProcessHandle.current().pid() + "-2.tmp");
        Files.writeString(mine, "in progress");
        ImageStore.open(root);
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(deadDir));
        assertTrue(Files.exists(mine), "a live process's temp file is left alone");
    }
}
