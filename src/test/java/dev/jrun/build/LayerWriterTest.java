package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.store.BlobStore;
import dev.jrun.store.StorePaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers written with the hand-made tar headers read back the same through commons-compress and GNU tar. */
class LayerWriterTest {
    @TempDir
    Path tmp;

    @Test
    void everyKindAndEveryPaxCaseReadsBack() throws Exception {
        BlobStore blobs = new BlobStore(new StorePaths(tmp.resolve("store")));
        Path content = Files.writeString(tmp.resolve("c"), "hello\n");
        String longName = "d/" + "x".repeat(150) + "/file.txt";
        String unicode = "d/caf\u00e9-\u65e5\u672c.txt";
        String longLink = "/" + "t".repeat(120);
        List<FsEntry> entries = List.of(
                new FsEntry("d", FsEntry.Kind.DIR, 0755, 0, 0, 0, null, null, 1_700_000_000L),
                new FsEntry(longName, FsEntry.Kind.FILE, 04755, 3_000_000, 7, 6, null, content, 1_700_000_001L),
                new FsEntry(unicode, FsEntry.Kind.FILE, 0644, 0, 0, 6, null, content, 1_700_000_002L),
                new FsEntry("d/hard", FsEntry.Kind.HARDLINK, 0644, 0, 0, 0, unicode, null, 1_700_000_003L),
                new FsEntry("d/sym", FsEntry.Kind.SYMLINK, 0777, 0, 0, 0, longLink, null, 1_700_000_004L),
                new FsEntry("d/null", FsEntry.Kind.CHAR, 0666, 0, 0, 0, "1:3", null, 1_700_000_005L),
                new FsEntry("d/fifo", FsEntry.Kind.FIFO, 0600, 0, 0, 0, null, null, 1_700_000_006L),
                new FsEntry("d/empty", FsEntry.Kind.FILE, 0600, 0, 0, 0, null, null, 1_700_000_007L));
        LayerWriter.Layer layer = LayerWriter.write(blobs, entries, List.of("gone", "d/opq/.wh..wh..opq"), null);
        List<LayerIndex.Change> scanned;
        Map<String, String> contents = new HashMap<>();
        try (InputStream in = StageState.uncompressed(blobs.open(layer.descriptor().digest()))) {
            byte[] tar = in.readAllBytes();
            scanned = LayerIndex.scan(new java.io.ByteArrayInputStream(tar));
            try (TarArchiveInputStream t = new TarArchiveInputStream(new java.io.ByteArrayInputStream(tar))) {
                TarArchiveEntry e;
                while ((e = t.getNextEntry()) != null) {
                    contents.put(e.getName(), new String(t.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            assertEquals(layer.diffId(), dev.jrun.image.Digest.sha256(new java.io.ByteArrayInputStream(tar)));
        }
        assertEquals(scanned, layer.changes(), "the index the writer returns is what the tar says");
        assertEquals(10, scanned.size());
        assertEquals("hello\n", contents.get(longName));
        assertEquals("hello\n", contents.get(unicode));
        FsEntry big = scanned.stream().filter(c -> c.path().equals(longName)).findFirst().orElseThrow().entry();
        assertEquals(List.of(04755, 3_000_000, 7, 6L, 1_700_000_001L),
                List.of(big.mode(), big.uid(), big.gid(), big.size(), big.mtime()));
        FsEntry sym = scanned.stream().filter(c -> c.path().equals("d/sym")).findFirst().orElseThrow().entry();
        assertEquals(longLink, sym.linkTarget());

        Path gz = tmp.resolve("layer.tar.gz");
        try (InputStream in = blobs.open(layer.descriptor().digest())) {
            Files.copy(in, gz);
        }
        Process p = new ProcessBuilder("tar", "-tvzf", gz.toString()).redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), listing);
        assertTrue(listing.contains(longName) && listing.contains(unicode) && listing.contains("-> " + longLink)
                && listing.contains("link to " + unicode) && listing.contains("3000000/7"), listing);
    }

    @Test
    void sameEntriesSameDigest() throws IOException {
        BlobStore blobs = new BlobStore(new StorePaths(tmp.resolve("store")));
        List<FsEntry> e = List.of(new FsEntry("a", FsEntry.Kind.DIR, 0755, 0, 0, 0, null, null, 5));
        assertEquals(LayerWriter.write(blobs, e, List.of(), null), LayerWriter.write(blobs, e, List.of(), null));
    }
}
