package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import dev.jrun.linux.LinuxFileSystemOps;
import dev.jrun.linux.OverlayMounter;
import dev.jrun.store.FileTrees;
import dev.jrun.store.Image;
import dev.jrun.store.LayerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN's filesystem side on a real overlay (root): the stage's layers unpacked by the LayerStore as
 * lower dirs, a "command" that writes, deletes and replaces a directory through the mounted rootfs
 * (done here in Java instead of by the launcher), and the upper dir turned into a layer whose
 * whiteouts really delete in the final image.
 */
@Tag("root")
class OverlayRunLayerTest {
    @TempDir
    Path tmp;

    /** The host kernel's filesystem side; run() edits the merged rootfs directly. */
    static final class OverlayKernel implements ContainerStepExecutor.Kernel {
        private final BuildFixture f;
        private final LinuxFileSystemOps ops = new LinuxFileSystemOps();
        private final OverlayMounter mounter = new OverlayMounter();

        OverlayKernel(BuildFixture f) {
            this.f = f;
        }

        @Override
        public String unavailableReason() {
            return null;
        }

        @Override
        public Path layerDir(Descriptor layer, Digest chainId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Path> layerDirs(List<Descriptor> layers, List<Digest> diffIds) {
            ImageConfig cfg = new ImageConfig(null, null, "amd64", "linux", null, null, null,
                    ImageConfig.RootFs.layers(diffIds), List.of());
            Manifest m = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256("x"), 0), layers);
            return new LayerStore(f.store().paths(), ops).ensure(new Image(Digest.sha256("x"), 0, m, cfg, List.of()));
        }

        @Override
        public void mountOverlay(List<Path> lowerTopFirst, Path upper, Path work, Path target) {
            mounter.mount(lowerTopFirst, upper, work, target);
        }

        @Override
        public void unmount(Path target) {
            mounter.unmount(target);
        }

        @Override
        public int run(StepExecutor.RunRequest request, Path rootfs, String id, Consumer<String> output) {
            try {
                Files.delete(rootfs.resolve("etc/old.txt"));
                Files.writeString(rootfs.resolve("etc/new.txt"), "new\n");
                FileTrees.delete(rootfs.resolve("usr/lib"));
                Files.createDirectories(rootfs.resolve("usr/lib"));
                Files.writeString(rootfs.resolve("usr/lib/only.txt"), "only\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return 0;
        }

        @Override
        public boolean isOpaque(Path dir) {
            try {
                var v = ops.getXattr(dir, "trusted.overlay.opaque");
                return v.isPresent() && v.get().length == 1 && v.get()[0] == 'y';
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void deletionsAndReplacedDirectoriesBecomeWhiteouts() throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.write("keep.txt", "k");
        f.dockerfile("FROM base\nCOPY keep.txt /usr/lib/keep.txt\nRUN change things\n");
        Builder b = new Builder(f.store(), BuildProgress.quiet(), new ContainerStepExecutor(new OverlayKernel(f),
                f.store().blobs()));
        Image img = b.build(BuildOptions.of(f.context).withTags(List.of(ImageReference.parse("ran"))));
        Map<String, BuildFixture.Entry> run = f.layer(img, -1);
        assertTrue(run.containsKey("etc/.wh.old.txt"), run.keySet().toString());
        assertEquals("new\n", run.get("etc/new.txt").content());
        assertTrue(run.containsKey("usr/lib/.wh..wh..opq"), "the re-created dir hides what was below: " + run.keySet());
        assertEquals("only\n", run.get("usr/lib/only.txt").content());
        // the squashed image has the same final filesystem, with the deletion applied
        Image sq = b.build(BuildOptions.of(f.context).withSquash(true).withTags(List.of(ImageReference.parse("sq"))));
        Map<String, BuildFixture.Entry> merged = f.layer(sq, -1);
        assertFalse(merged.containsKey("usr/lib/keep.txt"), merged.keySet().toString());
        assertTrue(merged.containsKey("etc/.wh.old.txt"));
        assertTrue(merged.containsKey("usr/lib/only.txt"));
        try (var s = Files.list(f.root.resolve("tmp"))) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith("run-")).count());
        }
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString()), "nothing left mounted");
    }
}
