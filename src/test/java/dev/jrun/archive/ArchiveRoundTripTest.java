package dev.jrun.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.Digest;
import dev.jrun.image.ImageReference;
import dev.jrun.image.MediaTypes;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

class ArchiveRoundTripTest {
    @TempDir
    Path dir;

    private static List<Image> load(ImageStore s, byte[] archive) {
        return new ArchiveLoader(s).load(new ByteArrayInputStream(archive), "test.tar");
    }

    private static byte[] save(ImageStore s, Image img, ArchiveSaver.Format f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ArchiveSaver(s).save(List.of(new ArchiveSaver.Request(img, null)), f, out);
        return out.toByteArray();
    }

    @Test
    void dockerArchiveLoadsWithItsTagAndLayers() {
        ImageStore s = ImageStore.open(dir.resolve("a"));
        Image img = load(s, TestArchives.busyboxLike("busybox:latest")).get(0);
        assertEquals(List.of(ImageReference.parse("busybox")), img.tags());
        assertEquals(2, img.manifest().layers().size());
        assertEquals(img.config().diffIds(), img.layerDigests(), "uncompressed layers: blob digest = diffID");
        assertEquals(MediaTypes.OCI_LAYER, img.manifest().layers().get(0).mediaType());
        assertEquals(img.id(), s.resolve("busybox").id());
        for (Digest d : img.layerDigests()) {
            assertTrue(s.blobs().verify(d));
        }
    }

    @Test
    void dockerArchiveRoundTripKeepsTheImageId() {
        ImageStore a = ImageStore.open(dir.resolve("a"));
        Image img = load(a, TestArchives.busyboxLike("busybox:latest")).get(0);
        byte[] saved = save(a, img, ArchiveSaver.Format.DOCKER_ARCHIVE);
        assertArrayEquals(saved, save(a, img, ArchiveSaver.Format.DOCKER_ARCHIVE), "save is reproducible");
        ImageStore b = ImageStore.open(dir.resolve("b"));
        Image again = load(b, saved).get(0);
        assertEquals(img.id(), again.id());
        assertEquals(img.config().diffIds(), again.config().diffIds());
        assertEquals(img.tags(), again.tags());
    }

    @Test
    void ociArchiveRoundTripKeepsTheManifestDigest() {
        ImageStore a = ImageStore.open(dir.resolve("a"));
        Image img = load(a, TestArchives.busyboxLike("localhost:5000/team/app:v1")).get(0);
        byte[] saved = save(a, img, ArchiveSaver.Format.OCI_ARCHIVE);
        ImageStore b = ImageStore.open(dir.resolve("b"));
        Image again = load(b, saved).get(0);
        assertEquals(img.manifestDigest(), again.manifestDigest());
        assertEquals(List.of(ImageReference.parse("localhost:5000/team/app:v1")), again.tags());
    }

    @Test
    void gzipLayersInADockerArchiveAreVerifiedAgainstTheirDiffId() throws Exception {
        byte[] layer = TestArchives.layer(Map.of("etc/hostname", "box\n"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(layer);
        }
        Map<String, byte[]> entries = TestArchives.dockerArchive(List.of(layer), "gz:1", "2024-01-01T00:00:00Z");
        Map<String, byte[]> swapped = new LinkedHashMap<>();
        entries.forEach((k, v) -> swapped.put(k, k.endsWith("layer.tar") ? gz.toByteArray() : v));
        ImageStore s = ImageStore.open(dir.resolve("a"));
        Image img = load(s, TestArchives.tar(swapped)).get(0);
        assertEquals(MediaTypes.OCI_LAYER_GZIP, img.manifest().layers().get(0).mediaType());
        assertEquals(Digest.sha256(gz.toByteArray()), img.layerDigests().get(0));
        assertEquals(Digest.sha256(layer), img.config().diffIds().get(0));
        // saving as docker-archive expands the layer again, and reloading gives the same image id
        Image again = load(ImageStore.open(dir.resolve("b")), save(s, img, ArchiveSaver.Format.DOCKER_ARCHIVE)).get(0);
        assertEquals(img.id(), again.id());
        assertEquals(Digest.sha256(layer), again.layerDigests().get(0));
    }

    @Test
    void identicalLayersOfTwoImagesAreStoredOnce() {
        byte[] base = TestArchives.layer(Map.of("bin/sh", "sh"));
        byte[] top1 = TestArchives.layer(Map.of("a", "1"));
        byte[] top2 = TestArchives.layer(Map.of("b", "2"));
        ImageStore s = ImageStore.open(dir.resolve("a"));
        load(s, TestArchives.tar(TestArchives.dockerArchive(List.of(base, top1), "one:1", "2024-01-01T00:00:00Z")));
        load(s, TestArchives.tar(TestArchives.dockerArchive(List.of(base, top2), "two:1", "2024-01-01T00:00:00Z")));
        // 3 distinct layers + 2 configs + 2 manifests
        assertEquals(7, s.blobs().list().size());
    }
}
