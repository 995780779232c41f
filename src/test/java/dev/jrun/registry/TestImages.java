package dev.jrun.registry;

import dev.jrun.archive.ArchiveLoader;
import dev.jrun.archive.TestArchives;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageIndex;
import dev.jrun.image.Json;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import dev.jrun.image.Platform;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Images for registry tests: published into a FakeRegistry or loaded into a store. */
final class TestImages {
    private TestImages() {
    }

    static byte[] layer(String name, String content) {
        return TestArchives.layer(Map.of(name, content));
    }

    static final byte[] BASE = layer("bin/sh", "#!fake shell\n");
    static final byte[] APP = layer("app/hello.txt", "hello\n");

    /** Publishes an OCI image with these layers under repo:tag; returns its manifest bytes. */
    static byte[] publish(FakeRegistry reg, String repo, String tag, List<byte[]> layers) {
        byte[] cfg = TestArchives.config(layers, "2024-01-01T00:00:00Z");
        reg.putBlob(repo, cfg);
        List<Descriptor> ds = new ArrayList<>();
        for (byte[] l : layers) {
            reg.putBlob(repo, l);
            ds.add(Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(l), l.length));
        }
        byte[] m = Json.bytes(Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(cfg), cfg.length), ds));
        if (tag != null) {
            reg.putManifest(repo, tag, m, MediaTypes.OCI_MANIFEST);
        }
        return m;
    }

    /** Publishes an index with one image per platform (each with its own layer) under repo:tag. */
    static byte[] publishIndex(FakeRegistry reg, String repo, String tag, List<Platform> platforms) {
        List<Descriptor> entries = new ArrayList<>();
        for (Platform p : platforms) {
            byte[] m = publish(reg, repo, null, List.of(layer("etc/arch", p.toString())));
            reg.putManifest(repo, Digest.sha256(m).toString(), m, MediaTypes.OCI_MANIFEST);
            entries.add(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(m), m.length).withPlatform(p));
        }
        byte[] idx = Json.bytes(ImageIndex.oci(entries));
        reg.putManifest(repo, tag, idx, MediaTypes.OCI_INDEX);
        return idx;
    }

    /** Loads a docker-archive of these layers, tagged tag, into the store. */
    static Image load(ImageStore store, String tag, List<byte[]> layers) {
        byte[] archive = TestArchives.tar(TestArchives.dockerArchive(layers, tag, "2024-01-01T00:00:00Z"));
        return new ArchiveLoader(store).load(new ByteArrayInputStream(archive), "test").get(0);
    }

    /** Options for tests: the given auth file, quick retries. */
    static RegistryOptions options(Path authfile) {
        return RegistryOptions.defaults().withConfig(new DockerConfig(authfile))
                .withRetries(3, java.time.Duration.ofMillis(20));
    }

    /** Files left in the store's tmp dir (must be none after any pull, failed or not). */
    static long tempFiles(ImageStore store) throws Exception {
        Path tmp = store.paths().tmp();
        if (!Files.exists(tmp)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return s.count();
        }
    }
}
