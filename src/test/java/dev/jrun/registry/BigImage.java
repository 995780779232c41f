package dev.jrun.registry;

import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.Json;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import dev.jrun.store.BlobStore;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import dev.jrun.store.StoreLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** An image with one big incompressible layer, written straight into a store (no archive in memory). */
final class BigImage {
    private BigImage() {
    }

    static Image create(ImageStore store, String tag, long bytes) throws IOException {
        Path tar = Files.createTempFile(store.paths().root(), "big", ".tar");
        try {
            try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
                t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                TarArchiveEntry e = new TarArchiveEntry("data/big.bin");
                e.setSize(bytes);
                t.putArchiveEntry(e);
                Random r = new Random(42);
                byte[] buf = new byte[1 << 16];
                for (long left = bytes; left > 0; left -= buf.length) {
                    r.nextBytes(buf);
                    t.write(buf, 0, (int) Math.min(buf.length, left));
                }
                t.closeArchiveEntry();
            }
            BlobStore blobs = store.blobs();
            try (StoreLock l = store.lease(); InputStream in = Files.newInputStream(tar)) {
                BlobStore.Blob layer = blobs.put(in, null, tar.toString());
                ImageConfig.ContainerConfig cc = new ImageConfig.ContainerConfig(null, null, List.of("PATH=/bin"),
                        null, List.of("sh"), null, "/", null, null, null, null, null, null);
                byte[] cfg = Json.bytes(new ImageConfig("2024-01-01T00:00:00Z", null, "amd64", "linux", null, null,
                        cc, ImageConfig.RootFs.layers(List.of(layer.digest())), List.of()));
                BlobStore.Blob c = blobs.put(cfg);
                byte[] m = Json.bytes(Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, c.digest(), c.size()),
                        List.of(Descriptor.of(MediaTypes.OCI_LAYER, layer.digest(), layer.size()))));
                Digest md = blobs.put(m).digest();
                return store.register(md, List.of(dev.jrun.image.ImageReference.parse(tag)));
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /** Waits until a temp file over 1 MiB appears in tmpDir while p runs; false if p ended first. */
    static boolean waitForPartialBlob(Path tmpDir, Process p, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.isDirectory(tmpDir)) {
                try (var s = Files.list(tmpDir)) {
                    if (s.anyMatch(f -> {
                        try {
                            return Files.size(f) > (1 << 20);
                        } catch (IOException e) {
                            return false;
                        }
                    })) {
                        return true;
                    }
                }
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** A child JVM running jrun from this test's class path. */
    static List<String> jrunCommand(Path root, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.jrun.cli.Main",
                "--root", root.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
