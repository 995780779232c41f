package dev.jrun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.Digest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The init layer copies the image's /etc, holds empty mount points for the bound files, and leaves out links. */
class InitLayerTest {
    static final Digest TOP = Digest.parse("sha256:" + "ab".repeat(32));

    @TempDir
    Path root;

    LayerStore store() {
        return new LayerStore(new StorePaths(root.resolve("store")), new dev.jrun.linux.LinuxFileSystemOps());
    }

    @Test
    void emptyMountPointsUnderTheImagesEtc() throws Exception {
        Path top = Files.createDirectories(root.resolve("l2"));
        Path base = Files.createDirectories(root.resolve("l1/etc"));
        Files.writeString(base.resolve("hosts"), "image's hosts\n");
        Files.setAttribute(base, "unix:mode", 0750);
        Files.setLastModifiedTime(base, FileTime.fromMillis(1_000_000_000_000L));
        Files.createDirectories(root.resolve("store/layers"));
        Path init = store().initLayer(TOP, List.of(top, root.resolve("l1")));
        assertEquals(root.resolve("store/layers/" + TOP.hex() + "-init"), init);
        for (String f : List.of("hostname", "hosts", "resolv.conf")) {
            Path p = init.resolve("etc").resolve(f);
            assertTrue(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) == 0, f);
            assertEquals(0644, (int) Files.getAttribute(p, "unix:mode") & 07777, f);
        }
        assertEquals(0750, (int) Files.getAttribute(init.resolve("etc"), "unix:mode") & 07777);
        assertEquals(FileTime.fromMillis(1_000_000_000_000L), Files.getLastModifiedTime(init.resolve("etc")));
        // made once: a second call finds it
        assertEquals(init, store().initLayer(TOP, List.of()));
        try (var s = Files.list(root.resolve("store/layers"))) {
            assertEquals(List.of(init.getFileName().toString()), s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).toList(), "no temp dir left");
        }
    }

    @Test
    void linksAreLeftOutAndAnEtcLinkLeavesNoEtc() throws Exception {
        Path layer = Files.createDirectories(root.resolve("l1/etc"));
        Files.createSymbolicLink(layer.resolve("resolv.conf"), Path.of("/run/resolv.conf"));
        Files.createDirectories(root.resolve("store/layers"));
        Path init = store().initLayer(TOP, List.of(root.resolve("l1")));
        assertTrue(Files.exists(init.resolve("etc/hosts")) && Files.exists(init.resolve("etc/hostname")));
        assertFalse(Files.exists(init.resolve("etc/resolv.conf"), LinkOption.NOFOLLOW_LINKS));

        Digest other = Digest.parse("sha256:" + "cd".repeat(32));
        Path linked = Files.createDirectories(root.resolve("l3"));
        Files.createSymbolicLink(linked.resolve("etc"), Path.of("usr/etc"));
        Path empty = store().initLayer(other, List.of(linked));
        assertTrue(Files.isDirectory(empty));
        assertFalse(Files.exists(empty.resolve("etc"), LinkOption.NOFOLLOW_LINKS), "the image's /etc link stays visible");
    }

    /** A whiteout (the overlay's 0:0 character device) hides what lies below it: a link there does not count. */
    @Test
    void aWhiteoutHidesTheLinkBelowIt() throws Exception {
        Path base = Files.createDirectories(root.resolve("l1/etc"));
        Files.createSymbolicLink(base.resolve("hosts"), Path.of("/run/hosts"));
        Path top = Files.createDirectories(root.resolve("l2/etc"));
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mknod", top.resolve("hosts").toString(), "c", "0",
                "0").inheritIO().start().waitFor() == 0, "needs root (mknod)");
        Files.createDirectories(root.resolve("store/layers"));
        Path init = store().initLayer(TOP, List.of(root.resolve("l2"), root.resolve("l1")));
        assertTrue(Files.isRegularFile(init.resolve("etc/hosts"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aStackWithoutEtcGetsAPlainOne() throws Exception {
        Files.createDirectories(root.resolve("l1/bin"));
        Files.createDirectories(root.resolve("store/layers"));
        Path init = store().initLayer(TOP, List.of(root.resolve("l1")));
        assertEquals(0755, (int) Files.getAttribute(init.resolve("etc"), "unix:mode") & 07777);
        assertTrue(Files.exists(init.resolve("etc/hosts")));
    }

    @Test
    void pruneTakesTheInitLayerWithItsLayer() throws Exception {
        StorePaths paths = new StorePaths(root.resolve("store"));
        Digest keep = Digest.parse("sha256:" + "01".repeat(32));
        Files.createDirectories(paths.layer(keep));
        Files.createDirectories(paths.layers().resolve(keep.hex() + "-init/etc"));
        Files.createDirectories(paths.layer(TOP));
        Files.createDirectories(paths.layers().resolve(TOP.hex() + "-init/etc"));
        Files.createDirectories(paths.layers().resolve(TOP.hex() + "-init.tmp-999999"));
        assertEquals(3, LayerStore.prune(paths, Set.of(keep)));
        try (var s = Files.list(paths.layers())) {
            assertEquals(Set.of(keep.hex(), keep.hex() + "-init"), s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).collect(java.util.stream.Collectors.toSet()));
        }
    }
}
