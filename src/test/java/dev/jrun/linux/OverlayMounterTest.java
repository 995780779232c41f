package dev.jrun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.layer.LayerUnpacker;
import dev.jrun.layer.UnpackOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayMounterTest {
    @TempDir
    Path tmp;

    @Test
    void optionStringIsRefusedWhenItWouldNotFitInAPage() {
        List<Path> few = List.of(Path.of("/l/1"), Path.of("/l/2"));
        assertEquals("lowerdir=/l/1:/l/2,upperdir=/u,workdir=/w",
                OverlayMounter.classicOptions(few, Path.of("/u"), Path.of("/w")));
        List<Path> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(Path.of("/var/lib/jrun/layers/" + "a".repeat(64) + i));
        }
        assertNull(OverlayMounter.classicOptions(many, Path.of("/u"), Path.of("/w")));
        assertNull(OverlayMounter.classicOptions(List.of(Path.of("/l/a:b")), null, null));
    }

    @Test
    @Tag("root")
    void unmountIfMountedSaysWhetherSomethingWasMounted() throws IOException {
        Path l1 = layer("l1", tar(e("f", "x")));
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        OverlayMounter mounter = new OverlayMounter();
        assertFalse(mounter.unmountIfMounted(root), "a plain directory");
        assertFalse(mounter.unmountIfMounted(tmp.resolve("missing")), "no such path");
        mounter.mount(List.of(l1), upper, work, root, true);
        assertEquals("x", Files.readString(root.resolve("f")));
        assertTrue(mounter.unmountIfMounted(root));
        assertFalse(Files.exists(root.resolve("f")), "unmounted");
        assertFalse(mounter.unmountIfMounted(root), "once only");
    }

    @Test
    @Tag("root")
    void topLayerDeletesAndReplacesFilesOfLowerOnes() throws IOException {
        Path l1 = layer("l1", tar(e("a/keep", "k"), e("a/del", "d"), e("b/old", "o"), e("c", "c1"), e("dir/x", "x")));
        Path l2 = layer("l2", tar(e("c", "c2"), e("a/new2", "n2")));
        Path l3 = layer("l3", tar(e("a/.wh.del", ""), e("b/.wh..wh..opq", ""), e("b/fresh", "f"),
                e("dir/.wh.x", ""), e("e", "e3")));
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        OverlayMounter mounter = new OverlayMounter();
        mounter.mount(List.of(l3, l2, l1), upper, work, root);
        try {
            assertEquals("k", Files.readString(root.resolve("a/keep")));
            assertFalse(Files.exists(root.resolve("a/del")), "whiteout hides a/del");
            assertEquals("n2", Files.readString(root.resolve("a/new2")));
            assertFalse(Files.exists(root.resolve("b/old")), "opaque dir hides b/old");
            assertEquals("f", Files.readString(root.resolve("b/fresh")));
            assertEquals("c2", Files.readString(root.resolve("c")));
            assertFalse(Files.exists(root.resolve("dir/x")));
            assertTrue(Files.isDirectory(root.resolve("dir")));
            assertEquals("e3", Files.readString(root.resolve("e")));

            Files.writeString(root.resolve("a/keep"), "changed");
            Files.delete(root.resolve("c"));
            Files.writeString(root.resolve("w"), "written");
            assertEquals("changed", Files.readString(root.resolve("a/keep")));
            assertFalse(Files.exists(root.resolve("c")));
        } finally {
            mounter.unmount(root);
        }
        assertEquals("k", Files.readString(l1.resolve("a/keep")));
        assertEquals("c1", Files.readString(l1.resolve("c")));
        assertEquals("c2", Files.readString(l2.resolve("c")));
        assertFalse(Files.exists(l3.resolve("w")));
        assertEquals("written", Files.readString(upper.resolve("w")));
        assertEquals("changed", Files.readString(upper.resolve("a/keep")));
        assertEquals(0, Files.list(root).count(), "mount point empty after unmount");
    }

    @Test
    @Tag("root")
    void sixtyLayersMount() throws IOException {
        manyLayers(60, "layers");
    }

    @Test
    @Tag("root")
    void hundredLayersWithLongPathsMount() throws IOException {
        manyLayers(100, "x".repeat(120) + "/" + "y".repeat(120));
    }

    @Test
    @Tag("root")
    void volatileUpperIsMountedVolatileOnBothMountPaths() throws IOException {
        // short paths: mount(2) with an option string; 70 long lower paths: the fsconfig path
        for (int count : new int[] {2, 70}) {
            String dirName = "v" + count + "/" + "z".repeat(count == 2 ? 1 : 200);
            List<Path> lowers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Path l = Files.createDirectories(tmp.resolve(dirName).resolve("l" + i));
                Files.writeString(l.resolve("f"), "layer " + i);
                lowers.add(0, l);
            }
            for (boolean vol : new boolean[] {true, false}) {
                Path base = Files.createDirectories(tmp.resolve("c" + count + vol));
                Path upper = Files.createDirectory(base.resolve("upper"));
                Path root = Files.createDirectory(base.resolve("rootfs"));
                OverlayMounter mounter = new OverlayMounter();
                mounter.mount(lowers, upper, Files.createDirectory(base.resolve("work")), root, vol);
                try {
                    String line = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                            .filter(x -> x.split(" ")[4].equals(root.toString())).findFirst().orElseThrow();
                    String superOptions = line.substring(line.lastIndexOf(' ') + 1);
                    // older kernels show "volatile", newer ones "fsync=volatile"
                    List<String> opts = List.of(superOptions.split(","));
                    assertEquals(vol, opts.contains("volatile") || opts.contains("fsync=volatile"), line);
                    assertEquals("layer " + (count - 1), Files.readString(root.resolve("f")));
                    Files.writeString(root.resolve("w"), "written");
                } finally {
                    mounter.unmount(root);
                }
                assertEquals("written", Files.readString(upper.resolve("w")), "the upper holds the write");
            }
        }
    }

    private void manyLayers(int count, String dirName) throws IOException {
        List<Path> lowers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path l = Files.createDirectories(tmp.resolve(dirName).resolve(String.format("%064d", i)));
            Files.writeString(l.resolve("f" + i), "layer " + i);
            Files.writeString(l.resolve("shared"), "layer " + i);
            lowers.add(0, l);
        }
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        OverlayMounter mounter = new OverlayMounter();
        mounter.mount(lowers, upper, work, root);
        try {
            for (int i = 0; i < count; i++) {
                assertEquals("layer " + i, Files.readString(root.resolve("f" + i)));
            }
            assertEquals("layer " + (count - 1), Files.readString(root.resolve("shared")), "top layer wins");
        } finally {
            mounter.unmount(root);
        }
    }

    private Path layer(String name, byte[] tar) throws IOException {
        Path dir = tmp.resolve(name);
        new LayerUnpacker(new LinuxFileSystemOps()).unpackAtomically(new ByteArrayInputStream(tar), dir,
                UnpackOptions.overlay(true));
        return dir;
    }

    private static String[] e(String name, String content) {
        return new String[] {name, content};
    }

    private static byte[] tar(String[]... files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (String[] f : files) {
                byte[] data = f[1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(f[0]);
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
