package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import dev.jrun.cli.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer indexes: round trip, torn files, and a tree merged from indexes equal to one merged from the tars. */
class LayerIndexTest {
    @TempDir
    Path tmp;

    private static byte[] tar(TarWriter w) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bos)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            w.write(tar);
        }
        return bos.toByteArray();
    }

    interface TarWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte flag, int mode, String content, String link)
            throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, flag);
        e.setMode(mode);
        e.setUserId(1000);
        e.setGroupId(50);
        e.setModTime(1_700_000_000_000L);
        if (link != null) {
            e.setLinkName(link);
        }
        byte[] b = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    private static final List<byte[]> LAYERS = new ArrayList<>();

    static {
        try {
            LAYERS.add(tar(t -> {
                put(t, "./", TarConstants.LF_DIR, 040755, null, null);
                put(t, "etc/", TarConstants.LF_DIR, 040755, null, null);
                put(t, "etc/passwd", TarConstants.LF_NORMAL, 0100644, "root:x:0:0::/root:/bin/sh\n", null);
                put(t, "bin/", TarConstants.LF_DIR, 040755, null, null);
                put(t, "bin/busybox", TarConstants.LF_NORMAL, 0104755, "elf", null);
                put(t, "bin/sh", TarConstants.LF_LINK, 0100755, null, "bin/busybox");
                put(t, "bin/ls", TarConstants.LF_SYMLINK, 0120777, null, "busybox");
                put(t, "dev/", TarConstants.LF_DIR, 040755, null, null);
                put(t, "dev/null", TarConstants.LF_CHR, 020666, null, null);
                put(t, "old/", TarConstants.LF_DIR, 040700, null, null);
                put(t, "old/gone.txt", TarConstants.LF_NORMAL, 0100600, "gone", null);
                put(t, "opq/", TarConstants.LF_DIR, 040755, null, null);
                put(t, "opq/before.txt", TarConstants.LF_NORMAL, 0100644, "before", null);
                put(t, "d/" + "long".repeat(40) + ".txt", TarConstants.LF_NORMAL, 0100644, "long name", null);
            }));
            LAYERS.add(tar(t -> {
                put(t, "etc/passwd", TarConstants.LF_NORMAL, 0100640, "root:x:0:0::/root:/bin/sh\napp:x:7:8::/:/\n",
                        null);
                put(t, ".wh.old", TarConstants.LF_NORMAL, 0100644, null, null);
                put(t, "opq/.wh..wh..opq", TarConstants.LF_NORMAL, 0100644, null, null);
                put(t, "opq/after.txt", TarConstants.LF_NORMAL, 0100644, "after", null);
                put(t, "etc/passwd", TarConstants.LF_NORMAL, 0100644, "root:x:0:0::/root:/bin/sh\napp:x:1:2::/:/\n",
                        null);
            }));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void roundTripsAndIgnoresTornFiles() throws IOException {
        List<LayerIndex.Change> changes = LayerIndex.scan(new ByteArrayInputStream(LAYERS.get(1)));
        assertEquals(List.of(LayerIndex.Op.ENTRY, LayerIndex.Op.WHITEOUT, LayerIndex.Op.OPAQUE, LayerIndex.Op.ENTRY,
                LayerIndex.Op.ENTRY), changes.stream().map(LayerIndex.Change::op).toList());
        assertEquals("old", changes.get(1).path());
        assertEquals("opq", changes.get(2).path());
        Path f = tmp.resolve("trees/x");
        LayerIndex.write(f, changes);
        assertEquals(Optional.of(changes), LayerIndex.read(f));
        byte[] whole = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(whole, whole.length - 3));
        assertEquals(Optional.empty(), LayerIndex.read(f), "a torn index is not used");
        Files.write(f, "not an index".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), LayerIndex.read(f));
        assertEquals(Optional.empty(), LayerIndex.read(tmp.resolve("missing")));
    }

    @Test
    void treeFromIndexesEqualsTreeFromTarsAndReadsContentsOnDemand() throws IOException {
        FsTree eager = new FsTree(Files.createDirectory(tmp.resolve("eager")), false);
        for (byte[] l : LAYERS) {
            eager.apply(new ByteArrayInputStream(l), "layer");
        }
        FsTree lazy = new FsTree(Files.createDirectory(tmp.resolve("lazy")), false);
        Map<Integer, Integer> reads = new HashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            List<LayerIndex.Change> changes = LayerIndex.scan(new ByteArrayInputStream(LAYERS.get(i)));
            lazy.apply(changes, i, (layer, paths, dir) -> {
                reads.merge(layer, 1, Integer::sum);
                Map<String, Path> out = new HashMap<>();
                try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(LAYERS.get(layer)))) {
                    TarArchiveEntry e;
                    int n = 0;
                    while ((e = in.getNextEntry()) != null) {
                        if (paths.contains(FsEntry.clean(e.getName())) && e.isFile()) {
                            Path p = dir.resolve("x" + layer + "-" + n++);
                            Files.write(p, in.readAllBytes());
                            out.put(FsEntry.clean(e.getName()), p);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return out;
            });
        }
        assertEquals(eager.entries().keySet(), lazy.entries().keySet());
        for (FsEntry e : eager.entries().values()) {
            FsEntry l = lazy.get(e.path()).orElseThrow();
            assertEquals(e.kind(), l.kind(), e.path());
            assertEquals(List.of(e.mode(), e.uid(), e.gid(), e.size(), e.mtime()),
                    List.of(l.mode(), l.uid(), l.gid(), l.size(), l.mtime()), e.path());
            assertEquals(e.linkTarget(), l.linkTarget(), e.path());
        }
        assertFalse(lazy.get("old").isPresent());
        assertFalse(lazy.get("opq/before.txt").isPresent());
        assertTrue(reads.isEmpty(), "no content read before it is asked for");
        assertNull(lazy.get("etc/passwd").orElseThrow().content());
        assertEquals(eager.readText("/etc/passwd"), lazy.readText("/etc/passwd"));
        assertTrue(lazy.readText("/etc/passwd").orElseThrow().contains("app:x:1:2"), "the last copy in the tar wins");
        List<FsEntry> bin = lazy.withContent(lazy.under("bin"));
        assertEquals("elf", Files.readString(lazy.content(lazy.get("bin/sh").orElseThrow())), "hard link followed");
        assertEquals("elf", Files.readString(bin.get(1).content()));
        assertEquals("long name", lazy.readText("d/" + "long".repeat(40) + ".txt").orElseThrow());
        assertEquals(Map.of(0, 2, 1, 1), reads, "one read per layer and request, never more");
    }

    @Test
    void theIndexABuildWritesForItsLayerIsWhatTheLayerTarSays() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile("FROM base\nCOPY . /app/\nWORKDIR /srv/www\nCOPY --chown=app <<EOF /srv/www/x\nx\nEOF\n");
        f.write("a.txt", "a\n");
        f.write("sub/b.txt", "b\n");
        CliRunner.Result r = f.build("-t", "app");
        assertEquals(0, r.exitCode(), r.err());
        dev.jrun.store.Image img = f.image("app");
        for (int i = 0; i < img.manifest().layers().size(); i++) {
            Path index = f.store().paths().buildTree(img.config().diffIds().get(i));
            List<LayerIndex.Change> scanned;
            try (var in = StageState.uncompressed(f.store().blobs().open(img.manifest().layers().get(i).digest()))) {
                scanned = LayerIndex.scan(in);
            }
            assertEquals(Optional.of(scanned), LayerIndex.read(index), "layer " + i);
        }
    }
}
