package dev.jrun.store;

import dev.jrun.JrunException;
import dev.jrun.image.ChainId;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.layer.FileSystemOps;
import dev.jrun.layer.LayerUnpacker;
import dev.jrun.layer.UnpackOptions;
import dev.jrun.layer.UnpackResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Unpacked layers: {@code layers/<chainID>/}, each unpacked once (under a lock, into a temp dir that is
 * renamed when complete, so a directory that exists is whole) and then shared read-only by every image
 * and container stacked on it. Overlay whiteouts and opaque markers are written as the overlay driver
 * reads them.
 */
public final class LayerStore {
    private final StorePaths paths;
    private final BlobStore blobs;
    private final FileSystemOps ops;

    public LayerStore(StorePaths paths, FileSystemOps ops) {
        this.paths = paths;
        this.blobs = new BlobStore(paths);
        this.ops = ops;
    }

    /** The unpacked layer dirs of an image, base first; unpacks the ones missing. */
    public List<Path> ensure(Image img) {
        List<Digest> diffIds = img.config().diffIds();
        List<Digest> chain = ChainId.of(diffIds);
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            dirs.add(ensureOne(chain.get(i), diffIds.get(i), img.manifest().layers().get(i)));
        }
        return dirs;
    }

    /** The dirs of already unpacked layers by chain id, base first (for containers that record theirs). */
    public List<Path> dirs(List<Digest> chainIds) {
        List<Path> dirs = new ArrayList<>();
        for (Digest c : chainIds) {
            Path d = paths.layer(c);
            if (!Files.isDirectory(d)) {
                throw new JrunException("layer " + c + " is not unpacked in " + paths.layers()
                        + "; the image it belongs to may have been removed");
            }
            dirs.add(d);
        }
        return dirs;
    }

    private Path ensureOne(Digest chainId, Digest diffId, Descriptor blob) {
        Path dir = paths.layer(chainId);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(paths.layers());
        } catch (IOException e) {
            throw new JrunException("create " + paths.layers() + ": " + e.getMessage(), e);
        }
        try (StoreLock l = StoreLock.exclusive(lockFile(paths))) {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            FileTrees.deleteQuietly(dir);
            UnpackOptions opts = UnpackOptions.overlay(ops.privileged()).withExpectedDigest(blob.digest().toString());
            UnpackResult r;
            try (InputStream in = blobs.open(blob.digest())) {
                r = new LayerUnpacker(ops).unpackAtomically(in, dir, opts);
            } catch (IOException e) {
                throw new JrunException("read layer " + blob.digest() + ": " + e.getMessage(), e);
            }
            if (!diffId.toString().equals(r.diffId())) {
                FileTrees.deleteQuietly(dir);
                throw new JrunException("layer " + blob.digest() + " unpacks to diff id " + r.diffId()
                        + " but the image config says " + diffId);
            }
            return dir;
        }
    }

    /** One lock for unpacking and pruning, so prune never removes a layer being unpacked. */
    private static Path lockFile(StorePaths paths) {
        return paths.layers().resolve(".lock");
    }

    /** Deletes unpacked layers whose chain id is not in {@code keep}; returns how many went. */
    public static int prune(StorePaths paths, Set<Digest> keep) {
        if (!Files.isDirectory(paths.layers())) {
            return 0;
        }
        int removed = 0;
        try (StoreLock l = StoreLock.exclusive(lockFile(paths)); Stream<Path> s = Files.list(paths.layers())) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                boolean complete = name.matches("[0-9a-f]{64}");
                boolean staleTemp = name.matches("[0-9a-f]{64}\\.tmp-.*");
                if ((complete && !keep.contains(Digest.parse("sha256:" + name))) || staleTemp) {
                    FileTrees.delete(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new JrunException("list " + paths.layers() + ": " + e.getMessage(), e);
        }
        return removed;
    }
}
