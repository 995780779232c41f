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
         * Runs with RUN --mount's mounts, each a tmpfs or a bind of a subpath of a host directory
         * (never of layers: the executor has mounted those). A kernel without mounts refuses them.
         */
        default int run(RunRequest request, Path rootfs, String id, List<StepExecutor.Mount> mounts,
                        Consumer<String> output) {
            if (!mounts.isEmpty()) {
                throw new JrunException("RUN --mount is not supported by this executor");
            }
            return run(request, rootfs, id, output);
        }

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
            List<Path> sources = new ArrayList<>();
            int code;
            try {
                List<StepExecutor.Mount> mounts = mountSources(request.mounts(), scratch, sources);
                code = kernel.run(request, rootfs, "build-" + scratch.getFileName(), mounts, output);
            } finally {
                kernel.unmount(rootfs);
                for (Path s : sources) {
                    kernel.unmount(s);
                }
            }
            dropMountPoints(upper, lowers);
            for (StepExecutor.Mount m : request.mounts()) {
                dropStub(upper, lowers, m.target().substring(1));
            }
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

    /**
     * Mounts the filesystem of each bind from layers (another stage, an image) on an overlay of its
     * own with a throwaway upper, so writes to a read-write bind vanish as in buildkit; records the
     * mount points in {@code mounted} for the caller to unmount.
     */
    private List<StepExecutor.Mount> mountSources(List<StepExecutor.Mount> mounts, Path scratch, List<Path> mounted)
            throws IOException {
        List<StepExecutor.Mount> out = new ArrayList<>();
        for (int i = 0; i < mounts.size(); i++) {
            StepExecutor.Mount m = mounts.get(i);
            if (m.layers().isEmpty()) {
                out.add(m);
                continue;
            }
            Path dir = Files.createDirectory(scratch.resolve("mount-" + i));
            List<Path> lowers = new ArrayList<>(kernel.layerDirs(m.layers(), m.diffIds()));
            java.util.Collections.reverse(lowers);
            Path root = Files.createDirectory(dir.resolve("rootfs"));
            kernel.mountOverlay(lowers, Files.createDirectory(dir.resolve("upper")),
                    Files.createDirectory(dir.resolve("work")), root);
            mounted.add(root);
            out.add(m.at(root));
        }
        return out;
    }

    /**
     * Removes the mount point the launcher created for a RUN --mount target (and the parents it
     * created), as buildkit removes its mount stubs: an empty directory or file in the upper dir that
     * no lower layer has.
     */
    private static void dropStub(Path upper, List<Path> lowers, String target) throws IOException {
        for (String p = target; !p.isEmpty(); p = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "") {
            Path f = upper.resolve(p);
            boolean emptyDir = Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) && isEmpty(f);
            boolean emptyFile = Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.size(f) == 0;
            if (!(emptyDir || emptyFile) || inLowers(lowers, p)) {
                return;
            }
            Files.delete(f);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static boolean inLowers(List<Path> lowers, String p) {
        for (Path l : lowers) {
            if (Files.exists(l.resolve(p), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
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
