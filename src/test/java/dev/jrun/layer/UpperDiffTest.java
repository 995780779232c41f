package dev.jrun.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jrun.linux.LinuxFileSystemOps;
import dev.jrun.linux.OverlayMounter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpperDiffTest {
    @TempDir
    Path tmp;
    private final FileSystemOps ops = new LinuxFileSystemOps();

    private Path sampleUpper(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("etc/conf.d"));
        Files.writeString(dir.resolve("etc/hosts"), "127.0.0.1 localhost\n");
        Files.writeString(dir.resolve("etc/conf.d/a"), "a");
        Files.createLink(dir.resolve("etc/conf.d/a-link"), dir.resolve("etc/conf.d/a"));
        Files.createSymbolicLink(dir.resolve("etc/alias"), Path.of("hosts"));
        Files.writeString(dir.resolve("suid"), "#!/bin/sh\n");
        ops.chmod(dir.resolve("suid"), 04755);
        ops.setXattr(dir.resolve("etc/hosts"), "user.note", "hello".getBytes());
        for (Path p : List.of(dir.resolve("etc/hosts"), dir.resolve("etc/conf.d/a"), dir.resolve("suid"),
                dir.resolve("etc/conf.d"), dir.resolve("etc"))) {
            Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_000L));
        }
        return dir;
    }

    @Test
    void sameContentGivesSameDigests() throws IOException, InterruptedException {
        Path upper = sampleUpper(tmp.resolve("u1"));
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        LayerDigests d1 = new UpperDiff(ops).writeLayer(upper, first, true);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(d1, new UpperDiff(ops).writeLayer(upper, again, true));
        Path copy = tmp.resolve("u2");
        assertEquals(0, new ProcessBuilder("cp", "-a", upper.toString(), copy.toString()).inheritIO().start().waitFor());
        assertEquals(d1, new UpperDiff(ops).writeLayer(copy, new ByteArrayOutputStream(), true));

        assertEquals("sha256:" + TreeSnapshot.sha(first.toByteArray()), d1.digest());
        assertEquals(first.size(), d1.size());
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(first.toByteArray())).readAllBytes();
        assertEquals("sha256:" + TreeSnapshot.sha(tar), d1.diffId());
        LayerDigests plain = new UpperDiff(ops).writeLayer(upper, new ByteArrayOutputStream(), false);
        assertEquals(d1.diffId(), plain.diffId());
        assertEquals(plain.diffId(), plain.digest());

        Files.writeString(copy.resolve("etc/conf.d/a"), "b");
        Files.setLastModifiedTime(copy.resolve("etc/conf.d/a"), FileTime.fromMillis(1_700_000_000_000L));
        assertNotEquals(d1, new UpperDiff(ops).writeLayer(copy, new ByteArrayOutputStream(), true));
    }

    @Test
    void layerTarUnpacksToTheSameTree() throws IOException {
        Path upper = sampleUpper(tmp.resolve("upper"));
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        LayerDigests d = new UpperDiff(ops).writeLayer(upper, blob, true);
        Path out = tmp.resolve("out");
        UnpackResult r = new LayerUnpacker(ops).unpackAtomically(new ByteArrayInputStream(blob.toByteArray()), out,
                UnpackOptions.flatten(ops.privileged()).withExpectedDigest(d.digest()));
        assertEquals(d.diffId(), r.diffId());
        assertEquals(Compression.GZIP, r.compression());
        assertEquals(TreeSnapshot.of(upper, true), TreeSnapshot.of(out, true));
        assertEquals(UpperEntry.read(out.resolve("etc/conf.d/a")).orElseThrow().ino(),
                UpperEntry.read(out.resolve("etc/conf.d/a-link")).orElseThrow().ino(), "hard link kept");
        assertEquals("hello", new String(ops.getXattr(out.resolve("etc/hosts"), "user.note").orElseThrow()));
    }

    @Test
    @Tag("root")
    void commitOfAnOverlayContainerRoundTrips() throws IOException {
        byte[] base = TarBuilder.tar().dir("etc").file("etc/keep", "k").file("etc/gone", "g").dir("var/cache")
                .file("var/cache/old1", "1").file("var/cache/old2", "2").file("bin/tool", "t", e -> e.setMode(0755))
                .bytes();
        Path lower = tmp.resolve("lower");
        LayerUnpacker unpacker = new LayerUnpacker(ops);
        unpacker.unpackAtomically(new ByteArrayInputStream(base), lower, UnpackOptions.overlay(true));
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        OverlayMounter mounter = new OverlayMounter();
        mounter.mount(List.of(lower), upper, work, root);
        try {
            Files.delete(root.resolve("etc/gone"));
            Files.writeString(root.resolve("etc/new"), "n");
            Files.writeString(root.resolve("bin/tool"), "t2");
            Files.delete(root.resolve("var/cache/old1"));
            Files.delete(root.resolve("var/cache/old2"));
            Files.delete(root.resolve("var/cache"));
            Files.createDirectory(root.resolve("var/cache"));
            Files.writeString(root.resolve("var/cache/fresh"), "f");
        } finally {
            mounter.unmount(root);
        }
        List<String> changes = new UpperDiff(ops).changes(upper, List.of(lower)).stream().map(Change::toString).toList();
        assertEquals(List.of("C /bin", "C /bin/tool", "C /etc", "D /etc/gone", "A /etc/new", "C /var", "C /var/cache",
                "A /var/cache/fresh", "D /var/cache/old1", "D /var/cache/old2"), changes);

        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        new UpperDiff(ops).writeLayer(upper, blob, true);
        Path flat = Files.createDirectory(tmp.resolve("flat"));
        unpacker.unpack(new ByteArrayInputStream(base), flat, UnpackOptions.flatten(true));
        unpacker.unpack(new ByteArrayInputStream(blob.toByteArray()), flat, UnpackOptions.flatten(true));

        mounter.mount(List.of(upper, lower), null, null, root);
        try {
            assertEquals(TreeSnapshot.of(root, false), TreeSnapshot.of(flat, false));
        } finally {
            mounter.unmount(root);
        }
    }
}
