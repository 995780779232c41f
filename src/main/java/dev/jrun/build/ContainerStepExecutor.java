package dev.jrun.build;

import dev.jrun.JrunException;
import dev.jrun.image.ChainId;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.store.BlobStore;
import dev.jrun.store.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * RUN in a container: the stage's layers, each unpacked once into the store's shared layer dirs,
 * become the lower dirs of an overlay with a fresh upper; the command runs there; the upper dir is
 * what the step changed. The kernel work (unpacking with whiteouts, mounting, launching) is the
 * {@link Kernel}'s, wired from {@code linux/} by the CLI, so this class stays testable without root.
 */
public final class ContainerStepExecutor implements StepExecutor {

    /** The primitives RUN needs from the host. */
    public interface Kernel {
        /** Why the kernel cannot run containers here, or null. */
        String unavailableReason();

        /** The unpacked, read-only directory of a layer (unpacking it first if needed). */
        Path layerDir(Descriptor layer, Digest chainId);

        /** The unpacked dirs of a layer stack, base first; by default one {@link #layerDir} each. */
        default List<Path> layerDirs(List<Descriptor> layers, List<Digest> diffIds) {
            List<Path> out = new ArrayList<>();
            List<Digest> chain = ChainId.of(diffIds);
            for (int i = 0; i < layers.size(); i++) {
                out.add(layerDir(layers.get(i), chain.get(i)));
            }
            return out;
        }

        void mountOverlay(List<Path> lowerTopFirst, Path upper, Path work, Path target);

        void unmount(Path target);

        /** Runs the request's command in {@code rootfs}; returns its exit code. */
        int run(RunRequest request, Path rootfs, String id, Consumer<String> output);

        /**
         * Files the launcher binds over the rootfs ({@code etc/hosts}...): created empty in the upper
         * dir when the image lacks them, they are removed again so they do not end up in the layer.
         */
        default List<String> mountPoints() {
            return List.of();
        }

        /** True if an upper dir's directory is overlay-opaque (its trusted.overlay.opaque xattr is "y"). */
        default boolean isOpaque(Path dir) {
            return false;
        }
    }

    private final Kernel kernel;
    private final BlobStore blobs;

    public ContainerStepExecutor(Kernel kernel, BlobStore blobs) {
        this.kernel = kernel;
        this.blobs = blobs;
    }

    @Override
    public String unavailableReason() {
        return kernel.unavailableReason();
    }

    @Override
    public RunResult run(RunRequest request, Consumer<String> output) {
        Path scratch = blobs.newTempDir("run-");
        boolean ok = false;
        try {
            List<Path> lowers = new ArrayList<>(kernel.layerDirs(request.layers(), request.diffIds()));
            java.util.Collections.reverse(lowers);
            if (lowers.isEmpty()) {
                lowers.add(Files.createDirectory(scratch.resolve("empty")));
            }
            Path upper = Files.createDirectory(scratch.resolve("upper"));
            Path work = Files.createDirectory(scratch.resolve("work"));
            Path rootfs = Files.createDirectory(scratch.resolve("rootfs"));
            kernel.mountOverlay(lowers, upper, work, rootfs);
            int code;
            try {
                code = kernel.run(request, rootfs, "build-" + scratch.getFileName(), output);
            } finally {
                kernel.unmount(rootfs);
            }
            dropMountPoints(upper, lowers);
            ok = true;
            return new RunResult(code, upper, scratch, kernel::isOpaque);
        } catch (IOException e) {
            throw new JrunException("prepare RUN container in " + scratch + ": " + e.getMessage(), e);
        } finally {
            if (!ok) {
                FileTrees.deleteQuietly(scratch);
            }
        }
    }

    private void dropMountPoints(Path upper, List<Path> lowers) throws IOException {
        for (String p : kernel.mountPoints()) {
            Path f = upper.resolve(p);
            if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(f) != 0) {
                continue;
            }
            boolean inImage = false;
            for (Path l : lowers) {
                inImage |= Files.exists(l.resolve(p), java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
            if (!inImage) {
                Files.delete(f);
            }
        }
    }
}
