package dev.jrun.layer;

import static dev.jrun.layer.TarBuilder.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import dev.jrun.linux.LinuxFileSystemOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerUnpackerTest {
    @TempDir
    Path tmp;
    private final FileSystemOps ops = new LinuxFileSystemOps();

    private static byte[] compress(byte[] tar, Compression c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = switch (c) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out);
            case ZSTD -> new ZstdOutputStream(out);
        }) {
            z.write(tar);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void detectsCompressionAndMeasuresDigests(Compression c) throws IOException {
        byte[] big = new byte[3_000_000];
        new Random(1).nextBytes(big);
        byte[] tar = tar().file("big", new String(big, java.nio.charset.StandardCharsets.ISO_8859_1)).file("small", "s").bytes();
        byte[] blob = compress(tar, c);
        UnpackResult r = new LayerUnpacker(ops).unpack(new ByteArrayInputStream(blob), Files.createDirectory(tmp.resolve("o")),
                UnpackOptions.flatten(false).withExpectedDigest("sha256:" + TreeSnapshot.sha(blob)));
        assertEquals(c, r.compression());
        assertEquals("sha256:" + TreeSnapshot.sha(tar), r.diffId());
        assertEquals("sha256:" + TreeSnapshot.sha(blob), r.digest());
        assertEquals(blob.length, r.compressedSize());
        assertEquals(tar.length, r.uncompressedSize());
        assertEquals(2, r.entries());
        assertEquals("s", Files.readString(tmp.resolve("o/small")));
        assertEquals(TreeSnapshot.sha(new String(big, java.nio.charset.StandardCharsets.ISO_8859_1)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), TreeSnapshot.sha(Files.readAllBytes(tmp.resolve("o/big"))));
    }

    @Test
    void wrongDigestLeavesNoDirectory() throws IOException {
        byte[] blob = tar().file("f", "x").bytes();
        Path dest = tmp.resolve("layers/abc");
        LayerException e = assertThrows(LayerException.class, () -> new LayerUnpacker(ops).unpackAtomically(
                new ByteArrayInputStream(blob), dest, UnpackOptions.flatten(false).withExpectedDigest("sha256:" + "0".repeat(64))));
        assertTrue(e.getMessage().contains("expected sha256:000"), e.getMessage());
        try (Stream<Path> s = Files.list(tmp.resolve("layers"))) {
            assertEquals(List.of(), s.toList(), "no final or temporary dir left");
        }
    }

    @Test
    void atomicUnpackRefusesExistingDir() throws IOException {
        Path dest = Files.createDirectories(tmp.resolve("layers/abc"));
        assertThrows(LayerException.class, () -> new LayerUnpacker(ops).unpackAtomically(
                new ByteArrayInputStream(tar().file("f", "x").bytes()), dest, UnpackOptions.flatten(false)));
        try (Stream<Path> s = Files.list(tmp.resolve("layers"))) {
            assertEquals(List.of(dest), s.toList());
        }
    }

    @Test
    void corruptBlobsFailCleanly() throws IOException {
        byte[] tar = tar().file("f", "x".repeat(10000)).bytes();
        byte[] gz = compress(tar, Compression.GZIP);
        byte[] random = new byte[5000];
        new Random(2).nextBytes(random);
        byte[] headerGarbage = tar.clone();
        for (int i = 100; i < 200; i++) {
            headerGarbage[i] = (byte) 0xff;
        }
        for (byte[] bad : List.of(java.util.Arrays.copyOf(gz, gz.length / 2), random, headerGarbage,
                java.util.Arrays.copyOf(tar, 2000))) {
            Path dest = tmp.resolve("l" + bad.length);
            assertThrows(LayerException.class, () -> new LayerUnpacker(ops).unpackAtomically(
                    new ByteArrayInputStream(bad), dest, UnpackOptions.flatten(false)));
            assertFalse(Files.exists(dest));
        }
    }

    @Test
    void keepsModesTimesAndSkipsDevicesWhenUnprivileged() throws IOException {
        byte[] layer = tar()
            .dir("tmp", e -> e.setMode(041777))
            .file("bin/su", "su", e -> { e.setMode(0104755); e.setModTime(1_000_000_000_000L); })
            .file("bin/sg", "sg", e -> e.setMode(0102711))
            .symlink("bin/link", "su")
            .hardlink("bin/su2", "bin/su")
            .node("dev/null", TarConstants.LF_CHR, 1, 3)
            .node("run/fifo", TarConstants.LF_FIFO, 0, 0)
            .dir("ro", e -> { e.setMode(040555); e.setModTime(1_100_000_000_000L); })
            .file("ro/f", "f", e -> e.setMode(0100400))
            .bytes();
        List<String> warnings = new ArrayList<>();
        FileSystemOps unprivileged = new UnprivilegedOps(ops);
        Path root = tmp.resolve("layer");
        new LayerUnpacker(unprivileged).unpackAtomically(new ByteArrayInputStream(layer), root,
                UnpackOptions.flatten(false).withWarnings(warnings::add));
        assertEquals(041777, mode(root.resolve("tmp")));
        assertEquals(0104755, mode(root.resolve("bin/su")));
        assertEquals(0102711, mode(root.resolve("bin/sg")));
        assertEquals(040555, mode(root.resolve("ro")));
        assertEquals(0100400, mode(root.resolve("ro/f")));
        assertEquals(1_000_000_000L, UpperEntry.read(root.resolve("bin/su")).orElseThrow().mtimeSeconds());
        assertEquals(1_100_000_000L, UpperEntry.read(root.resolve("ro")).orElseThrow().mtimeSeconds());
        assertEquals(UpperEntry.read(root.resolve("bin/su")).orElseThrow().ino(), UpperEntry.read(root.resolve("bin/su2")).orElseThrow().ino());
        assertEquals("su", Files.readSymbolicLink(root.resolve("bin/link")).toString());
        assertEquals(0010644, mode(root.resolve("run/fifo")));
        assertFalse(Files.exists(root.resolve("dev/null")));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("dev/null"), warnings.get(0));
    }

    private static int mode(Path p) throws IOException {
        return UpperEntry.read(p).orElseThrow().mode();
    }

    @Test
    @Tag("root")
    void unpacksGnuTarLayerWithOwnersDevicesAndXattrs() throws IOException, InterruptedException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.createDirectories(src.resolve("home/user"));
        Files.writeString(src.resolve("home/user/notes"), "n");
        Files.createDirectories(src.resolve("dev"));
        ops.mknod(src.resolve("dev/null"), FileSystemOps.NodeType.CHAR_DEVICE, 0666, 1, 3);
        ops.mknod(src.resolve("dev/loop0"), FileSystemOps.NodeType.BLOCK_DEVICE, 0660, 7, 0);
        ops.lchown(src.resolve("home/user/notes"), 1000, 1001);
        ops.lchown(src.resolve("home/user"), 1000, 1000);
        Files.createSymbolicLink(src.resolve("home/user/link"), Path.of("notes"));
        ops.lchown(src.resolve("home/user/link"), 1000, 1000);
        ops.setXattr(src.resolve("home/user/notes"), "user.tag", "v".getBytes());
        Path tarFile = tmp.resolve("layer.tar");
        Process tar = new ProcessBuilder("tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "-C", src.toString(),
                "-cf", tarFile.toString(), "home", "dev").inheritIO().start();
        assertEquals(0, tar.waitFor());
        Path out = tmp.resolve("out");
        try (var in = Files.newInputStream(tarFile)) {
            new LayerUnpacker(ops).unpackAtomically(in, out, UnpackOptions.overlay(true));
        }
        assertEquals(TreeSnapshot.of(src, true), TreeSnapshot.of(out, true));
        assertEquals("v", new String(ops.getXattr(out.resolve("home/user/notes"), "user.tag").orElseThrow()));
    }

    @Test
    @Tag("root")
    void fullDiskStopsWithClearErrorAndNoLayer() throws IOException, InterruptedException {
        Path mnt = Files.createDirectory(tmp.resolve("small"));
        assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString()).start().waitFor());
        try {
            byte[] zeros = new byte[64 * 1024 * 1024];
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (OutputStream z = new GZIPOutputStream(gz)) {
                z.write(tar().file("bomb", new String(zeros, java.nio.charset.StandardCharsets.ISO_8859_1)).bytes());
            }
            Path dest = mnt.resolve("layer");
            LayerException e = assertThrows(LayerException.class, () -> new LayerUnpacker(ops).unpackAtomically(
                    new ByteArrayInputStream(gz.toByteArray()), dest, UnpackOptions.overlay(true)));
            assertTrue(e.getMessage().contains("disk full"), e.getMessage());
            try (Stream<Path> s = Files.list(mnt)) {
                assertEquals(List.of(), s.toList());
            }
        } finally {
            assertEquals(0, new ProcessBuilder("umount", mnt.toString()).start().waitFor());
        }
    }
}
