package dev.jrun.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import dev.jrun.image.Digest;
import dev.jrun.image.Json;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad archive is refused with a message naming the problem, and the store is left as it was. */
class ArchiveBadInputTest {
    @TempDir
    Path root;

    static byte[] good() {
        return TestArchives.busyboxLike("busybox:latest");
    }

    static Map<String, byte[]> entries() {
        byte[] l1 = TestArchives.layer(Map.of("bin/sh", "sh"));
        return TestArchives.dockerArchive(List.of(l1), "busybox:latest", "2024-01-01T00:00:00Z");
    }

    static byte[] edit(Function<Map<String, byte[]>, Map<String, byte[]>> f) {
        return TestArchives.tar(f.apply(new LinkedHashMap<>(entries())));
    }

    static byte[] ociWithMissingLayer() {
        Path tmpRoot = Path.of(System.getProperty("java.io.tmpdir"), "jrun-test-" + System.nanoTime());
        try {
            return ociWithMissingLayer(ImageStore.open(tmpRoot));
        } finally {
            dev.jrun.store.FileTrees.delete(tmpRoot);
        }
    }

    private static byte[] ociWithMissingLayer(ImageStore s) {
        Image img = new ArchiveLoader(s).load(new ByteArrayInputStream(good()), "good").get(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ArchiveSaver(s).save(List.of(new ArchiveSaver.Request(img, null)), ArchiveSaver.Format.OCI_ARCHIVE, out);
        String missing = "blobs/sha256/" + img.layerDigests().get(1).hex();
        Map<String, byte[]> kept = new LinkedHashMap<>();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new ByteArrayInputStream(out.toByteArray()))) {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile() && !e.getName().equals(missing)) {
                    kept.put(e.getName(), tar.readAllBytes());
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return TestArchives.tar(kept);
    }

    static Stream<Arguments> cases() {
        byte[] g = good();
        return Stream.of(
                Arguments.of("truncated archive", Arrays.copyOf(g, g.length / 2), "truncated"),
                Arguments.of("not a tar", "this is not an archive".getBytes(StandardCharsets.UTF_8), "test.tar"),
                Arguments.of("empty file", new byte[0], "empty"),
                Arguments.of("config does not match its name", edit(m -> {
                    String cfg = m.keySet().stream().filter(k -> k.endsWith(".json") && !k.equals("manifest.json"))
                            .findFirst().orElseThrow();
                    m.put(cfg, new String(m.get(cfg), StandardCharsets.UTF_8).replace("amd64", "arm64")
                            .getBytes(StandardCharsets.UTF_8));
                    return m;
                }), "digest mismatch"),
                Arguments.of("layer does not match its diff_id", edit(m -> {
                    String layer = m.keySet().stream().filter(k -> k.endsWith("layer.tar")).findFirst().orElseThrow();
                    m.put(layer, TestArchives.layer(Map.of("bin/sh", "evil")));
                    return m;
                }), "digest mismatch for layer"),
                Arguments.of("manifest.json names a missing layer", edit(m -> {
                    m.keySet().removeIf(k -> k.endsWith("layer.tar"));
                    return m;
                }), "lacks"),
                Arguments.of("malformed manifest.json", edit(m -> {
                    m.put("manifest.json", "[{\"Config\": ".getBytes(StandardCharsets.UTF_8));
                    return m;
                }), "malformed manifest.json"),
                Arguments.of("bad tag", edit(m -> {
                    String s = new String(m.get("manifest.json"), StandardCharsets.UTF_8).replace("busybox:latest", "BusyBox:latest");
                    m.put("manifest.json", s.getBytes(StandardCharsets.UTF_8));
                    return m;
                }), "BusyBox:latest"),
                Arguments.of("OCI manifest names a missing blob", ociWithMissingLayer(), "lacks blobs/sha256/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedAndStoreUnchanged(String name, byte[] archive, String expected) throws Exception {
        ImageStore s = ImageStore.open(root);
        new ArchiveLoader(s).load(new ByteArrayInputStream(TestArchives.busyboxLike("existing:1")), "setup");
        byte[] indexBefore = Files.readAllBytes(root.resolve("index.json"));
        List<Digest> blobsBefore = s.blobs().list();
        JrunException e = assertThrows(JrunException.class,
                () -> new ArchiveLoader(s).load(new ByteArrayInputStream(archive), "test.tar"));
        assertTrue(e.getMessage().contains(expected), "message \"" + e.getMessage() + "\" should name " + expected);
        assertArrayEquals(indexBefore, Files.readAllBytes(root.resolve("index.json")));
        assertEquals(blobsBefore.size(), s.blobs().list().size(), "no blob of the refused archive entered the store");
        try (var tmp = Files.list(root.resolve("tmp"))) {
            assertEquals(0, tmp.count(), "no staging files left");
        }
        assertEquals(1, s.list().size());
    }
}
