package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.cli.CliRunner;
import dev.jrun.image.ImageConfig;
import dev.jrun.store.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --squash and reproducible builds (--timestamp / SOURCE_DATE_EPOCH). */
class BuildOutputTest {
    @TempDir
    Path tmp;

    @Test
    void squashMergesTheBuildsLayersWithDeletionsApplied() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.write("a.txt", "a");
        f.write("b.txt", "b");
        f.write("gone.tar", "");
        f.dockerfile("""
                FROM base
                COPY a.txt /app/a.txt
                COPY b.txt /app/b.txt
                COPY b.txt /app/a.txt
                ENV X=1
                """);
        CliRunner.Result plain = f.build("-t", "layered");
        assertEquals(0, plain.exitCode(), plain.err());
        CliRunner.Result r = f.build("--squash", "-t", "squashed");
        assertEquals(0, r.exitCode(), r.err());
        Image layered = f.image("layered");
        Image sq = f.image("squashed");
        assertEquals(4, layered.manifest().layers().size());
        assertEquals(2, sq.manifest().layers().size(), "base layer + one merged layer");
        assertEquals(layered.layerDigests().get(0), sq.layerDigests().get(0));
        Map<String, BuildFixture.Entry> merged = f.layer(sq, 1);
        assertEquals("b", merged.get("app/a.txt").content(), "the last write wins");
        assertEquals("b", merged.get("app/b.txt").content());
        long nonEmpty = sq.config().history().stream().filter(h -> !h.isEmptyLayer()).count();
        assertEquals(2, nonEmpty);
        assertEquals("jrun build --squash", sq.config().history().get(sq.config().history().size() - 1).createdBy());
    }

    @Test
    void squashKeepsWhiteoutsOfDeletedFiles() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        FsTree t = new FsTree(Files.createDirectories(tmp.resolve("scratch")), true);
        var blobs = f.store().blobs();
        FsEntry file = new FsEntry("etc/new", FsEntry.Kind.FILE, 0644, 0, 0, 0, null, null, 0);
        var l1 = LayerWriter.write(blobs, java.util.List.of(FsEntry.dir("etc", 0), file), java.util.List.of(), null);
        var l2 = LayerWriter.write(blobs, java.util.List.of(), java.util.List.of("etc/new", "etc/old.txt"), null);
        for (var l : java.util.List.of(l1, l2)) {
            try (var in = StageState.uncompressed(blobs.open(l.descriptor().digest()))) {
                t.apply(in, "test");
            }
        }
        assertFalse(t.get("etc/new").isPresent(), "created then deleted: gone");
        assertTrue(t.whiteouts().contains("etc/old.txt"), "deleting a base file keeps its whiteout");
    }

    @Test
    void timestampGivesTheSameDigestAcrossUncachedBuilds() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.write("app/index.html", "<h1>hi</h1>");
        f.dockerfile("FROM base\nCOPY app /www\nWORKDIR /www\nCMD [\"ls\"]\n");
        CliRunner.Result one = f.build("--no-cache", "--timestamp", "1700000000", "-t", "r1");
        assertEquals(0, one.exitCode(), one.err());
        Files.setLastModifiedTime(f.context.resolve("app/index.html"), FileTime.fromMillis(System.currentTimeMillis()));
        Thread.sleep(1100);
        CliRunner.Result two = f.build("--no-cache", "--timestamp", "1700000000", "-t", "r2");
        assertEquals(0, two.exitCode(), two.err());
        Image a = f.image("r1");
        Image b = f.image("r2");
        assertEquals(a.manifestDigest(), b.manifestDigest());
        assertEquals("2023-11-14T22:13:20Z", a.config().created());
        for (ImageConfig.History h : a.config().history().subList(1, a.config().history().size())) {
            assertEquals("2023-11-14T22:13:20Z", h.created());
        }
        CliRunner.Result other = f.build("--no-cache", "--timestamp", "1700000001", "-t", "r3");
        assertEquals(0, other.exitCode());
        assertNotEquals(a.manifestDigest(), f.image("r3").manifestDigest());
    }

    @Test
    void layerWriterIsDeterministic() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        Path c = Files.writeString(tmp.resolve("content"), "x".repeat(1000));
        String longName = "d/" + "n".repeat(150);
        var entries = java.util.List.of(FsEntry.dir("d", 5),
                new FsEntry(longName, FsEntry.Kind.FILE, 0644, 1, 2, 1000, null, c, 99));
        var one = LayerWriter.write(f.store().blobs(), entries, java.util.List.of(), null);
        Thread.sleep(1100);
        var two = LayerWriter.write(f.store().blobs(), java.util.List.of(entries.get(1), entries.get(0)),
                java.util.List.of(), null);
        assertEquals(one, two);
        var clamped = LayerWriter.write(f.store().blobs(), entries, java.util.List.of(), 50L);
        assertNotEquals(one.diffId(), clamped.diffId());
    }
}
