package dev.jrun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.archive.TestArchives;
import dev.jrun.cli.CliRunner;
import dev.jrun.image.Digest;
import dev.jrun.store.ImageStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL a jrun load at several moments: the store must stay usable and the next load must succeed. */
class KillDuringLoadTest {
    private static final int LAYER_MB = 160;

    @TempDir
    Path dir;

    @Test
    void killedLoadLeavesAConsistentStore() throws Exception {
        Path archive = bigArchive();
        Path root = dir.resolve("store");
        CliRunner jrun = new CliRunner(root);
        int killedMidway = 0;
        for (long delayMs : new long[] {400, 900, 1500, 2500}) {
            Process p = new ProcessBuilder(Tools.jrunCommand(root, "load", "-i", archive.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            boolean finished = p.waitFor(delayMs, TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                killedMidway++;
            }
            CliRunner.Result images = jrun.run("images");
            assertEquals(0, images.exitCode(), "images after a kill at " + delayMs + " ms: " + images.err());
            verifyAllBlobs(root);
        }
        assertTrue(killedMidway > 0, "at least one load was killed before it finished");
        CliRunner.Result r = jrun.run("load", "-i", archive.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("Loaded image: big:1\n", r.out());
        verifyAllBlobs(root);
        ImageStore.open(root).gc();
        try (var tmp = Files.list(root.resolve("tmp"))) {
            assertEquals(List.of(), tmp.toList(), "the dead loads' staging files were cleaned");
        }
    }

    private static void verifyAllBlobs(Path root) {
        ImageStore s = ImageStore.open(root);
        for (Digest d : s.blobs().list()) {
            assertTrue(s.blobs().verify(d), "blob " + d + " matches its name");
        }
    }

    /** A docker-archive whose one layer holds LAYER_MB of incompressible data. */
    private Path bigArchive() throws IOException {
        Path layer = dir.resolve("layer.tar");
        Random rnd = new Random(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream o = Files.newOutputStream(layer); TarArchiveOutputStream tar = new TarArchiveOutputStream(o)) {
            TarArchiveEntry e = new TarArchiveEntry("data.bin");
            e.setSize((long) LAYER_MB << 20);
            tar.putArchiveEntry(e);
            for (int i = 0; i < LAYER_MB; i++) {
                rnd.nextBytes(chunk);
                tar.write(chunk);
            }
            tar.closeArchiveEntry();
        }
        Digest diffId;
        try (var in = Files.newInputStream(layer)) {
            diffId = Digest.sha256(in);
        }
        byte[] small = TestArchives.layer(Map.of("bin/sh", "sh"));
        Map<String, byte[]> entries = TestArchives.dockerArchive(List.of(small), "big:1", "2024-01-01T00:00:00Z");
        // swap the small layer for the big one: rewrite config and manifest with the big layer's diff id
        String cfg = new String(entries.values().iterator().next(), java.nio.charset.StandardCharsets.UTF_8)
                .replace(Digest.sha256(small).toString(), diffId.toString());
        byte[] cfgBytes = cfg.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String cfgName = Digest.sha256(cfgBytes).hex() + ".json";
        String manifest = "[{\"Config\":\"" + cfgName + "\",\"RepoTags\":[\"big:1\"],\"Layers\":[\"" + diffId.hex()
                + "/layer.tar\"]}]";
        Path archive = dir.resolve("big.tar");
        try (OutputStream o = Files.newOutputStream(archive); TarArchiveOutputStream tar = new TarArchiveOutputStream(o)) {
            Map<String, Object> files = new LinkedHashMap<>();
            files.put(cfgName, cfgBytes);
            files.put(diffId.hex() + "/layer.tar", layer);
            files.put("manifest.json", manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (var f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                if (f.getValue() instanceof Path p) {
                    e.setSize(Files.size(p));
                    tar.putArchiveEntry(e);
                    Files.copy(p, tar);
                } else {
                    byte[] b = (byte[]) f.getValue();
                    e.setSize(b.length);
                    tar.putArchiveEntry(e);
                    tar.write(b);
                }
                tar.closeArchiveEntry();
            }
        }
        Files.delete(layer);
        return archive;
    }
}
